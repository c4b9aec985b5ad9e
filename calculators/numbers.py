"""Exact numbers: parse user input into Fractions, and format Fractions as decimal strings.

Verdicts compare exact Fractions; rounding (ROUND_HALF_UP) happens only when a figure is displayed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

# Bounds that keep arithmetic fast on any input; no real area or price comes near them.
MAX_MAGNITUDE = Fraction(10) ** 15
MAX_DECIMAL_PLACES = 12
MAX_TEXT_LENGTH = 4096  # longer numeric text is refused before it is parsed

# Display precision of each kind of figure (decimal places).
PCT_PLACES = 2
MU_PLACES = 4
AREA_PLACES = 2
PRICE_PLACES = 2

_NUMERIC_TEXT = re.compile(r"[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?(?:[eE][+-]?\d+)?|[+-]?\.\d+")


class NumberError(ValueError):
    """A value that is not an acceptable number; the message is Chinese and says what is expected."""


def parse_number(value: object) -> Fraction:
    """An exact Fraction from a JSON number, a Decimal, or numeric text such as "66,666.67" or "1e3".

    Rejects booleans, NaN and infinities, text that is not a number, and numbers beyond the bounds above.
    """
    if isinstance(value, bool):
        raise NumberError(f"应为数字，不能是 {'true' if value else 'false'}")
    if isinstance(value, int):
        exact = Fraction(value) if abs(value) <= MAX_MAGNITUDE else None
        if exact is None:
            raise NumberError("过大：最大为 10 的 15 次方")
        return exact
    if isinstance(value, float):
        # repr() gives the shortest text that reads back as this float: the number as the user typed it.
        return _from_decimal(Decimal(repr(value)) if value == value else Decimal("NaN"))
    if isinstance(value, Decimal):
        return _from_decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise NumberError("不能为空")
        if len(text) > MAX_TEXT_LENGTH:
            raise NumberError(f"过长：最多 {MAX_TEXT_LENGTH} 个字符")
        if not _NUMERIC_TEXT.fullmatch(text):
            raise NumberError(f"应为数字，“{_short(text)}”不是数字")
        return _from_decimal(Decimal(text.replace(",", "")))
    raise NumberError(f"应为数字，收到的是{type_name(value)}")


def _from_decimal(number: Decimal) -> Fraction:
    if not number.is_finite():
        raise NumberError("不能是 NaN 或无穷大")
    _, digit_tuple, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    digits = list(digit_tuple)
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:  # 1.500 has 1 decimal, not 3
        digits.pop()
        exponent += 1
    # Judge the size from the exponent first: Fraction(Decimal("1e999999999")) would take forever.
    if any(digits) and len(digits) + exponent > 16:
        raise NumberError("过大：最大为 10 的 15 次方")
    if any(digits) and exponent < -MAX_DECIMAL_PLACES:
        raise NumberError(f"小数位数过多：最多 {MAX_DECIMAL_PLACES} 位")
    exact = Fraction(number) if any(digits) else Fraction(0)
    if abs(exact) > MAX_MAGNITUDE:
        raise NumberError("过大：最大为 10 的 15 次方")
    return exact


def parse_rational(text: str) -> Fraction:
    """An exact Fraction from parameter text such as "100", "0.5" or "10000/15" (trusted build data)."""
    numerator, _, denominator = text.partition("/")
    return Fraction(Decimal(numerator)) / (Fraction(Decimal(denominator)) if denominator else 1)


def fixed(value: Fraction, places: int) -> str:
    """The value rounded half-up to a fixed number of decimal places, e.g. 2/3 → "0.67"."""
    with localcontext() as context:
        context.prec = 60
        quantum = Decimal(1).scaleb(-places)
        rounded = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, rounding=ROUND_HALF_UP)
    return str(rounded + 0) if rounded else str(abs(rounded))  # never "-0.00"


def exact_text(value: Fraction) -> str | None:
    """The exact decimal expansion when it terminates (e.g. 99.99999), else None."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    text = fixed(value, max(twos, fives))
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain(value: Fraction, places: int) -> str:
    """For echoing inputs and parameters: the exact text whenever it terminates (every decimal a user types does),
    rounded to `places` only when it does not (10000/15). The one rule for echoed figures: an echo is never rounded,
    so "6.66666666 公顷" is never shown as "6.666667 公顷" beside "折合 99.9999999 亩，少于 100 亩"."""
    exact = exact_text(value)
    if exact is not None:
        return exact
    return fixed(value, places)


def figure(value: Fraction, places: int, *thresholds: Fraction) -> str:
    """The value rounded half-up to `places` decimals, or to more where that would print a threshold it is not.

    The one precision rule for figures: 66,666.66 m² is "99.99999" 亩 beside a 100 亩 threshold, never "100.0000";
    a deviation of 0.001 % above the guidance is "0.001", never "0.00".
    """
    shown = places
    while shown < places + MAX_DECIMAL_PLACES and any(
        value != other and Fraction(Decimal(fixed(value, shown))) == other for other in thresholds
    ):
        shown += 1
    return fixed(value, shown)


def telling(value: Fraction, places: int, *thresholds: Fraction) -> str:
    """For messages: the exact value when it has at most `places` decimals, else `figure()` — so 99.99999 亩
    against 100 亩 reads "99.99999", never a misleading "100.0000"."""
    exact = exact_text(value)
    if exact is not None and len(exact.partition(".")[2]) <= places:
        return exact
    shown = figure(value, places, *thresholds)
    # More decimals were needed to tell it from a threshold: then the exact value, when it is short, reads best.
    return exact if exact is not None and len(shown.partition(".")[2]) > places else shown


def percent(part: Fraction, whole: Fraction) -> Fraction:
    """part / whole × 100, exactly."""
    return part * 100 / whole


def type_name(value: object) -> str:
    """A Chinese name for a JSON value's type, for error messages."""
    if value is None:
        return "空值 null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, (int, float, Decimal)):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "数组"
    if isinstance(value, dict):
        return "对象"
    return type(value).__name__


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


__all__ = [
    "AREA_PLACES",
    "MU_PLACES",
    "PCT_PLACES",
    "PRICE_PLACES",
    "InvalidOperation",
    "NumberError",
    "exact_text",
    "figure",
    "fixed",
    "parse_number",
    "parse_rational",
    "percent",
    "plain",
    "telling",
    "type_name",
]
