"""Han characters in the site's text: the one home for their character class (with CJK and full-width
punctuation), and the joining of Chinese lines that a Markdown source wraps.

Markdown turns a line break inside a paragraph into a space, which English needs and Chinese shows as a gap in
the middle of a sentence; the hand-written pages wrap their Chinese prose at 120 characters.
"""

from __future__ import annotations

import re

HAN = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"

_WRAPPED = re.compile(rf"(?<={HAN})\n[ \t]*(?={HAN})")
_FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.MULTILINE | re.DOTALL)


def join_wrapped_lines(markdown: str) -> str:
    """Join the lines a Han character ends and another begins (a wrapped sentence), outside fenced code."""
    parts, at = [], 0
    for fence in _FENCED.finditer(markdown):
        parts += [_WRAPPED.sub("", markdown[at : fence.start()]), fence.group()]
        at = fence.end()
    return "".join([*parts, _WRAPPED.sub("", markdown[at:])])
