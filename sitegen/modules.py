"""The site's browser modules: which ones a page's script imports (read from their static imports, so that the page
can ask for all of them at once with `<link rel="modulepreload">`), and, after the build, their versioned URLs."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path, PurePosixPath

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"

# `import … from "./x.js"` and `import "./x.js"`: relative specifiers only (the site loads nothing else).
IMPORT_HEAD = r"""^\s*import\s+(?:[^'"]*?\s+from\s+)?"""
IMPORT = re.compile(IMPORT_HEAD + r"""["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)


@cache
def module_imports(entry: str) -> tuple[str, ...]:
    """Every module `entry` (a path under docs/, e.g. "assets/calculators/calculator.js") imports, directly or not,
    in the order found; the entry itself is not listed."""
    found: list[str] = []
    pending = [entry]
    while pending:
        path = PurePosixPath(pending.pop(0))
        for specifier in IMPORT.findall((DOCS_DIR / path).read_text(encoding="utf-8")):
            target = posixpath.normpath(f"{path.parent}/{specifier}")
            if target not in found and target != entry:
                found.append(target)
                pending.append(target)
    return tuple(found)


# Post-build: the engine pages' modules and the worker get a version in every URL that names them
# (`engine.js?v=<hash>`), so the calculators' service worker may serve them from its cache without asking the
# host (a warm start otherwise waits one round trip per script: boot.js → engine.js → worker.mjs). So do the site's
# style sheets and the theme's scripts, which every page waits for: the service worker and deploy/'s nginx keep a
# versioned URL for good, so a second visit on a slow link asks the host for none of them. The pages, always
# revalidated, name the current versions, so a redeploy still runs the new scripts and styles at once.
VERSIONED_DIRS = ("assets/calculators", "assets/selfcheck", "calculators", "assets/stylesheets", "assets/javascripts")
VERSIONED_SUFFIXES = (".js", ".mjs", ".css")
# A version is this many hex digits; the service worker and deploy/'s nginx recognise `?v=` and exactly these.
VERSION_DIGITS = 12
# A module's relative references: static imports and `new URL("./x.js", import.meta.url)` (the worker's address);
# a page's: <script src> and <link href> (scripts and style sheets).
REFERENCE = re.compile(
    rf"""(?P<head>{IMPORT_HEAD}|new\ URL\(\s*)"""
    r"""(?P<quote>["'])(?P<path>\.{1,2}/[^"'?]+\.m?js)(?P=quote)""",
    re.MULTILINE,
)
PAGE_REFERENCE = re.compile(r"""(?P<head>\b(?:src|href)=)(?P<quote>")(?P<path>[^"?#:]+\.(?:m?js|css))(?P=quote)""")


def module_version(path: Path) -> str:
    """A file's version: the start of a hash of its bytes as served (after its own references were versioned)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:VERSION_DIGITS]


def versioned_files(site: Path) -> list[Path]:
    """The site's versioned modules and style sheets (site-relative)."""
    return sorted(
        p.relative_to(site)
        for folder in VERSIONED_DIRS
        for p in (site / folder).glob("*")
        if p.suffix in VERSIONED_SUFFIXES and p.name != "sw.js"  # the service worker's own address is fixed
    )


def _with_versions(text: str, folder: str, pattern: re.Pattern[str], version_of: Callable[[str], str | None]) -> str:
    """text with `?v=<version>` after each reference (resolved from folder) that version_of knows."""

    def add(match: re.Match[str]) -> str:
        version = version_of(posixpath.normpath(f"{folder}/{match['path']}"))
        return (
            match[0]
            if version is None
            else f"{match['head']}{match['quote']}{match['path']}?v={version}{match['quote']}"
        )

    return pattern.sub(add, text)


def version_modules(site: Path) -> None:
    """Version the references between the modules (leaves first: a version covers what the file imports) and
    then the pages' <script src> and <link rel="modulepreload" href>."""
    files = {rel.as_posix() for rel in versioned_files(site)}
    done: dict[str, str] = {}

    def version(rel: str, seen: tuple[str, ...] = ()) -> str:
        if rel not in done:
            if rel in seen:
                raise RuntimeError(f"{rel}: modules import each other in a cycle ({' → '.join(seen)})")
            path = site / rel
            text = _with_versions(
                path.read_text(encoding="utf-8"),
                posixpath.dirname(rel),
                REFERENCE,
                lambda target: version(target, (*seen, rel)) if target in files else None,
            )
            path.write_text(text, encoding="utf-8")
            done[rel] = module_version(path)
        return done[rel]

    for rel in sorted(files):
        version(rel)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _with_versions(text, page.parent.relative_to(site).as_posix(), PAGE_REFERENCE, done.get)
        if new != text:
            page.write_text(new, encoding="utf-8")
