"""How the notice writes numbers and dates in Chinese: the one home for both.

The engine cites clauses as 第（八）条 and the build checks, links and prints clause numbers and dates the same
way, so both read them from here (sitegen may import calculators; the engine never imports sitegen).
"""

from __future__ import annotations

import re

DIGITS = "一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六, 20 → 二十, 23 → 二十三: the numerals of the notice's clauses and sections (1–99)."""
    if not 1 <= number <= 99:
        raise ValueError(f"no Chinese numeral for {number}: the notice numbers from 1 to 99 at most")
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else "十" if tens == 1 else DIGITS[tens - 1] + "十"
    return head + (DIGITS[ones - 1] if ones else "")


# Every numeral chinese_numeral() writes, read back: 十六 → 16.
_VALUES = {chinese_numeral(number): number for number in range(1, 100)}


def numeral_value(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十六 → 16; None for anything chinese_numeral() would not have written (一十, 十十, 2)."""
    return _VALUES.get(numeral)


def clause_label(number: int) -> str:
    """The way the notice's readers cite a clause: 8 → 第（八）条."""
    return f"第（{chinese_numeral(number)}）条"


def chinese_date(iso: str) -> str:
    """2022-06-01 → 2022年6月1日, as the notice dates itself; text that is not an ISO date is returned unchanged."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{int(year)}年{int(month)}月{int(day)}日"


DATE_FORMS = "2022-06-01、2022/6/1、2022.6.1 或 2022年6月1日"
_DATE = re.compile(r"(\d{4})\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?|([-/.])(\d{1,2})\4(\d{1,2}))")


def iso_date(text: str) -> str:
    """A date as people write it (2022-6-1, 2022/6/1, 2022.6.1, 2022年6月1日) → 2022-06-01.

    Raises ValueError saying which forms are accepted: the command line and the browser read dates alike.
    """
    from datetime import date

    match = _DATE.fullmatch(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = match.group(1), match.group(2) or match.group(5), match.group(3) or match.group(6)
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        raise ValueError(f"“{text[:20]}”不是有效日期；可写作 {DATE_FORMS}") from None
