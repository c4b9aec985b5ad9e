"""No broken internal link or anchor anywhere in the built site; every section of it is covered by the gates."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html as lxml_html

from ._site import PAGE_TYPES, html_files, section

# Attributes that name another resource of the site (srcset is split separately).
LINK_ATTRIBUTES = ("href", "src", "action", "poster", "data")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
LOCAL_ORIGIN = "http://site.invalid/"


def site_origin(site_dir: Path) -> str:
    """The published address of the site (site_url), read from the home page's canonical link."""
    tree = lxml_html.fromstring((site_dir / "index.html").read_text(encoding="utf-8"))
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    assert canonical, "the home page has no canonical link, so absolute links to the site cannot be checked"
    return canonical[0]


@cache
def _anchors(file: Path) -> frozenset[str]:
    tree = lxml_html.fromstring(file.read_text(encoding="utf-8"))
    return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))


def _target(site_dir: Path, path: str) -> Path | None:
    """The file a URL path is served from, or None."""
    candidate = site_dir / unquote(path).lstrip("/")
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def _references(file: Path) -> list[str]:
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".css":
        return CSS_URL.findall(text)
    tree = lxml_html.fromstring(text)
    found = [value for attr in LINK_ATTRIBUTES for value in tree.xpath(f"//@{attr}")]
    for srcset in tree.xpath("//@srcset"):
        found += [part.split()[0] for part in srcset.split(",") if part.strip()]
    return found


def broken_references(site_dir: Path, file: Path, published: str) -> list[str]:
    """Every reference in one HTML or CSS file that does not resolve to a file (and anchor) of the site."""
    here = LOCAL_ORIGIN + file.relative_to(site_dir).as_posix()
    problems = []
    for reference in _references(file):
        reference = reference.strip()
        if reference.startswith(published):
            reference = LOCAL_ORIGIN + reference[len(published) :]
        absolute = urljoin(here, reference)
        if not absolute.startswith(LOCAL_ORIGIN):
            continue  # another site, mailto:, data:, blob: … (test_third_party checks nothing loads from them)
        parts = urlsplit(absolute)
        target = _target(site_dir, parts.path)
        if target is None:
            problems.append(f"{reference}: no such file")
        elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in _anchors(target):
            problems.append(f"{reference}: no anchor #{unquote(parts.fragment)} in {target.relative_to(site_dir)}")
    return problems


def test_no_broken_internal_link_or_anchor(site_dir: Path) -> None:
    published = site_origin(site_dir)
    files = html_files(site_dir) + sorted(site_dir.rglob("*.css"))
    problems = {}
    for file in files:
        broken = broken_references(site_dir, file, published)
        if broken:
            problems[file.relative_to(site_dir).as_posix()] = sorted(set(broken))
    report = "\n".join(f"{name}: {', '.join(items[:8])}" for name, items in problems.items())
    assert not problems, f"{len(problems)} files with broken references:\n{report}"


def test_the_link_check_sees_breakage(site_dir: Path, tmp_path: Path) -> None:
    """The checker can fail: a page with a dead link and a dead anchor is reported for both."""
    page = tmp_path / "probe" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!doctype html><html><head><title>p</title></head><body id="top">'
        '<a href="../no-such-page/">x</a><a href="#nowhere">y</a><a href="#top">z</a></body></html>'
    )
    (tmp_path / "index.html").write_text('<html><head><link rel="canonical" href="https://x.test/"></head></html>')
    assert broken_references(tmp_path, page, "https://x.test/") == [
        "../no-such-page/: no such file",
        "#nowhere: no anchor #nowhere in probe/index.html",
    ]


def test_every_section_has_a_page_type(site_dir: Path) -> None:
    """A new kind of page (a new top-level folder with HTML) must be added to the gates' PAGE_TYPES."""
    covered = {section(url) for url in PAGE_TYPES.values()}
    sections = {section(f.relative_to(site_dir).as_posix()) for f in html_files(site_dir)}
    assert sections - covered == set(), "sections with pages no gate visits: add them to tests/quality/_site.py"
