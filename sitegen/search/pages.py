"""The searchable text of a rendered page, cut into sections at its headings (h2, h3 with an id).

Only the page's own words: tooltips, the editor's 注N markers, buttons, navigation, scripts and anything marked
`data-search-exclude` are left out. Block elements end a line; table cells and chips (the topic and term
links) are separated by " · ", so that a snippet reads as Chinese text and never runs two cells together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..han import HAN
from ..urls import PATTERNS
from .index import Entry, entry

CELL_SEPARATOR = " · "
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "thead", "tr", "ul",
}  # fmt: skip
_SKIPPED = {"button", "nav", "script", "style", "svg", "template", "select", "textarea", "noscript"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SECTION_HEADINGS = {"h2", "h3"}
# A heading without an id takes the id of the section or article it opens (e.g. <section id="topic-land"><h2>).
_ANCHOR_HOLDERS = {"section", "article"}
# White space between two Han characters (or their punctuation): the HTML's own line breaks.
_SPACE_BETWEEN_HAN = re.compile(rf"(?<={HAN})\s+(?={HAN})")


@dataclass
class Section:
    """A stretch of a page under one heading."""

    heading: str = ""
    anchor: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def _excluded(tag: str, attrs: dict[str, str | None]) -> bool:
    classes = (attrs.get("class") or "").split()
    return (
        tag in _SKIPPED
        or "data-search-exclude" in attrs
        or attrs.get("role") == "tooltip"
        or attrs.get("aria-hidden") == "true"
        or "reading-mark" in classes
    )


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section()]
        self.line: list[str] = []
        self.skip = 0  # depth inside an excluded element
        self.heading: list[str] | None = None  # collecting a section heading's text
        self.cells = 0  # cells seen in the current table row
        self.holder = ""  # id of the section or article opened since the last heading

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if self.skip:
            self.skip += tag not in _VOID
            return
        if _excluded(tag, attrs):
            self.skip = int(tag not in _VOID)
            return
        if tag in _BLOCKS:
            self._end_line()
        classes = (attrs.get("class") or "").split()
        if any(c == "chip" or c.endswith("-chip") for c in classes) and "".join(self.line).strip():
            self.line.append(CELL_SEPARATOR)  # a row of chips (topics, terms) reads as a list, not one word
        if tag == "tr":
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.line.append(CELL_SEPARATOR)
            self.cells += 1
        if tag in _ANCHOR_HOLDERS and attrs.get("id"):
            self.holder = attrs["id"] or ""
        if tag in _SECTION_HEADINGS and (attrs.get("id") or self.holder):
            self.sections.append(Section(anchor=attrs.get("id") or self.holder))
            self.heading = []
            self.holder = ""

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= 1
            return
        if tag in _SECTION_HEADINGS and self.heading is not None:
            self.sections[-1].heading = _clean("".join(self.heading))
            self.heading = None
            self.line = []
            return
        if tag in _BLOCKS:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        (self.heading if self.heading is not None else self.line).append(data)

    def _end_line(self) -> None:
        text = _clean("".join(self.line))
        if text and self.heading is None:
            self.sections[-1].lines.append(text)
        if self.heading is None:
            self.line = []

    def close(self) -> None:
        super().close()
        self._end_line()


def _clean(text: str) -> str:
    """One line: runs of white space collapsed, none left between Han characters."""
    return _SPACE_BETWEEN_HAN.sub("", re.sub(r"\s+", " ", text)).strip(" ·")


def page_sections(html: str) -> list[Section]:
    """The page's sections with text, in order (the part before the first section heading first)."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return [s for s in parser.sections if s.lines]


def page_kind(url: str) -> str:
    """Calculator pages rank below the clauses they quote (see index.KIND_ORDER)."""
    return "calculator" if url.startswith(PATTERNS["calculator"].split("{")[0]) else "page"


def page_entries(url: str, title: str, html: str) -> list[Entry]:
    """One entry per section of a rendered page; one result per page (the group is the page)."""
    entries = []
    for section in page_sections(html):
        heading = f"{title} · {section.heading}" if section.heading and section.heading != title else title
        target = f"{url}#{section.anchor}" if section.anchor else url
        entries.append(entry(page_kind(url), url or "home", heading, target, section.text, keys=[section.heading]))
    return entries
