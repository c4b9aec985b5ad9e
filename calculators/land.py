"""`land` — clause (一): a minimum area for new production-manufacturing parks, relaxable in 山区26县 and 海岛县.

The minimum and the unit factors come from policy/parameters/ (via calculators/data/parameters.json), never from here.
"""

from __future__ import annotations

import re
from datetime import date as day
from fractions import Fraction
from functools import cache
from typing import Any

from . import parameters, regions
from .chinese import clause_label, iso_date
from .findings import Finding, verdict
from .inputs import Errors, Field, Option, error
from .numbers import MU_PLACES, exact_text, figure, plain, telling
from .registry import Code, Figure

NAME = "land"
TITLE = "园区用地面积自查"
CLAUSE = 1  # the rule is clause (一); tests check the parameter cites the same clause
CLAUSES = (CLAUSE,)
CITED = clause_label(CLAUSE)  # 第（一）条
SUMMARY = f"按{CITED}核对新建生产制造类小微企业园的单个园区用地面积是否达到通知规定的标准，以及可否适当放宽。"


def relaxed_in(joiner: str) -> str:
    """The groups where clause (一) allows a smaller area, as policy/regions.yaml names them: 山区26县和海岛县."""
    return regions.named(CLAUSE, joiner)


EXAMPLE: dict[str, Any] = {"area": 98, "unit": "mu", "county": "淳安县"}
ORDER = 10
IN_PLAN = True  # `plan` checks it as part of a whole project
FIGURES: dict[str, Figure] = {
    "area_mu": Figure(
        "折合亩数",
        "按所选单位精确换算（换算关系见“面积单位”说明），显示保留 4 位小数；与标准不等时多保留几位，不会显示成标准本身",
    ),
    "area_mu_exact": Figure("折合亩数（精确值）", "不四舍五入的精确值，判断按此进行"),
    "threshold_mu": Figure("通知规定的面积标准（亩）", f"{CITED}“原则上单个园区用地面积不少于”此数"),
    "local_min_area_mu": Figure("当地放宽后的标准（亩）", "您填写的当地标准"),
    "county": Figure("县（市、区）"),
    "city": Figure("所属设区市"),
    "date": Figure("判断名单所用日期", "您填写的项目日期；未填写时为通知印发日（本站解读）"),
    "groups": Figure("该日期所属名单", "按上一项日期判断所属的放宽名单"),
}
UNITS = {"mu": "亩", "m2": "平方米", "ha": "公顷"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# The finding codes this calculator can emit: code → what it means, and the params it carries.
CODES: dict[str, Code] = {
    "land.min_area.not_applicable": Code(f"不是新建或不是生产制造类项目，{CITED}不适用", ("reasons",)),
    "land.min_area.meets": Code("面积不少于通知规定的标准", ("area_mu", "threshold_mu")),
    "land.min_area.below": Code(
        "面积少于标准，所在县在项目日期不属于可放宽的县", ("area_mu", "threshold_mu", "county", "date")
    ),
    "land.min_area.below_relaxable": Code(
        "面积少于标准，所在县可适当放宽，当地放宽后的标准未填写",
        ("area_mu", "threshold_mu", "county", "date", "groups"),
    ),
    "land.min_area.meets_local": Code(
        "面积少于标准，但不少于当地放宽后的标准",
        ("area_mu", "threshold_mu", "local_min_area_mu", "county", "date", "groups"),
    ),
    "land.min_area.below_local": Code(
        "面积也少于当地放宽后的标准", ("area_mu", "threshold_mu", "local_min_area_mu", "county", "date", "groups")
    ),
    "land.min_area.membership_changed": Code(
        "项目日期与通知印发日所属名单不同，是否放宽由当地决定",
        ("area_mu", "threshold_mu", "county", "date", "notice_date", "groups", "notice_groups"),
    ),
}


@cache
def fields() -> tuple[Field, ...]:
    """The land calculator's inputs."""
    county_options = tuple(Option(c.name, c.name, c.city) for c in regions.counties().values())
    notice = parameters.notice_date()  # the help texts give the values in force when the notice was issued
    threshold = plain(parameters.value_at("land_min_area_mu", notice), 4)
    m2_per_mu = plain(parameters.value_at("m2_per_mu", notice), 2)  # 666.67: the exact 10000/15 is used in computing
    mu_per_hectare = plain(parameters.value_at("mu_per_hectare", notice), 4)
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
            f"亩、平方米或公顷。1 公顷 = {mu_per_hectare} 亩，1 亩约合 {m2_per_mu} 平方米（计算按精确换算）。",
            clause=CLAUSE,
            required=True,
            example="mu",
            options=tuple(Option(k, v) for k, v in UNITS.items()),
            aliases=(*((v, k) for k, v in UNITS.items()), ("m²", "m2"), ("㎡", "m2")),
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
            f"仅{relaxed_in('和')}：当地实际确定的放宽标准。"
            f"通知未规定放宽到多少；不填时，低于 {threshold} 亩的结果为“由当地决定”。",
            clause=CLAUSE,
            unit="亩",
            exclusive_min=Fraction(0),
            example="50",
        ),
        Field(
            "project_date",
            "项目日期",
            "text",
            f"判断{relaxed_in('、')}名单所用的日期（如供地或立项日期），"
            "格式为“年-月-日”的数字，如 2022-06-01。"
            "名单此后有调整；"
            f"通知未规定按哪一日的名单判断，不填时按通知印发日（{parameters.notice_date()}）判断，这是本站的解读。",
            clause=CLAUSE,
            example=parameters.notice_date(),
            normalise=iso_date,
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
    """Problems the field checks cannot see: a "relaxed" threshold that is no relaxation (against the standard in
    force on the date the verdict uses), a project date that is no date or before the notice."""
    date_problem = _date_problem(values["project_date"])
    threshold = parameters.value_at("land_min_area_mu", _verdict_date(values, date_problem))
    local = values["local_min_area_mu"]
    found = []
    if local is not None and local >= threshold:
        found.append(
            error(
                "local_min_area_mu",
                f"当地放宽后的面积标准应小于 {plain(threshold, 4)} 亩（放宽才需要填写）；当地没有放宽时请不填",
            )
        )
    if date_problem:
        found.append(error("project_date", date_problem))
    return found


def _verdict_date(values: dict[str, Any], date_problem: str = "") -> str:
    """The date the verdict judges on: the project date given, else the notice's date (本站解读)."""
    return values["project_date"] if values["project_date"] and not date_problem else parameters.notice_date()


def _date_problem(text: str | None) -> str:
    """Why a project date is not usable ("" when it is, or when none was given)."""
    if text is None:
        return ""
    notice = parameters.notice_date()
    try:
        valid = ISO_DATE.fullmatch(text) is not None and day.fromisoformat(text) is not None
    except ValueError:
        valid = False
    if not valid:
        return f"项目日期“{text[:20]}”不是有效日期；请按“年-月-日”的数字填写，例如 {notice}"
    if text < notice:
        return (
            f"项目日期 {text} 早于通知印发日（{notice}）；本站按项目日期判断名单，只接受印发日及以后的日期"
            "（通知未说印发之前的项目如何适用）：请核对日期，或不填（按印发日的名单判断）"
        )
    return ""


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The land verdict for valid values (checked by fields() and problems())."""
    date = _verdict_date(values)
    threshold = parameters.value_at("land_min_area_mu", date)
    local = values["local_min_area_mu"]
    county = regions.counties()[values["county"]]
    area_mu = area_in_mu(values["area"], values["unit"], date)
    groups = regions.memberships(county.name, date, clause=CLAUSE)
    bounds = (threshold,) if local is None else (threshold, local)
    figures = {
        "area_mu": figure(area_mu, MU_PLACES, *bounds),
        "area_mu_exact": exact_text(area_mu),
        "threshold_mu": plain(threshold, MU_PLACES),
        "local_min_area_mu": plain(local, MU_PLACES) if local is not None else None,
        "county": county.name,
        "city": county.city,
        "date": date,
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
    rule = f"{CITED}“新建生产制造类小微企业园项目，原则上单个园区用地面积不少于 {plain(threshold, 4)} 亩”"
    if not values["new"] or not values["manufacturing"]:
        reasons = [
            text
            for flag, text in (("new", "不是新建项目"), ("manufacturing", "不是生产制造类园区"))
            if not values[flag]
        ]
        return Finding(
            "not_applicable",
            CLAUSE,
            "land.min_area.not_applicable",
            "notice",
            f"本项目{'、'.join(reasons)}；{rule}，只针对新建生产制造类项目，故不适用。",
            {"reasons": reasons},
        )
    local = values["local_min_area_mu"]
    shown_mu = telling(area_mu, MU_PLACES, *((threshold,) if local is None else (threshold, local)))
    shown = _area_text(values, shown_mu)
    base = {"area_mu": shown_mu, "threshold_mu": plain(threshold, MU_PLACES)}
    if area_mu >= threshold:
        return Finding(
            "pass",
            CLAUSE,
            "land.min_area.meets",
            "notice",
            f"{shown}，不少于 {plain(threshold, 4)} 亩（“不少于”含本数），符合{rule}。",
            base,
        )
    notice = parameters.notice_date()
    where = f"{county.name}（{county.city}）"
    when = f"项目日期（{date}）" if values["project_date"] else f"通知印发时（{date}）"
    names = [g.name for g in groups]
    at: dict[str, Any] = {**base, "county": county.name, "date": date}
    at_notice = regions.memberships(county.name, notice, clause=CLAUSE)
    caveat = "".join(dict.fromkeys(g.caveat for g in groups + at_notice if g.caveat))
    if not values["project_date"]:
        caveat = (
            f"解读：未填写项目日期，这里按通知印发日（{notice}）的名单判断；通知未规定按哪一日的名单判断，"
            f"名单此后有调整（见地区名录）。{caveat}"
        )
    if bool(at_notice) != bool(groups):
        changes = "；".join(
            change for g in regions.groups(CLAUSE) for change in regions.changes_between(county.name, g, notice, date)
        )
        then = "、".join(g.name for g in at_notice) or relaxed_in("或")
        return Finding(
            "review",
            CLAUSE,
            "land.min_area.membership_changed",
            "reading",
            f"解读：{shown}，少于 {plain(threshold, 4)} 亩。{where}在通知印发时（{notice}）"
            f"{'属于' if at_notice else '不属于'}{then}，此后名单调整（{changes}），项目日期（{date}）时"
            f"{'属于' + '、'.join(names) if groups else '已不在名单中'}。通知未规定按哪一日的名单判断"
            f"（依据：{CITED}只说“山区 26 县和海岛县可适当放宽”，未写名单日期），是否适用放宽由当地决定。",
            {**at, "notice_date": notice, "groups": names, "notice_groups": [g.name for g in at_notice]},
            caveat,
        )
    if not groups:
        unused = f"；所填的当地放宽标准只适用于{relaxed_in('和')}，这里未采用" if local is not None else ""
        return Finding(
            "fail",
            CLAUSE,
            "land.min_area.below",
            "notice",
            f"{shown}，少于 {plain(threshold, 4)} 亩，不符合{rule}。{where}在{when}不属于{relaxed_in('或')}，"
            f"不适用放宽{unused}。{CITED}用“原则上”，为有正当理由的例外留有余地，是否例外由当地决定。",
            at,
            caveat,
        )
    named = "、".join(
        f"{g.name}（据{g.source}，可信度 {g.confidence}）"
        if g.of_notice
        else f"{g.name}（{g.since} 起，据{g.source}，可信度 {g.confidence}；是此后的工作名单，不是通知所说的名单）"
        for g in groups
    )
    relaxed = f"{where}在{when}属于{named}，{CITED}规定可适当放宽。"
    later = [g for g in groups if not g.of_notice]
    if later:  # the notice means the lists in force when it was issued: reading a later one for them is a reading
        then = "、".join(g.name for g in at_notice) or f"不属于{relaxed_in('或')}"
        relaxed += (
            f"通知所说的是印发时（{notice}）的名单，{where}当时属于{then}；"
            f"这里按项目日期的名单（{'、'.join(g.name for g in later)}）判断，通知未规定按哪一日的名单判断。"
        )
    at = {**at, "groups": names}
    if local is None:
        return Finding(
            "review",
            CLAUSE,
            "land.min_area.below_relaxable",
            "reading" if later else "notice",
            f"{'解读：' if later else ''}{shown}，少于 {plain(threshold, 4)} 亩；"
            f"但{relaxed}放宽到多少由当地确定，通知未规定；"
            f"如当地已确定放宽后的标准，请填写“当地放宽后的面积标准”再核对。",
            at,
            caveat,
        )
    meets = area_mu >= local
    return Finding(
        "pass" if meets else "fail",
        CLAUSE,
        "land.min_area.meets_local" if meets else "land.min_area.below_local",
        "local",
        f"{shown}，少于 {plain(threshold, 4)} 亩，{'但不少于' if meets else '也少于'}当地放宽后的标准 "
        f"{plain(local, 4)} 亩{'' if meets else f'，不符合{rule}（当地放宽后也未达到）'}。{relaxed}",
        {**at, "local_min_area_mu": plain(local, MU_PLACES)},
        caveat,
    )


def _area_text(values: dict[str, Any], shown_mu: str) -> str:
    """ "用地面积 66666.66 平方米，折合 99.99999 亩": enough decimals that a near miss never prints as a threshold."""
    if values["unit"] == "mu":
        return f"用地面积 {shown_mu} 亩"
    return f"用地面积 {plain(values['area'], 6)} {UNITS[values['unit']]}，折合 {shown_mu} 亩"
