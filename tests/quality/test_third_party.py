"""Nothing is loaded from another origin: every request of every page type stays on the site's own origin."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from ._site import PAGE_TYPES, PageRecorder, calculator_name, html_files

# Elements and attributes that make the browser fetch something while showing the page (links do not).
LOADING = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("object", "data"),
    ("embed", "src"),
    ("input", "src"),
]
LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "preload",
    "modulepreload",
    "prefetch",
    "manifest",
    "preconnect",
    "dns-prefetch",
    "mask-icon",
}
CSS_REMOTE = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])((?:https?:)?//[^'\")\s]+)")


def _remote(url: str) -> bool:
    return url.strip().startswith(("http://", "https://", "//"))


def remote_loads(file: Path) -> list[str]:
    """Resources an HTML file would fetch from any absolute address (the site's own included: it must not)."""
    tree = lxml_html.fromstring(file.read_text(encoding="utf-8"))
    found = [value for tag, attr in LOADING for value in tree.xpath(f"//{tag}/@{attr}")]
    for link in tree.iter("link"):
        if LOADING_RELS & set((link.get("rel") or "").lower().split()):
            found.append(link.get("href") or "")
    return [url for url in found if any(_remote(part.split()[0]) for part in url.split(",") if part.strip())]


def test_no_page_fetches_from_an_absolute_address(site_dir: Path) -> None:
    """Every script, style, image, icon, font and frame is referenced by a relative URL, so it is self-hosted."""
    problems = {}
    for file in html_files(site_dir):
        found = remote_loads(file)
        if found:
            problems[file.relative_to(site_dir).as_posix()] = found
    for file in sorted(site_dir.rglob("*.css")):
        found = CSS_REMOTE.findall(file.read_text(encoding="utf-8"))
        if found:
            problems[file.relative_to(site_dir).as_posix()] = found
    assert not problems, "\n".join(f"{name}: {urls}" for name, urls in problems.items())


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_requests_only_its_own_origin(name: str, base_url: str, visits) -> None:
    visit = visits.get(name)
    origin = urlsplit(base_url).netloc
    recorded = [r for r in visit.requests if not r.startswith(("data:", "blob:"))]
    assert recorded, "no request recorded at all"
    if calculator_name(PAGE_TYPES[name]):
        # The worker's own downloads are seen too (so a foreign one would be).
        assert any(r.endswith(".wasm") for r in recorded), "the Pyodide runtime's requests were not seen"
    others = sorted({r for r in recorded if urlsplit(r).netloc != origin} | set(visit.foreign))
    assert others == [], f"{name}: requests to other origins"


def test_the_guard_sees_a_foreign_request(site_dir: Path, base_url: str, page) -> None:
    """The gate can fail: a page that loads an image from another origin is caught (CSP removed for the probe,
    since the policy alone would already block it)."""
    home = re.sub(
        r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", (site_dir / "index.html").read_text(encoding="utf-8")
    )
    planted = home.replace("</body>", '<img src="https://cdn.example.com/x.png" alt=""></body>')
    page.route(f"{base_url}/", lambda route: route.fulfill(body=planted, content_type="text/html"))
    page.route("https://cdn.example.com/**", lambda route: route.abort())
    recorder = PageRecorder(page)
    recorder.visit(f"{base_url}/")
    assert "https://cdn.example.com/x.png" in recorder.requests
