"""`land` — clause (一): a minimum area for new production-manufacturing parks, relaxable in 山区26县 and 海岛县.

The minimum and the unit factors come from policy/parameters/ (via calculators/data/parameters.json), never from here.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from . import parameters, regions
from .findings import Finding, clause_label, verdict
from .inputs import Errors, Field, Option, error
from .numbers import MU_PLACES, exact_text, fixed, plain, telling
from .registry import Figure

NAME = "land"
TITLE = "园区用地面积自查"
CLAUSE = 1  # the rule is clause (一); tests check the parameter cites the same clause
CLAUSES = (CLAUSE,)
CITED = clause_label(CLAUSE)  # 第（一）条
SUMMARY = f"按{CITED}核对新建生产制造类小微企业园的单个园区用地面积是否达到通知规定的标准；山区26县和海岛县可适当放宽。"
EXAMPLE: dict[str, Any] = {"area": 98, "unit": "mu", "county": "淳安县"}
ORDER = 10
IN_PLAN = True  # `plan` checks it as part of a whole project
FIGURES: dict[str, Figure] = {
    "area_mu": Figure("折合亩数", "按所选单位精确换算（换算关系见“面积单位”说明），显示保留 4 位小数"),
    "area_mu_exact": Figure("折合亩数（精确值）", "不四舍五入的精确值，判断按此进行"),
    "threshold_mu": Figure("通知规定的面积标准（亩）", "第（一）条“原则上单个园区用地面积不少于”此数"),
    "local_min_area_mu": Figure("当地放宽后的标准（亩）", "您填写的当地标准"),
    "county": Figure("县（市、区）"),
    "city": Figure("所属设区市"),
    "groups": Figure("通知印发时所属名单", "山区26县、海岛县名单按通知印发日判断"),
}
UNITS = {"mu": "亩", "m2": "平方米", "ha": "公顷"}


@cache
def fields() -> tuple[Field, ...]:
    """The land calculator's inputs."""
    county_options = tuple(Option(c.name, c.name, c.city) for c in regions.counties().values())
    threshold = plain(parameters.value_at("land_min_area_mu"), 4)
    m2_per_mu = parameters.text_at("m2_per_mu")  # exact text, e.g. "10000/15"
    mu_per_hectare = plain(parameters.value_at("mu_per_hectare"), 4)
    return (
        Field(
            "area",
            "用地面积",
            "number",
            "单个园区的用地面积，单位见下一项。",
            clause=CLAUSE,
            required=True,
            exclusive_min=Fraction(0),
            example="100",
        ),
        Field(
            "unit",
            "面积单位",
            "select",
            f"亩（mu）、平方米（m2）或公顷（ha）。1 亩 = {m2_per_mu} 平方米，1 公顷 = {mu_per_hectare} 亩。",
            clause=CLAUSE,
            required=True,
            example="mu",
            options=tuple(Option(k, v) for k, v in UNITS.items()),
            aliases=tuple((v, k) for k, v in UNITS.items()) + (("m²", "m2"), ("㎡", "m2")),
        ),
        Field(
            "county",
            "县（市、区）",
            "select",
            "项目所在的县级行政区，用正式名称，例如 淳安县、余杭区。",
            clause=CLAUSE,
            required=True,
            example="淳安县",
            options=county_options,
            suggest=regions.hint,
        ),
        Field(
            "manufacturing",
            "生产制造类园区",
            "boolean",
            f"是否为生产制造类小微企业园。{CITED}的面积要求只针对生产制造类。",
            clause=CLAUSE,
            default=True,
        ),
        Field(
            "new",
            "新建项目",
            "boolean",
            f"是否为新建项目。{CITED}的面积要求只针对新建项目。",
            clause=CLAUSE,
            default=True,
        ),
        Field(
            "local_min_area_mu",
            "当地放宽后的面积标准",
            "number",
            f"仅山区26县和海岛县：当地实际确定的放宽标准。通知未规定放宽到多少；不填时，低于 {threshold} 亩的结果为“由当地决定”。",
            clause=CLAUSE,
            unit="亩",
            exclusive_min=Fraction(0),
            example="50",
        ),
    )


def area_in_mu(area: Fraction, unit: str, date: str) -> Fraction:
    """The area converted to 亩 exactly, with the unit factors in force on `date`."""
    if unit == "m2":
        return area / parameters.value_at("m2_per_mu", date)
    if unit == "ha":
        return area * parameters.value_at("mu_per_hectare", date)
    return area


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Problems the field checks cannot see: a "relaxed" threshold that is no relaxation."""
    threshold = parameters.value_at("land_min_area_mu")
    local = values["local_min_area_mu"]
    if local is not None and local >= threshold:
        return [
            error(
                "local_min_area_mu",
                f"当地放宽后的面积标准应小于 {plain(threshold, 4)} 亩（放宽才需要填写）；当地没有放宽时请不填",
            )
        ]
    return []


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The land verdict for valid values (checked by fields() and problems())."""
    date = parameters.notice_date()
    threshold = parameters.value_at("land_min_area_mu", date)
    local = values["local_min_area_mu"]
    county = regions.counties()[values["county"]]
    area_mu = area_in_mu(values["area"], values["unit"], date)
    groups = regions.memberships(county.name, date, clause=CLAUSE)
    figures = {
        "area_mu": fixed(area_mu, MU_PLACES),
        "area_mu_exact": exact_text(area_mu),
        "threshold_mu": plain(threshold, MU_PLACES),
        "local_min_area_mu": plain(local, MU_PLACES) if local is not None else None,
        "county": county.name,
        "city": county.city,
        "groups": [group.name for group in groups],
    }
    return verdict(NAME, [_finding(values, area_mu, threshold, county, groups, date)], figures)


def _finding(
    values: dict[str, Any],
    area_mu: Fraction,
    threshold: Fraction,
    county: regions.County,
    groups: list[regions.Membership],
    date: str,
) -> Finding:
    rule = f"{CITED}：新建生产制造类小微企业园，原则上单个园区用地面积不少于 {plain(threshold, 4)} 亩"
    if not values["new"] or not values["manufacturing"]:
        why = "、".join(
            text
            for flag, text in (("new", "不是新建项目"), ("manufacturing", "不是生产制造类园区"))
            if not values[flag]
        )
        return Finding(
            "not_applicable",
            CLAUSE,
            "land.min_area",
            "notice",
            f"本项目{why}；{rule}，只针对新建生产制造类项目，故不适用。",
        )
    shown = _area_text(values, area_mu, threshold)
    if area_mu >= threshold:
        return Finding(
            "pass",
            CLAUSE,
            "land.min_area",
            "notice",
            f"{shown}，不少于 {plain(threshold, 4)} 亩（“不少于”含本数），符合{rule}。",
        )
    where = f"{county.name}（{county.city}）"
    if not groups:
        unused = (
            "；所填的当地放宽标准只适用于山区26县和海岛县，这里未采用"
            if values["local_min_area_mu"] is not None
            else ""
        )
        return Finding(
            "fail",
            CLAUSE,
            "land.min_area",
            "notice",
            f"{shown}，少于 {plain(threshold, 4)} 亩，不符合{rule}。{where}在通知印发时（{date}）不属于山区26县或海岛县，"
            f"不适用放宽{unused}。{CITED}用“原则上”，为有正当理由的例外留有余地，是否例外由当地决定。",
        )
    named = "、".join(f"{g.name}（据{g.source}）" for g in groups)
    changes = "".join(
        f"（{change}；这里按通知印发时的名单判断。）"
        for g in groups
        for change in regions.later_changes(county.name, g.group_id, date)
    )
    caveat = "".join(g.caveat for g in groups)
    relaxed = f"{where}在通知印发时（{date}）属于{named}，{CITED}规定可适当放宽。{changes}"
    local = values["local_min_area_mu"]
    if local is None:
        return Finding(
            "review",
            CLAUSE,
            "land.min_area",
            "notice",
            f"{shown}，少于 {plain(threshold, 4)} 亩；但{relaxed}放宽到多少由当地确定，通知未规定；"
            f"如当地已确定放宽后的标准，请填写“当地放宽后的面积标准”再核对。{caveat}",
            caveat,
        )
    meets = area_mu >= local
    return Finding(
        "pass" if meets else "fail",
        CLAUSE,
        "land.min_area",
        "local",
        f"{shown}，少于 {plain(threshold, 4)} 亩，{'但不少于' if meets else '也少于'}当地放宽后的标准 "
        f"{plain(local, 4)} 亩。{relaxed}{caveat}",
        caveat,
    )


def _area_text(values: dict[str, Any], area_mu: Fraction, threshold: Fraction) -> str:
    """ "用地面积 66666.66 平方米，折合 99.99999 亩": enough decimals that a near miss never prints as 100."""
    mu = telling(area_mu, threshold, MU_PLACES)
    if values["unit"] == "mu":
        return f"用地面积 {mu} 亩"
    return f"用地面积 {plain(values['area'], 6)} {UNITS[values['unit']]}，折合 {mu} 亩"
