"""Chinese numerals and dates (calculators/chinese.py): the one home the engine, the checks and the pages share."""

from __future__ import annotations

import pytest

from calculators.chinese import chinese_date, chinese_numeral, clause_label, numeral_value


def test_numerals_as_the_notice_writes_them() -> None:
    assert [chinese_numeral(n) for n in (1, 5, 9, 10, 11, 16, 20, 23, 99)] == [
        "一", "五", "九", "十", "十一", "十六", "二十", "二十三", "九十九",
    ]  # fmt: skip


def test_every_numeral_reads_back_to_its_number() -> None:
    assert all(numeral_value(chinese_numeral(n)) == n for n in range(1, 100))


@pytest.mark.parametrize("text", ["", "零", "一十", "十十", "二十十", "百", "8", "（八）"])
def test_text_that_is_not_such_a_numeral_has_no_value(text: str) -> None:
    assert numeral_value(text) is None


@pytest.mark.parametrize("number", [0, -1, 100])
def test_no_numeral_outside_one_to_ninety_nine(number: int) -> None:
    with pytest.raises(ValueError):
        chinese_numeral(number)


def test_clause_label_is_the_citation_form() -> None:
    assert [clause_label(n) for n in (1, 8, 10, 16)] == ["第（一）条", "第（八）条", "第（十）条", "第（十六）条"]


def test_dates_read_as_the_notice_dates_itself() -> None:
    assert chinese_date("2022-06-01") == "2022年6月1日"
    assert chinese_date("2024-12-31") == "2024年12月31日"
    assert chinese_date("") == "" and chinese_date("2022年") == "2022年"  # not an ISO date: unchanged
