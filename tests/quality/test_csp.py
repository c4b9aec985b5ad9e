"""The Content-Security-Policy: present on every HTML file, strict, and every page type works under it."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sitegen import csp

from ._site import PAGE_TYPES, PageRecorder, calculator_types, html_files, page_file

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
EXECUTABLE = {None, "", "text/javascript", "application/javascript", "module"}


def directives(policy: str) -> dict[str, list[str]]:
    """Policy text → {directive: [sources]}."""
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def script_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_every_html_file_has_a_strict_policy_first_in_head(site_dir: Path) -> None:
    files = html_files(site_dir)
    assert len(files) > 10, "the built site has almost no HTML files"
    problems = []
    for file in files:
        name = file.relative_to(site_dir).as_posix()
        text = file.read_text(encoding="utf-8")
        metas = META.findall(text)
        if len(metas) != 1:
            problems.append(f"{name}: {len(metas)} CSP meta tags")
            continue
        head = lxml_html.fromstring(text).head
        first = [el for el in head if isinstance(el.tag, str)][:2]
        if [el.get("charset") or el.get("http-equiv") for el in first] != ["utf-8", "Content-Security-Policy"]:
            problems.append(f"{name}: the CSP is not right after <meta charset>")
        policy = directives(metas[0])
        script = policy.get("script-src", [])
        if "'unsafe-inline'" in script or "'unsafe-eval'" in script or "'self'" not in script:
            problems.append(f"{name}: script-src is not strict: {script}")
        runs_pyodide = name.startswith("calculators/") and name != "calculators/index.html"
        if ("'wasm-unsafe-eval'" in script) != runs_pyodide:
            problems.append(f"{name}: 'wasm-unsafe-eval' belongs on calculator pages and only there")
        for required in ("default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"):
            if required not in metas[0]:
                problems.append(f"{name}: missing {required}")
        if "'unsafe-inline'" in policy.get("style-src", []):
            problems.append(f"{name}: style-src allows 'unsafe-inline'")
    assert not problems, "\n".join(problems)


def test_inline_code_is_exactly_what_the_policy_admits(site_dir: Path) -> None:
    """Every inline script is hashed in its own page's policy, and nothing the page lacks is admitted."""
    problems = []
    for file in html_files(site_dir):
        name = file.relative_to(site_dir).as_posix()
        text = file.read_text(encoding="utf-8")
        match = META.search(text)
        if not match:
            continue  # reported by the test above
        admitted = {s for s in directives(match.group(1)).get("script-src", []) if s.startswith("'sha256-")}
        tree = lxml_html.fromstring(text)
        inline = {
            script_hash(s.text or "")
            for s in tree.iter("script")
            if s.get("src") is None and s.get("type") in EXECUTABLE
        }
        if inline != admitted:
            problems.append(f"{name}: unhashed {sorted(inline - admitted)}, stale {sorted(admitted - inline)}")
        handlers = [
            f"<{el.tag} {attr}>"
            for el in tree.iter()
            if isinstance(el.tag, str)
            for attr in el.attrib
            if attr.lower().startswith("on")
        ]
        scripted = [el.get("href") for el in tree.iter("a") if (el.get("href") or "").startswith("javascript:")]
        if handlers or scripted:
            problems.append(f"{name}: inline event handlers or javascript: links {handlers + scripted}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_runs_under_its_policy(name: str, site_dir: Path, visits) -> None:
    """No violation and no script error; on calculators a verdict, so the Pyodide worker ran under the policy."""
    assert page_file(site_dir, PAGE_TYPES[name]).exists(), f"{name}: /{PAGE_TYPES[name]} was not built"
    visit = visits.get(name)
    assert visit.violations == [], f"{name}: CSP violations"
    assert visit.page_errors == [], f"{name}: script errors"


@pytest.mark.parametrize("name", calculator_types())
def test_calculator_error_state_runs_under_its_policy(name: str, visits) -> None:
    visit = visits.get(name, state=1)
    assert (visit.violations, visit.page_errors) == ([], [])


def test_an_unhashed_inline_script_is_reported(site_dir: Path, base_url: str, page) -> None:
    """The gate can fail: a script the build did not hash is blocked and seen as a violation."""
    home = page_file(site_dir, "").read_text(encoding="utf-8")
    injected = home.replace("</body>", "<script>document.title = 'injected'</script></body>")
    page.route(f"{base_url}/", lambda route: route.fulfill(body=injected, content_type="text/html"))
    recorder = PageRecorder(page)
    recorder.visit(f"{base_url}/")
    assert page.title() != "injected"
    assert any("script-src" in v for v in recorder.violations())


def test_preview_policy_admits_the_live_reload_script(site_dir: Path, base_url: str, page) -> None:
    """build.py serve injects an inline script with a per-request timestamp; the preview policy lets it run."""
    home = page_file(site_dir, "").read_text(encoding="utf-8")
    previewed = csp.apply(home, "", preview=True)
    assert "'sha256-" not in previewed.split("script-src", 1)[1].split(";", 1)[0]
    served = previewed.replace("</body>", "<script>document.title = 'reloaded-1764200000'</script></body>")
    page.route(f"{base_url}/", lambda route: route.fulfill(body=served, content_type="text/html"))
    recorder = PageRecorder(page)
    recorder.visit(f"{base_url}/")
    assert page.title() == "reloaded-1764200000"
    assert recorder.violations() == []


def test_only_template_scripts_are_hashed_and_apply_is_idempotent() -> None:
    theme = (
        "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
        '(target.checked=target.name.startsWith("__tabbed_"))'
    )  # mkdocs-material's content.html
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><script>{theme}</script><script>alert(1)</script></body></html>"
    )
    once = csp.apply(page, "calculators/land/")
    assert script_hash(theme) in once and script_hash("alert(1)") not in once
    assert csp.apply(once, "calculators/land/") == once
    assert once.count("Content-Security-Policy") == 1
    assert "'wasm-unsafe-eval'" in once and "'wasm-unsafe-eval'" not in csp.apply(page, "clauses/clause-08/")
