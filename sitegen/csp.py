"""The Content-Security-Policy meta tag every HTML page of the site carries.

Scripts run only from the site itself, plus the inline scripts the theme's templates wrote, each admitted by the
SHA-256 of its text (mkdocs-material emits a few); never `'unsafe-inline'` for scripts in site/. An inline script
that no template contains (e.g. markup that leaked from policy/ text into a page) is never hashed, so the browser
blocks it and tests/quality/test_csp.py reports it. Styles come from the site's stylesheets; the only style
attributes admitted are the column alignments of Markdown tables (`text-align: right;`), by hash. Calculator pages
(/calculators/…) also get `'wasm-unsafe-eval'`, which the Pyodide runtime needs to compile WebAssembly.

`apply(html, path)` is the one entry point: the MkDocs plugin (sitegen/plugin.py) calls it for every page, and any
code that writes standalone HTML (embeds, cards) may call it too; applying it twice gives the same result.
In preview (MkDocs' `serve` command, as `build.py serve` runs it: the plugin knows from `on_startup`) the policy
also admits MkDocs' live-reload script, an inline script whose text changes on every request and so cannot be
hashed; never for a built site/.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import material

# Script types a browser executes; anything else (application/json, ld+json …) is data and needs no hash.
_EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_META_RE = re.compile(r'\n?<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
_CHARSET_RE = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
_HEAD_RE = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
# Where inline scripts may legitimately come from: the theme's templates and the project's own.
TEMPLATE_DIRS = (
    Path(material.__file__).resolve().parent / "templates",
    Path(__file__).resolve().parents[1] / "templates",
)
_TEMPLATE_SCRIPT_RE = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*\stype=)[^>]*>(.*?)</script>", re.S | re.I)
_JINJA_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# The only style attributes admitted (by hash): the column alignment Markdown tables write.
_ALIGNMENT_RE = re.compile(r"text-align: (left|right|center);")
# What a template expression inside a script may render to: a path or URL, never code.
_RENDERED_VALUE = r"[\w./:#-]*"


class _InlineCollector(HTMLParser):
    """Collects the text of inline executable <script> and of <style> elements, as the browser sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.style_attributes: list[str] = []
        self._current: list[str] | None = None
        self._target: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: (value or "") for name, value in attrs}
        if "style" in values:
            self.style_attributes.append(values["style"])
        if tag == "script" and "src" not in values and values.get("type", "").strip().lower() in _EXECUTABLE_TYPES:
            self._current, self._target = [], self.scripts
        elif tag == "style":
            self._current, self._target = [], self.styles

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._current is not None and self._target is not None:
            self._target.append("".join(self._current))
            self._current = self._target = None


def _sha256(text: str) -> str:
    # Browsers normalise CRLF to LF before parsing, so the hash is over the normalised text.
    digest = hashlib.sha256(text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


@cache
def template_scripts() -> tuple[re.Pattern[str], ...]:
    """Every inline script of every template, as a pattern its rendered text must match in full."""
    patterns = set()
    for folder in TEMPLATE_DIRS:
        for file in sorted(folder.rglob("*")):
            if file.suffix in (".html", ".j2") and file.is_file():
                for body in _TEMPLATE_SCRIPT_RE.findall(file.read_text(encoding="utf-8")):
                    patterns.add(_RENDERED_VALUE.join(re.escape(part) for part in _JINJA_RE.split(body)))
    return tuple(re.compile(pattern, re.S) for pattern in sorted(patterns))


def from_template(script: str) -> bool:
    """True when a template wrote this inline script (only template values may differ)."""
    return any(pattern.fullmatch(script) for pattern in template_scripts())


def inline_hashes(html: str) -> tuple[list[str], list[str], list[str]]:
    """The CSP hash sources of the page's template-written inline scripts, of its <style> elements and of its
    table-alignment style attributes, each sorted and unique."""
    collector = _InlineCollector()
    collector.feed(html)
    collector.close()
    scripts = {_sha256(s) for s in collector.scripts if from_template(s)}
    alignments = {_sha256(a) for a in collector.style_attributes if _ALIGNMENT_RE.fullmatch(a)}
    return sorted(scripts), sorted({_sha256(s) for s in collector.styles}), sorted(alignments)


def is_calculator_path(path: str) -> bool:
    """True for a calculator page, calculators/NAME/…, the only pages that run Pyodide (not the list of them)."""
    parts = path.replace("\\", "/").strip("/").split("/")
    return len(parts) >= 2 and parts[0] == "calculators" and parts[1] != "index.html"


def policy(
    path: str,
    script_hashes: list[str],
    style_hashes: list[str],
    preview: bool = False,
    attribute_hashes: tuple[str, ...] | list[str] = (),
) -> str:
    """The policy text for one page: its site-relative path decides 'wasm-unsafe-eval'."""
    script = ["'self'"]
    if preview:
        # Live reload injects an inline script with a per-request timestamp: hashes cannot admit it, and
        # browsers ignore 'unsafe-inline' when any hash is present, so preview drops the hashes instead.
        script.append("'unsafe-inline'")
    else:
        script += script_hashes
    if is_calculator_path(path):
        script.append("'wasm-unsafe-eval'")
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", script),
        ("style-src", ["'self'", *style_hashes]),
        *([("style-src-attr", ["'unsafe-hashes'", *attribute_hashes])] if attribute_hashes else []),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(name + " " + " ".join(sources) for name, sources in directives)


def apply(html: str, path: str, preview: bool = False) -> str:
    """Return html with its CSP meta tag (replacing any earlier one), placed right after <meta charset>.

    path is the page's site-relative path or URL (e.g. "calculators/land/" or "embed/clause-08/index.html").
    preview: the policy of `build.py serve` (admits the live-reload script).
    """
    html = _META_RE.sub("", html)
    scripts, styles, alignments = inline_hashes(html)
    content = policy(path, scripts, styles, preview, alignments)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    charset = _CHARSET_RE.search(html)
    if charset:
        at = charset.end()
    else:
        head = _HEAD_RE.search(html)
        if head is None:
            raise ValueError(f"{path}: no <meta charset> or <head> to put the Content-Security-Policy after")
        at = head.end()
    return html[:at] + "\n" + meta + html[at:]


def apply_tree(site_dir: Path, preview: bool = False) -> int:
    """Apply the policy to every HTML file under site_dir; returns how many files were written."""
    count = 0
    for file in sorted(site_dir.rglob("*.html")):
        text = file.read_text(encoding="utf-8")
        updated = apply(text, file.relative_to(site_dir).as_posix(), preview)
        if updated != text:
            file.write_text(updated, encoding="utf-8")
            count += 1
    return count
