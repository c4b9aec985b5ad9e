"""`prices` — clause (八) 租售指导价格: each unit's sale price and rent against the guidance as the contract states it.

The notice only says the guidance prices are agreed in the project management contract; it does not say whether
the guidance is a ceiling, a ceiling with a float, an area-weighted average or a band. So the user says which rule
their contract contains (for sale and for rent separately); only that rule can produce `fail`. Three states: a
rule entered; the user's explicit mark that the contract agrees no guidance price (`sale_unstated`, 合同未约定); or
neither, "to_enter" (待补充), saying what to enter: a rule not chosen is not a contract that says nothing.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cache
from typing import Any

from .findings import verdict
from .guidance import (
    CITED,
    CLAUSE,
    KINDS,
    PERIODS,
    RULES,
    SALE_UNIT,
    finding,
    not_agreed,
    outside,
    price_unit,
    rent_conversions,
    weighted,
)
from .inputs import Errors, Field, Option, error, floor_area
from .numbers import AREA_PLACES, PCT_PLACES, PRICE_PLACES, figure, percent, plain, telling
from .registry import Code, Figure

NAME = "prices"
TITLE = "租售指导价格自查"
CLAUSES = (CLAUSE,)
SUMMARY = (
    f"按{CITED}把各单元的售价、租金与项目管理合同约定的租售指导价格比较；"
    "合同怎样规定指导价（上限、上限加浮动、面积加权平均或区间）由您选择，通知未规定。"
)
EXAMPLE: dict[str, Any] = {
    "sale_rule": "cap_float",
    "guidance_sale_price": 5000,
    "sale_float_pct": 5,
    "rent_rule": "cap",
    "guidance_rent": 25,
    "rent_period": "month",
    "units": [
        {"id": "1-101", "area": 1200, "sale_price": 5200},
        {"id": "1-201", "area": 1000, "sale_price": 5300},
        {"id": "2-101", "area": 800, "rent": 26},
    ],
}
ORDER = 30
IN_PLAN = True  # `plan` checks it as part of a whole project
FIGURES: dict[str, Figure] = {
    "sale_rule": Figure("合同对售价的规定", "您选择的合同规定；未选择时只计算、不判断"),
    "sale_price_cap": Figure("售价上限（元/平方米）", "出售指导价，或指导价 × (1 + 上浮比例)，或区间最高价"),
    "sale_units_outside": Figure("售价不在合同规定内的单元数"),
    "average_sale_price": Figure("平均售价（元/平方米）", "按建筑面积加权"),
    "average_sale_deviation_pct": Figure("平均售价偏离指导价（%）", "(平均售价 − 指导价) ÷ 指导价 × 100"),
    "rent_rule": Figure("合同对租金的规定", "您选择的合同规定；未选择时只计算、不判断"),
    "rent_cap": Figure("租金上限（按所选计价周期）", "出租指导价，或指导价 × (1 + 上浮比例)，或区间最高价"),
    "rent_units_outside": Figure("租金不在合同规定内的单元数"),
    "average_rent": Figure("平均租金（按所选计价周期）", "按建筑面积加权"),
    "average_rent_deviation_pct": Figure("平均租金偏离指导价（%）", "(平均租金 − 指导价) ÷ 指导价 × 100"),
    "average_rent_per_month": Figure("平均租金（元/平方米/月）", "换算：1 年 = 12 个月 = 365 天"),
    "average_rent_per_year": Figure("平均租金（元/平方米/年）", "换算：1 年 = 12 个月 = 365 天"),
    "units_outside": Figure("不在合同规定内的单元数（售价或租金）"),
}


def _kind_fields(kind: str) -> tuple[Field, ...]:
    name = KINDS[kind][0]
    guide = "出售指导价" if kind == "sale" else "出租指导价"
    unit = price_unit(kind, None) if kind == "sale" else "元/平方米（计价周期见下）"

    def money(key: str, label: str, help_text: str, example: str) -> Field:
        return Field(
            key, label, "number", help_text, clause=CLAUSE, unit=unit, exclusive_min=Fraction(0), example=example
        )

    fields = (
        Field(
            f"{kind}_rule",
            f"合同对{name}的规定",
            "select",
            f"项目管理合同怎样规定{name}的指导价。通知未规定指导价是上限、平均价还是区间；不选时只计算，不判断。",
            clause=CLAUSE,
            example="cap",
            options=tuple(Option(k, v) for k, v in RULES.items()),
        ),
        Field(
            _mark_key(kind),
            f"合同未约定{name}指导价",
            "boolean",
            f"项目管理合同确实没有约定{name}的指导价时选“是”（不选规定、不填价格），报告记为“合同未约定”；"
            "未选又未填写的，记为“待补充”，不是合同未约定。",
            clause=CLAUSE,
        ),
        money(
            _guidance_key(kind),
            guide,
            f"项目管理合同约定的{guide}（“区间”规定时可不填）。",
            "5000" if kind == "sale" else "25",
        ),
        Field(
            f"{kind}_float_pct",
            f"{name}允许上浮幅度",
            "number",
            "仅“上浮约定幅度”规定：合同允许高于指导价的幅度。",
            clause=CLAUSE,
            unit="%",
            min=Fraction(0),
            max=Fraction(100),
            example="5",
        ),
        money(
            f"{kind}_band_min",
            f"{name}区间最低价",
            "仅“区间”规定：合同约定的最低价。",
            "4800" if kind == "sale" else "20",
        ),
        money(
            f"{kind}_band_max",
            f"{name}区间最高价",
            "仅“区间”规定：合同约定的最高价。",
            "5200" if kind == "sale" else "30",
        ),
    )
    mark = _mark_key(kind)
    return tuple(replace(spec, term="租售指导价格", mark="" if spec.key == mark else mark) for spec in fields)


def _guidance_key(kind: str) -> str:
    return "guidance_sale_price" if kind == "sale" else "guidance_rent"


def _mark_key(kind: str) -> str:
    """The user's explicit mark "合同未约定" beside a kind's guidance-price rule."""
    return f"{kind}_unstated"


def _term_keys(kind: str) -> tuple[str, ...]:
    """The inputs that state a kind's guidance price: entered, they contradict the mark 合同未约定."""
    return (f"{kind}_rule", _guidance_key(kind), f"{kind}_float_pct", f"{kind}_band_min", f"{kind}_band_max")


# The finding codes this calculator can emit: code → what it means, and the params it carries.
CODES: dict[str, Code] = {
    "prices.sale.not_agreed": Code("用户注明合同未约定售价指导价", ("count",)),
    "prices.sale.to_enter": Code("尚未选择合同对售价的规定（上限、上浮、平均或区间）：待补充", ("count",)),
    "prices.sale.meets": Code("售价符合合同规定", ("rule", "count", "limit", "average", "units")),
    "prices.sale.breaches": Code("售价不符合合同规定", ("rule", "count", "limit", "average", "units")),
    "prices.rent.not_agreed": Code("用户注明合同未约定租金指导价", ("count",)),
    "prices.rent.to_enter": Code("尚未选择合同对租金的规定（上限、上浮、平均或区间）：待补充", ("count",)),
    "prices.rent.meets": Code("租金符合合同规定", ("rule", "count", "limit", "average", "units")),
    "prices.rent.breaches": Code("租金不符合合同规定", ("rule", "count", "limit", "average", "units")),
}


@cache
def fields() -> tuple[Field, ...]:
    """The prices calculator's inputs."""
    positive = Fraction(0)
    units = (
        Field("id", "单元编号", "text", "房号或单元编号，每个单元唯一。", required=True, example="1-101"),
        floor_area("area", "建筑面积", "该单元的建筑面积（用于面积加权平均价）。", "1200"),
        Field(
            "sale_price",
            "售价",
            "number",
            "每平方米售价；不出售的单元不填。",
            clause=CLAUSE,
            unit=SALE_UNIT,
            exclusive_min=positive,
            example="5200",
        ),
        Field(
            "rent",
            "租金",
            "number",
            "每平方米租金，计价周期与“租金计价周期”一致；不出租的单元不填。",
            clause=CLAUSE,
            unit="元/平方米",
            exclusive_min=positive,
            example="26",
        ),
    )
    period = Field(
        "rent_period",
        "租金计价周期",
        "select",
        "出租指导价和各单元租金按日、月还是年计；结果同时显示换算后的月租金和年租金。",
        clause=CLAUSE,
        default="month",
        example="month",
        options=tuple(Option(k, f"元/平方米/{v}") for k, v in PERIODS.items()),
    )
    table = Field(
        "units",
        "单元",
        "table",
        "每行一个单元：编号、面积，以及售价和/或租金。",
        clause=CLAUSE,
        required=True,
        columns=units,
        row_noun="个单元",
        max_rows=5000,
    )
    terms = (*_kind_fields("sale"), *_kind_fields("rent"), period)
    return (*(replace(spec, term="租售指导价格") if not spec.term else spec for spec in terms), table)


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Duplicate unit ids, units with no price, and a contract rule without the figures it needs.

    `invalid` holds the paths that already failed their field checks, so nothing is reported twice.
    """
    rows = values["units"] or []
    found = []
    first_row: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row.get("id") is not None:
            if row["id"] in first_row:
                found.append(
                    error(
                        f"units[{index}].id",
                        f"第 {index + 1} 个单元：编号“{row['id']}”与第 "
                        f"{first_row[row['id']] + 1} 个单元重复；每个单元的编号应唯一",
                    )
                )
            first_row.setdefault(row["id"], index)
        given = [
            key for key in ("sale_price", "rent") if row.get(key) is not None or f"units[{index}].{key}" in invalid
        ]
        if not given and f"units[{index}]" not in invalid:
            found.append(error(f"units[{index}]", f"第 {index + 1} 个单元既没有售价也没有租金；请至少填写一项"))
    for kind in KINDS:
        found += _rule_problems(kind, values, invalid)
    return found


def _rule_problems(kind: str, values: dict[str, Any], invalid: set[str]) -> Errors:
    """The figures the chosen rule needs: a guidance price; for a float its percentage; for a band min ≤ max."""
    rule = values[f"{kind}_rule"]
    needed = {
        "cap": [_guidance_key(kind)],
        "cap_float": [_guidance_key(kind), f"{kind}_float_pct"],
        "average": [_guidance_key(kind)],
        "band": [f"{kind}_band_min", f"{kind}_band_max"],
    }.get(rule or "", [])
    found = [
        error(key, f"合同规定为“{RULES[rule]}”时需要填写“{_field_label(key)}”")
        for key in needed
        if values[key] is None and key not in invalid
    ]
    if values[_mark_key(kind)] is True and any(values[key] is not None for key in _term_keys(kind)):
        found.append(
            error(
                _mark_key(kind),
                f"已填写合同对{KINDS[kind][0]}指导价的约定，又注明合同未约定；请二选一：删去规定和价格，或取消这一项",
            )
        )
    low, high = values[f"{kind}_band_min"], values[f"{kind}_band_max"]
    if rule == "band" and low is not None and high is not None and low > high:
        found.append(error(f"{kind}_band_min", f"区间最低价 {plain(low, 6)} 高于最高价 {plain(high, 6)}；请核对"))
    return found


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The prices verdict for valid values (checked by fields() and problems())."""
    rows = values["units"]
    period = values["rent_period"] or "month"
    figures: dict[str, Any] = {}
    units = [{"id": row["id"], "area": plain(row["area"], AREA_PLACES)} for row in rows]
    over_ids: set[str] = set()
    findings = []
    for kind, (_name, price_key) in KINDS.items():
        rule, guidance = values[f"{kind}_rule"], values[_guidance_key(kind)]
        float_pct = values[f"{kind}_float_pct"] if rule == "cap_float" else None
        low, high = (values[f"{kind}_band_min"], values[f"{kind}_band_max"]) if rule == "band" else (None, None)
        cap = {
            "cap": guidance,
            "cap_float": guidance * (1 + (float_pct or Fraction(0)) / 100) if guidance else None,
        }.get(rule or "")
        if rule == "band":
            cap = high
        priced = [(row, out) for row, out in zip(rows, units, strict=True) if row[price_key] is not None]
        marks = [m for m in (guidance, cap, low) if m is not None]
        over = []
        for row, out in priced:
            price = row[price_key]
            deviation = percent(price - guidance, guidance) if guidance is not None else None
            out[price_key] = telling(price, PRICE_PLACES, *marks)
            out[f"{kind}_deviation_pct"] = (
                figure(deviation, PCT_PLACES, Fraction(0), *([float_pct] if float_pct is not None else []))
                if deviation is not None
                else None
            )
            beyond = outside(rule, price, cap, low)
            out[f"{kind}_over"] = beyond
            if beyond:
                over.append((row["id"], price))
        for out in units:
            out.setdefault(price_key, None)
            out.setdefault(f"{kind}_deviation_pct", None)
            out.setdefault(f"{kind}_over", None)
        average = weighted([(row["area"], row[price_key]) for row, _ in priced])
        figures[f"{kind}_rule"] = RULES[rule] if rule else None
        figures[f"{price_key}_cap"] = figure(cap, PRICE_PLACES, *marks) if cap is not None else None
        figures[f"{kind}_units_outside"] = len(over) if rule and rule != "average" else None
        figures[f"average_{price_key}"] = figure(average, PRICE_PLACES, *marks) if average is not None else None
        figures[f"average_{kind}_deviation_pct"] = (
            figure(percent(average - guidance, guidance), PCT_PLACES, Fraction(0))
            if average is not None and guidance is not None
            else None
        )
        if kind == "rent":
            figures.update(rent_conversions(average, period))
        over_ids.update(unit_id for unit_id, _ in over)
        if values[_mark_key(kind)] is True:
            findings.append(not_agreed(kind, len(priced)))
        elif priced:
            unit = price_unit(kind, period)
            findings.append(finding(kind, rule, guidance, float_pct, low, cap, unit, len(priced), over, average))
    figures["units_outside"] = len(over_ids)
    figures["units"] = [{**out, **row_outcome(out)} for out in units]
    return verdict(NAME, findings, figures)


def row_outcome(out: dict[str, Any]) -> dict[str, str | None]:
    """A unit's own result as the page shows it beside the row: `status` and its wording (`summary`), decided
    here so that the page names no status. A row is judged on its own only where a contract rule sets a limit
    per unit; under "average" (or no rule) it is not, and says so."""
    flags = [out[f"{kind}_over"] for kind in KINDS if out[f"{kind}_over"] is not None]
    deviations = [
        f"{name}偏离 {out[f'{kind}_deviation_pct']}%"
        for kind, (name, _key) in KINDS.items()
        if out[f"{kind}_deviation_pct"] is not None
    ]
    if not flags and not deviations:
        return {"status": None, "summary": None}
    detail = "：" + "，".join(deviations) if deviations else ""
    if not flags:
        return {"status": "not_applicable", "summary": f"本行未单独判断{detail}"}
    if any(flags):
        return {"status": "fail", "summary": f"不在合同规定内{detail}"}
    return {"status": "pass", "summary": f"在合同规定内{detail}"}


def _field_label(key: str) -> str:
    return next(spec.label for spec in fields() if spec.key == key)
