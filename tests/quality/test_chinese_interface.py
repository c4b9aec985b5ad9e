"""A Chinese interface: no English or code word a reader sees, outside the pages about code and data and the names
of formats and products readers meet in English anyway (the visible text is recorded by the shared visits)."""

from __future__ import annotations

import re

from ._site import PAGE_TYPES

# Pages that are about code and data (formats, measurements): English technical names belong there.
# Pages about how the site is made and tested, where standards, formats and browser features go by their names:
# findings (the 结论代码 reference), about (fonts, what the browser keeps), accessibility (WCAG, GB/T, NVDA).
CODE_AND_DATA_PAGES = {"data", "performance", "quality", "findings", "about", "accessibility"}
# Names of formats, products and keys that Chinese readers meet in English anyway.
ALLOWED_WORDS = {"JSON", "CSV", "SVG", "XML", "PDF", "QR", "A4", "A5", "Excel", "WPS", "Ctrl", "Mac", "V", "P", "MB"}
ALLOWED_WORDS |= {"MkDocs", "Material", "for", "Martin", "Donath", "Pyodide", "JavaScript", "Chromium"}
ALLOWED_WORDS |= {"KB", "PNG", "PPTX", "PowerPoint"}  # the trainers' downloads: format, size, program
ALLOWED_WORDS |= {"Atom"}  # the 变更记录 feed's format, named where it is offered, as JSON and CSV are


def _english_words(text: str) -> set[str]:
    text = re.sub(r"(?<=/) (?=[A-Za-z0-9./-])", "", text)  # an address broken for wrapping (<wbr>) is one address
    text = re.sub(r"(https?://|[\w-]+\.example\.org)\S*", " ", text)  # addresses are addresses
    text = re.sub(r"核对码\s*[A-Z0-9-]+", " ", text)  # the printed report's check code (a reader copies it as it is)
    # "可信度为 M" names a confidence level the way 关于本站 explains it (H 已核实, M 部分核实, L 未核实).
    text = re.sub(r"可信度为? ?[HML](?![A-Za-z])", " ", text)
    return set(re.findall(r"[A-Za-z][A-Za-z0-9_.\-]*", text)) - ALLOWED_WORDS


def test_no_english_code_words_in_visible_text(visits) -> None:
    """Every page type as a reader first sees it (calculators with their example's verdict), from the one visit the
    quality gates share."""
    found = {}
    for name in PAGE_TYPES:
        if name in CODE_AND_DATA_PAGES:
            continue
        if words := _english_words(visits.get(name).text):
            found[name] = sorted(words)
    assert not found, f"English or code words a reader sees: {found}"


def test_english_word_check_catches_codes() -> None:
    assert _english_words("企业占比口径 count（count 按企业数）") == {"count"}
    assert _english_words("等级 M；见 https://x.example.org/clauses/clause-08/") == {"M"}
    assert not _english_words("名单的可信度为 M：请以当地口径为准")
    assert not _english_words("导出为 JSON 文件，纸张选 A4")
    assert not _english_words("核对码 SRRS-2HL2 见 https:/ / x.example.org/ clauses/ clause-01/")
