"""Trace the texts in policy/ back to the transcription, character for character.

The only changes allowed between the transcription and the texts published here are the layout repairs
listed in notice.yaml (`layout_repairs`: page breaks that split a line). So the check is:

1. take the source file as it is and apply each layout repair (each must match exactly once, so a repair can
   never silently change some other passage);
2. then a clause is traceable when one line of the repaired source is exactly its `source_label`, at most one
   space (as in "(六) 各地…"), and its `text` — nothing dropped, added or changed, not even a space;
3. and the preamble and the title as transcribed are each exactly one line's content (the title after "## ").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import LayoutRepair

_LABEL = re.compile(r"^[（(][一二三四五六七八九十]+[）)] ?")


def apply_repairs(source: str, repairs: Iterable[LayoutRepair]) -> tuple[str, list[tuple[int, str]]]:
    """The source with every repair applied, and (repair index, message) for each repair that does not fit."""
    problems: list[tuple[int, str]] = []
    for index, repair in enumerate(repairs):
        count = source.count(repair.as_transcribed)
        if count != 1:
            problems.append(
                (
                    index,
                    f"must occur exactly once in the source text, found {count} times; "
                    "a layout repair may only join one page break",
                )
            )
            continue
        if repair.as_transcribed.replace("\n", "") != repair.repaired:
            problems.append(
                (
                    index,
                    "a layout repair may only remove line breaks: `repaired` must be "
                    "`as_transcribed` without its newlines",
                )
            )
            continue
        source = source.replace(repair.as_transcribed, repair.repaired)
    return source, problems


def source_lines(repaired_source: str) -> list[str]:
    """The repaired source's lines, without trailing spaces (Markdown's two-space line breaks)."""
    return [line.rstrip() for line in repaired_source.splitlines()]


def clause_is_traceable(lines: list[str], source_label: str, text: str) -> bool:
    """True when a line is exactly the label, at most one space, and the clause text."""
    return any(line in (source_label + text, f"{source_label} {text}") for line in lines)


def line_is_present(lines: list[str], text: str, prefix: str = "") -> bool:
    """True when some line is exactly `prefix` + `text` (e.g. the title after its Markdown "## ")."""
    return any(line == prefix + text for line in lines)


def divergence(lines: list[str], text: str) -> str:
    """Where `text` parts from the source line it matches longest, in a few characters each side."""

    def body(line: str) -> str:
        return _LABEL.sub("", line)

    def shared(candidate: str) -> int:
        n = 0
        while n < min(len(candidate), len(text)) and candidate[n] == text[n]:
            n += 1
        return n

    best = max((body(line) for line in lines), key=shared, default="")
    n = shared(best)
    if n == len(text) == len(best):
        return "the text is in the source, but not after this label"
    return (
        f"they part at character {n + 1}: the data has {text[max(0, n - 6) : n + 6]!r} "
        f"where the source has {best[max(0, n - 6) : n + 6]!r}"
    )
