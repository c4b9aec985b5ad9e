"""Chinese prose reads without a gap where its source wraps a line: Markdown turns a line break inside a paragraph
into a space, which shows in Chinese as a gap in the middle of a sentence (sitegen/han.py joins such lines)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

from sitegen.han import HAN

from ._site import html_files

# A source line break left between two Han characters (or their punctuation) inside one run of prose.
WRAPPED = re.compile(rf"{HAN}[ \t]*\n\s*{HAN}")
PROSE = "p", "li", "td", "th", "dd", "dt", "figcaption", "blockquote", "summary"


def test_no_page_shows_a_gap_where_its_source_wraps_a_chinese_line(site_dir: Path) -> None:
    gaps = []
    for file in html_files(site_dir):
        tree = lxml_html.fromstring(file.read_text(encoding="utf-8"))
        for run in tree.xpath(" | ".join(f"//{tag}/text()" for tag in PROSE)):
            gaps += [f"{file.relative_to(site_dir)}: …{found.group()!r}…" for found in WRAPPED.finditer(run)]
    assert not gaps, f"{len(gaps)} gaps mid-sentence, e.g.:\n" + "\n".join(gaps[:10])
