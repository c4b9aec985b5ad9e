"""`far` — clause (四): the floor-area ratio (容积率) of a park, checked against the bounds its land grant sets.

The notice sets no 容积率 figure: clause (四) only 倡导 intensive land use and 鼓励 a higher ratio, so nothing here
is ever 不符合 of clause (四). The lower and upper bounds come from the land grant or the planning conditions the
user reads them from: a ratio beyond one is "outside" (超出所填限值), naming that source, with basis "document";
without bounds the answer says the notice sets no 容积率 figure (not_applicable: nothing to check against).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cache
from typing import Any

from . import land, parameters
from .chinese import clause_label
from .findings import Finding, verdict
from .inputs import Errors, Field, error, floor_area
from .numbers import AREA_PLACES, exact_text, fixed, plain, telling
from .registry import Code, Figure

NAME = "far"
TITLE = "容积率自查"
ORDER = 40
IN_PLAN = True
CLAUSE = 4
CLAUSES = (CLAUSE,)
CITED = clause_label(CLAUSE)  # 第（四）条
ENCOURAGED = "倡导集约用地，鼓励建设多层标准厂房，提高建筑容积率"  # the notice's words, verbatim
SUMMARY = (
    f"计算园区的容积率（计容建筑面积 ÷ 用地面积；{CITED}只是鼓励提高容积率，未规定数值），"
    "并与您填写的规划条件或土地出让合同规定的上下限核对。"
)
EXAMPLE: dict[str, Any] = {"area": 100, "unit": "mu", "floor_area": 100000, "min_far": "1.2", "max_far": "3"}
FAR_PLACES = 2
FIGURES: dict[str, Figure] = {
    "far": Figure("容积率", "计容建筑面积 ÷ 用地面积；显示 2 位小数，接近上下限时多显示几位，不会显示成与上下限相等"),
    "far_exact": Figure("容积率（精确值）", "有限小数时给出精确值，判断按精确值进行"),
    "land_area_m2": Figure("用地面积（平方米）", "按所选单位精确换算"),
    "floor_area_m2": Figure("计容建筑面积（平方米）", "您填写的数值"),
    "min_far": Figure("容积率下限", "您填写的规划条件或土地出让合同（不是通知的规定）"),
    "max_far": Figure("容积率上限", "您填写的规划条件或土地出让合同（不是通知的规定）"),
}
_BOUND_HELP = "土地出让合同或规划条件规定的容积率{}（通知本身未规定容积率数值）；没有规定时不填。"

# The finding codes this calculator can emit: code → what it means, and the params it carries.
CODES: dict[str, Code] = {
    "far.bounds.not_given": Code(
        "通知未规定容积率数值，也未填写规划条件或土地出让合同的上下限：无可核对的限值", ("far",)
    ),
    "far.min.meets": Code("容积率不低于所填规划条件（土地出让合同）的下限", ("far", "limit")),
    "far.min.below": Code("容积率低于所填规划条件（土地出让合同）的下限（不是通知的规定）", ("far", "limit")),
    "far.max.meets": Code("容积率不高于所填规划条件（土地出让合同）的上限", ("far", "limit")),
    "far.max.above": Code("容积率高于所填规划条件（土地出让合同）的上限（不是通知的规定）", ("far", "limit")),
}


@cache
def fields() -> tuple[Field, ...]:
    """The inputs: land area and unit as in `land`, the floor area, and the grant's bounds where there are any."""
    land_fields = {spec.key: spec for spec in land.fields()}
    return (
        replace(land_fields["area"], help="园区的用地面积，单位见下一项。", clause=CLAUSE),
        replace(land_fields["unit"], clause=CLAUSE),
        floor_area(
            "floor_area", "计容建筑面积", "计入容积率的建筑面积（按规划条件的计算规则）。", "100000", clause=CLAUSE
        ),
        Field("min_far", "容积率下限（不低于）", "number", _BOUND_HELP.format("下限"), clause=CLAUSE, min=Fraction(0)),
        Field(
            "max_far",
            "容积率上限（不高于）",
            "number",
            _BOUND_HELP.format("上限"),
            clause=CLAUSE,
            exclusive_min=Fraction(0),
        ),
    )


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """A lower bound above the upper bound is a typing slip, not a verdict."""
    low, high = values["min_far"], values["max_far"]
    if low is not None and high is not None and low > high:
        return [error("max_far", f"容积率上限 {plain(high, 4)} 小于下限 {plain(low, 4)}；请核对合同或规划条件后重填")]
    return []


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The ratio, exactly, and a finding per bound given (or one asking for the bounds)."""
    date = parameters.notice_date()
    land_m2 = land.area_in_mu(values["area"], values["unit"], date) * parameters.value_at("m2_per_mu", date)
    ratio = values["floor_area"] / land_m2
    low, high = values["min_far"], values["max_far"]
    bounds = [bound for bound in (low, high) if bound is not None]
    shown = _shown(ratio, bounds)
    figures = {
        "far": shown,
        "far_exact": exact_text(ratio),
        "land_area_m2": fixed(land_m2, AREA_PLACES),
        "floor_area_m2": plain(values["floor_area"], AREA_PLACES),
        "min_far": plain(low, 4) if low is not None else None,
        "max_far": plain(high, 4) if high is not None else None,
    }
    return verdict(NAME, _findings(ratio, shown, low, high), figures)


def _shown(ratio: Fraction, bounds: list[Fraction]) -> str:
    """The ratio to 2 decimals, or to as many more as it takes to differ in print from every bound it differs from."""
    return telling(ratio, FAR_PLACES, *bounds)


def _findings(ratio: Fraction, shown: str, low: Fraction | None, high: Fraction | None) -> list[Finding]:
    """One finding per bound entered, each naming its source (never the notice); none entered → nothing to check."""
    said = f"通知未规定容积率数值（{CITED}只是“{ENCOURAGED}”）"
    if low is None and high is None:
        return [
            Finding(
                "not_applicable",
                CLAUSE,
                "far.bounds.not_given",
                "notice",
                f"容积率为 {shown}。{said}，所以没有可按通知核对的数值。"
                "如规划条件或土地出让合同规定了容积率上下限，可填写后核对。",
                {"far": shown},
            )
        ]
    source = "您填写的规划条件（土地出让合同）"
    findings = []
    for bound, kind, word in ((low, "min", "下限"), (high, "max", "上限")):
        if bound is None:
            continue
        meets = ratio >= bound if kind == "min" else ratio <= bound
        relation = {("min", True): "不低于", ("min", False): "低于", ("max", True): "不高于", ("max", False): "高于"}
        outcome = "meets" if meets else {"min": "below", "max": "above"}[kind]
        findings.append(
            Finding(
                "pass" if meets else "outside",
                CLAUSE,
                f"far.{kind}.{outcome}",
                "document",
                f"容积率 {shown}，{relation[kind, meets]}{source}{word} {plain(bound, 4)}。"
                f"这一{word}来自该文件，不是通知的规定；{said}。",
                {"far": shown, "limit": plain(bound, 4)},
            )
        )
    return findings
