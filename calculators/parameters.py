"""The engine's policy data: calculators/data/parameters.json, generated from policy/ by `python build.py data`.

Every policy number the calculators use comes from here; the code holds none.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from .numbers import parse_rational

Dated = TypeVar("Dated")

DATA_FILE = Path(__file__).resolve().parent / "data" / "parameters.json"
FORMAT = 1
# The parameters the calculators read; `python build.py data` refuses to write a file without any of them.
REQUIRED = ("land_min_area_mu", "m2_per_mu", "mu_per_hectare", "majority_share", "days_per_year")


class ParametersMissing(RuntimeError):
    """The generated parameters file is missing or unreadable: the engine cannot say anything without it."""


def load(path: Path | None = None) -> dict[str, Any]:
    """The whole parameters file; raises ParametersMissing naming the command that makes it."""
    return _load(path or DATA_FILE)


@cache
def _load(path: Path) -> dict[str, Any]:
    return read_generated(path, "计算器参数文件")


def read_generated(path: Path, noun: str) -> dict[str, Any]:
    """A JSON file `python build.py data` writes; ParametersMissing naming the command when absent or unreadable."""
    hint = "请先在项目根目录运行 `python build.py data` 生成它（run `python build.py data` first）"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParametersMissing(f"找不到{noun} {path}；{hint}") from None
    except (OSError, ValueError) as exc:
        raise ParametersMissing(f"{noun} {path} 无法读取（{exc}）；{hint}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ParametersMissing(f"{noun} {path} 的格式不是第 {FORMAT} 版；{hint}")
    return data


def notice_date() -> str:
    """The notice's date (ISO): rules and memberships are read as they stood on it."""
    return str(load()["notice_date"])


def parameter(name: str) -> dict[str, Any]:
    """One parameter's full record: description, unit, reference, values by date."""
    parameters: dict[str, dict[str, Any]] = load()["parameters"]
    if name not in parameters:
        raise ParametersMissing(f"参数 {name} 不在计算器参数文件中；请运行 `python build.py data` 重新生成")
    record: dict[str, Any] = parameters[name]
    return record


def text_at(name: str, date: str) -> str:
    """The parameter's value in force on `date` (ISO) as its exact text, e.g. "10000/15". The date is the caller's
    to name (the project's, or notice_date() where the notice's own values are meant): no default hides which."""
    entry = in_force(parameter(name)["values"], date)
    if entry is None:
        raise ParametersMissing(f"参数 {name} 在 {date} 没有生效的值")
    return str(entry["value"])


def in_force(dated: Mapping[str, Dated], date: str) -> Dated | None:
    """The entry in force on `date`: the one whose start date (an ISO key) is the latest not after it.

    The one reading of every dated value in policy/ (parameters, 山区26县 and 海岛县 membership); None before the
    first start date.
    """
    starts = [start for start in dated if start <= date]
    return dated[max(starts)] if starts else None


def value_at(name: str, date: str) -> Fraction:
    """The parameter's exact value in force on `date` (ISO)."""
    return parse_rational(text_at(name, date))


def regions() -> dict[str, Any]:
    """Zhejiang's county-level divisions and the dated groups (山区26县, 海岛县), as in policy/regions.yaml."""
    found: dict[str, Any] = load()["regions"]
    return found
