"""JSON text in, JSON answer out, for any text whatsoever: the shared core of the command line and the browser.

Numbers are parsed exactly (decimals as Decimal, never float); NaN, Infinity, duplicate keys, absurd nesting
and oversized input all become a clean Chinese error instead of an exception.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from . import ParametersMissing, invalid, registry, run
from .inputs import error

MAX_INPUT_CHARS = 2_000_000
EXIT_VERDICT, EXIT_INTERNAL, EXIT_INVALID = 0, 1, 2


class _BadJson(ValueError):
    pass


def parse(text: str) -> tuple[Any, dict[str, Any] | None]:
    """The JSON value in `text`, or None and an error answer saying what is wrong."""
    if len(text) > MAX_INPUT_CHARS:
        return None, invalid([error("", f"输入过大（{len(text)} 个字符）：最多 {MAX_INPUT_CHARS} 个字符")])
    try:
        return json.loads(
            text, parse_float=Decimal, parse_int=_integer, parse_constant=_constant, object_pairs_hook=_no_duplicates
        ), None
    except _BadJson as exc:
        return None, invalid([error("", f"输入不是有效的 JSON：{exc}")])
    except json.JSONDecodeError as exc:
        return None, invalid(
            [
                error(
                    "",
                    f"输入不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列：{exc.msg}）；"
                    f'请输入一个 JSON 对象，例如 {{"area": 100, "unit": "mu", "county": "淳安县"}}',
                )
            ]
        )
    except RecursionError:
        return None, invalid([error("", "输入的 JSON 嵌套层数过多；请输入一个简单的 JSON 对象")])


def answer(name: str, text: str) -> tuple[dict[str, Any], int]:
    """Run calculator `name` on JSON text: the answer and the command line's exit status (0, 1 or 2)."""
    if name not in registry.calculators():
        return run(name, {}), EXIT_INVALID
    payload, problem = parse(text)
    if problem is not None:
        return problem, EXIT_INVALID
    return guarded(name, payload)


def guarded(name: str, payload: Any) -> tuple[dict[str, Any], int]:
    """run(), with a missing parameters file or an engine bug turned into an error answer (exit 1)."""
    try:
        result = run(name, payload)
    except ParametersMissing as exc:
        return invalid([error("", str(exc))]), EXIT_INTERNAL
    except RecursionError:
        return invalid([error("", "输入嵌套层数过多")]), EXIT_INVALID
    except Exception as exc:  # the contract is an answer for any input, never a traceback
        return invalid(
            [error("", f"计算器内部错误（{type(exc).__name__}），请向网站维护者报告这组输入")]
        ), EXIT_INTERNAL
    return result, EXIT_INVALID if result["status"] == "error" else EXIT_VERDICT


def dumps(data: Any) -> str:
    """Compact, readable JSON text (Chinese kept as is)."""
    return json.dumps(data, ensure_ascii=False)


def _integer(text: str) -> int | Decimal:
    # Python refuses to make ints of more than 4300 digits; Decimal keeps them for a clean "too large" message.
    return int(text) if len(text) <= 30 else Decimal(text)


def _constant(name: str) -> Any:
    raise _BadJson(f"不接受 {name}；请输入有限的数字")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _BadJson(f"字段“{key[:40]}”出现了两次；每个字段只写一次")
        data[key] = value
    return data
