"""Wherever the data quotes the notice (第（X）条：“…”), the quotation is the transcribed text, character for character.

Readers take a quotation as the notice's own words; a quotation silently corrected (e.g. 小微企业园项目 for the
transcribed 小微企业的项目) would contradict the verbatim text shown on the clause page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.loading.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
QUOTATION = re.compile(r"第(（[一二三四五六七八九十]+）)条[：:]?“([^”]+)”")


def quotations() -> list[tuple[str, str, str]]:
    """(file, clause label, quoted text) for every quotation in policy/ and the calculators' texts."""
    found = []
    files = [
        *sorted((ROOT / "policy").rglob("*.yaml")),
        *sorted((ROOT / "calculators").glob("*.py")),
        *sorted((ROOT / "templates").rglob("*.yaml")),
    ]
    for path in files:
        for label, quoted in QUOTATION.findall(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), label, quoted))
    return found


def test_the_data_quotes_the_notice_somewhere() -> None:
    assert len(quotations()) >= 2, "the parameters quote clauses (一) and (九); the pattern no longer finds them"


@pytest.mark.parametrize(("file", "label", "quoted"), quotations())
def test_each_quotation_is_verbatim(file: str, label: str, quoted: str) -> None:
    clause = next(c for c in load_policy().clauses if c.label == label)
    assert quoted in clause.text, f"{file} quotes {label} as “{quoted}”, which is not in the transcribed text"
