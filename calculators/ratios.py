"""`ratios` — clauses (八), (九): self-held, sale and rental shares of floor area; tenant shares.

The notice sets none of these numbers: 自持比例, 租售比例 and 主导产业占比 are whatever the project management
contract says (clause 八). A term not entered is 待补充 ("to_enter", saying what to enter); 合同未约定 ("unstated")
only when the user marks the term so. "入驻企业应以制造业小微企业为主" (clause 九, on 工业用地) is the notice's own
rule, read as more than half — labelled as a reading — whatever the contract says; a contract figure adds a check.
Tenant shares are computed by count and by area; a verdict uses the contract's basis, or both when they agree.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from functools import cache
from typing import Any

from . import parameters
from .chinese import clause_label
from .findings import verdict
from .inputs import Errors, Field, Option, error, floor_area
from .numbers import PCT_PLACES, figure, percent
from .registry import Code, Figure
from .shares import BASES, CLAUSE_8, MARKS, TERMS, manufacturing, ratio_text, rent_sale, square_metres, term

NAME = "ratios"
TITLE = "租售、自持与入驻企业比例自查"
CLAUSES = (8, 9)
SUMMARY = (
    f"按{clause_label(8)}、{clause_label(9)}计算自持、出售、出租面积比例和入驻企业占比，并与项目管理合同的约定核对；"
    "通知未规定这些比例，由合同约定。"
)
EXAMPLE: dict[str, Any] = {
    "total_area": 60000,
    "sale_area": 24000,
    "self_held_area": 36000,
    "rental_area": 30000,
    "industrial_land": True,
    "contract": {"min_self_held_pct": 50, "max_sale_pct": 50, "min_leading_industry_pct": 60, "basis": "count"},
    "tenants": [
        {"name": "甲精密机械有限公司", "area": 3000, "leading_industry": True, "manufacturing": True},
        {"name": "乙电子科技有限公司", "area": 2000, "leading_industry": True, "manufacturing": True},
        {"name": "丙物流有限公司", "area": 1000, "leading_industry": False, "manufacturing": False},
    ],
}
ORDER = 20
IN_PLAN = True  # `plan` checks it as part of a whole project
FIGURES: dict[str, Figure] = {
    "self_held_pct": Figure("自持比例（%）", "自持面积 ÷ 总建筑面积 × 100"),
    "sale_pct": Figure("出售比例（%）", "出售面积 ÷ 总建筑面积 × 100"),
    "rental_pct": Figure("出租比例（%）", "出租面积 ÷ 总建筑面积 × 100"),
    "rental_to_sale": Figure("租售比（出租 ÷ 出售）", "出租面积 ÷ 出售面积"),
    "basis": Figure("合同约定的企业占比口径", "您填写的；未填写时两种口径都算出，结论不同则不作判断"),
    "tenant_count": Figure("入驻企业数"),
    "leading_industry_pct_by_count": Figure("主导产业企业占比（按企业数，%）", "主导产业企业数 ÷ 企业总数 × 100"),
    "leading_industry_pct_by_area": Figure("主导产业企业占比（按面积，%）", "主导产业企业使用面积 ÷ 总使用面积 × 100"),
    "manufacturing_pct_by_count": Figure("制造业小微企业占比（按企业数，%）", "制造业企业数 ÷ 企业总数 × 100"),
    "manufacturing_pct_by_area": Figure("制造业小微企业占比（按面积，%）", "制造业企业使用面积 ÷ 总使用面积 × 100"),
}
HUNDRED = Fraction(100)


def _pct(key: str, label: str, help_text: str, clause: int, example: str) -> Field:
    return Field(
        key, label, "number", help_text, clause=clause, unit="%", min=Fraction(0), max=HUNDRED, example=example
    )


def _mark(key: str) -> Field:
    """The control beside a contract term: the user says the contract does not agree it (合同未约定)."""
    named = MARKS[key]
    return Field(
        key,
        f"合同未约定{named}",
        "boolean",
        f"项目管理合同确实没有约定{named}时选“是”（不填数值），报告记为“合同未约定”；"
        "未选又未填写数值的，记为“待补充”，不是合同未约定。",
        clause=8,
    )


def _term_of(key: str) -> tuple[str, str]:
    """A contract input's term as clause (八) (for the manufacturing figure and the basis, clause 九) names it, and
    the key of its "合同未约定" mark (none for a mark itself, nor for a term the notice does not ask for)."""
    for _what, value_key, _min, _how, named, mark in TERMS.values():
        if key == value_key or (mark == "rent_sale_unstated" and key in ("rent_sale_rent", "rent_sale_sale")):
            return named, mark
        if key == mark:
            return named, ""
    return ("制造业企业占比" if key == "min_manufacturing_pct" else "企业占比口径"), ""


def _area(key: str, label: str, help_text: str, required: bool, example: str) -> Field:
    return floor_area(key, label, help_text, example, clause=8, required=required, zero=True)


# The finding codes this calculator can emit: code → what it means, and the params it carries.
CODES: dict[str, Code] = {
    "ratios.self_held.not_agreed": Code("用户注明合同未约定自持比例", ("value_pct",)),
    "ratios.self_held.to_enter": Code("合同约定的最低自持比例尚未填写（待补充）", ("value_pct",)),
    "ratios.self_held.meets": Code("自持比例不低于合同约定", ("value_pct", "limit_pct")),
    "ratios.self_held.breaches": Code("自持比例低于合同约定", ("value_pct", "limit_pct")),
    "ratios.sale.meets": Code("出售比例不高于合同约定", ("value_pct", "limit_pct")),
    "ratios.sale.breaches": Code("出售比例高于合同约定", ("value_pct", "limit_pct")),
    "ratios.rent_sale.not_agreed": Code("用户注明合同未约定租售比例", ("sale_pct",)),
    "ratios.rent_sale.to_enter": Code("合同约定的租售比例（或最高出售比例）尚未填写（待补充）", ("sale_pct",)),
    "ratios.rent_sale.meets": Code(
        "出售面积占总建筑面积不高于合同租售比例允许的出售比例（每平方米只计一次）", ("value", "limit")
    ),
    "ratios.rent_sale.breaches": Code(
        "出售面积占总建筑面积高于合同租售比例允许的出售比例（每平方米只计一次）", ("value", "limit")
    ),
    "ratios.leading_industry.not_agreed": Code("用户注明合同未约定主导产业占比", ("by_count_pct", "by_area_pct")),
    "ratios.leading_industry.to_enter": Code(
        "合同约定的最低主导产业占比尚未填写（待补充）", ("by_count_pct", "by_area_pct")
    ),
    "ratios.leading_industry.basis_needed": Code(
        "按企业数和按面积结论不同，合同口径尚未填写（待补充）：不作判断", ("limit_pct",)
    ),
    "ratios.leading_industry.meets": Code("主导产业企业占比不低于合同约定", ("value_pct", "limit_pct")),
    "ratios.leading_industry.breaches": Code("主导产业企业占比低于合同约定", ("value_pct", "limit_pct")),
    "ratios.manufacturing.not_applicable": Code(f"不是工业用地性质，{clause_label(9)}这一句不适用", ()),
    "ratios.manufacturing.meets_reading": Code(
        "制造业企业占比超过一半（解读）", ("value_pct", "majority_pct", "basis")
    ),
    "ratios.manufacturing.below_reading": Code(
        "制造业企业占比未超过一半（解读）", ("value_pct", "majority_pct", "basis")
    ),
    "ratios.manufacturing.land_unknown": Code(
        "制造业企业占比未超过一半，但尚未填写是否工业用地性质（待补充）", ("value_pct", "majority_pct", "basis")
    ),
    "ratios.manufacturing.basis_needed": Code(
        "制造业企业占比按企业数和按面积结论不同，合同口径尚未填写（待补充）：不作判断", ("majority_pct",)
    ),
    "ratios.manufacturing.meets_contract": Code(
        "制造业企业占比不低于合同另加的约定（与通知的“为主”并列核对）", ("value_pct", "limit_pct", "basis")
    ),
    "ratios.manufacturing.below_contract": Code(
        "制造业企业占比低于合同另加的约定（与通知的“为主”并列核对）", ("value_pct", "limit_pct", "basis")
    ),
}


@cache
def fields() -> tuple[Field, ...]:
    """The ratios calculator's inputs."""
    positive = Fraction(0)
    contract = (
        _pct(
            "min_self_held_pct",
            "合同约定的最低自持比例",
            "自持面积占总建筑面积的最低比例（项目管理合同约定）。",
            8,
            "50",
        ),
        _mark("self_held_unstated"),
        _pct(
            "max_sale_pct",
            "合同约定的最高出售比例",
            "合同以“出售面积占总建筑面积不超过……”约定租售比例时填写。",
            8,
            "50",
        ),
        Field(
            "rent_sale_rent",
            "合同约定的租售比例：租",
            "number",
            "合同以“租售比例 租:售”约定时，填“租”的一项（如 6:4 填 6）；出租面积与出售面积之比不低于此比例即符合。",
            clause=8,
            exclusive_min=positive,
            example="6",
        ),
        Field(
            "rent_sale_sale",
            "合同约定的租售比例：售",
            "number",
            "与上一项配对，填“售”的一项（如 6:4 填 4）。",
            clause=8,
            exclusive_min=positive,
            example="4",
        ),
        _mark("rent_sale_unstated"),
        _pct(
            "min_leading_industry_pct",
            "合同约定的最低主导产业占比",
            "主导产业企业的最低占比（项目管理合同约定）。",
            8,
            "60",
        ),
        _mark("leading_industry_unstated"),
        _pct(
            "min_manufacturing_pct",
            "合同约定的最低制造业企业占比",
            "制造业小微企业的最低占比（如合同有约定）：在通知“以……为主”（解读为超过一半）之外另行核对，不代替它。",
            9,
            "60",
        ),
        Field(
            "basis",
            "合同约定的企业占比口径",
            "select",
            "合同写明按企业数或按面积计算占比时选择。两种口径都会算出；不选时，两种口径结论相同才下结论，不同则待补充。",
            clause=9,
            example="count",
            options=tuple(Option(k, v) for k, v in BASES.items()),
        ),
    )
    terms = tuple(replace(spec, term=_term_of(spec.key)[0], mark=_term_of(spec.key)[1]) for spec in contract)
    tenants = (
        Field("name", "企业名称", "text", "入驻企业名称。", required=True, example="甲精密机械有限公司"),
        floor_area("area", "使用面积", "该企业使用的建筑面积。", "2000"),
        Field("leading_industry", "属于主导产业", "boolean", "是否属于合同约定的主导产业。", clause=8, required=True),
        Field("manufacturing", "制造业小微企业", "boolean", "是否为制造业小微企业。", clause=9, required=True),
    )
    return (
        floor_area("total_area", "总建筑面积", "园区的总建筑面积。", "60000", clause=8),
        _area("sale_area", "出售面积", "计划出售（含已售）的建筑面积。", True, "24000"),
        _area("self_held_area", "自持面积", "开发单位自持的建筑面积。", True, "36000"),
        _area(
            "rental_area",
            "出租面积",
            "用于出租的建筑面积（可以多于自持面积，例如尚未出售的部分先行出租）。",
            False,
            "30000",
        ),
        Field(
            "industrial_land",
            "工业用地性质",
            "boolean",
            f"项目用地是否为工业用地性质。{clause_label(9)}“入驻企业应以制造业小微企业为主”一句只针对工业用地性质的项目。",
            clause=9,
        ),
        Field(
            "contract",
            "项目管理合同约定",
            "object",
            f"{CLAUSE_8}要求属地政府与开发单位在项目管理合同中明确约定的比例；未填写的项目记为“待补充”，"
            "合同确实没有约定的，在该项旁的“合同未约定”一项选“是”。",
            clause=8,
            fields=terms,
        ),
        Field(
            "tenants",
            "入驻企业",
            "table",
            "每行一家入驻企业，用于计算主导产业和制造业企业占比。",
            clause=9,
            columns=tenants,
            row_noun="家企业",
            max_rows=5000,
        ),
    )


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The ratios verdict for valid values (checked by fields() and problems())."""
    total, sale, held, rental = (values[k] for k in ("total_area", "sale_area", "self_held_area", "rental_area"))
    tenants = values["tenants"] or []
    contract = values["contract"] or {}
    basis = contract.get("basis")
    shares = _tenant_shares(tenants)
    computed = {"ratios.self_held": percent(held, total), "ratios.sale": percent(sale, total)}
    findings = [term("ratios.self_held", computed["ratios.self_held"], contract)]
    findings += rent_sale(computed["ratios.sale"], sale, total, contract)
    not_run: list[dict[str, Any]] = []
    if shares:
        computed["ratios.leading_industry"] = shares[f"leading_industry_{basis or 'count'}"]
        findings.append(term("ratios.leading_industry", computed["ratios.leading_industry"], contract, shares))
        findings += manufacturing(values["industrial_land"], shares, contract)
    else:
        reason = "未填写入驻企业名单，无法计算企业占比"
        not_run = [
            {"check": "ratios.leading_industry", "clause": 8, "reason": reason},
            {"check": "ratios.manufacturing", "clause": 9, "reason": reason},
        ]

    def limits(*keys: str) -> tuple[Fraction, ...]:
        return tuple(contract[key] for key in keys if contract.get(key) is not None)

    figures = {
        "self_held_pct": figure(computed["ratios.self_held"], PCT_PLACES, *limits("min_self_held_pct")),
        "sale_pct": figure(computed["ratios.sale"], PCT_PLACES, *limits("max_sale_pct")),
        "rental_pct": figure(percent(rental, total), PCT_PLACES) if rental is not None else None,
        "rental_to_sale": ratio_text(rental, sale),
        "basis": basis,
        "tenant_count": len(tenants),
    }
    majority = parameters.value_at("majority_share", parameters.notice_date()) * 100
    for key in ("leading_industry_count", "leading_industry_area", "manufacturing_count", "manufacturing_area"):
        name = key.replace("_count", "_pct_by_count").replace("_area", "_pct_by_area")
        bound = (
            limits("min_leading_industry_pct")
            if key.startswith("leading")
            else (majority, *limits("min_manufacturing_pct"))
        )
        figures[name] = figure(shares[key], PCT_PLACES, *bound) if shares else None
    return verdict(NAME, findings, figures, not_run)


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Areas that contradict each other (each check runs when the values it needs are valid).

    Rental area may exceed self-held area: the notice does not forbid letting space not yet sold.
    """
    total, sale, held, rental = (values[k] for k in ("total_area", "sale_area", "self_held_area", "rental_area"))
    found = []
    if None not in (total, sale, held) and sale + held > total:
        found.append(
            error(
                "total_area",
                f"出售面积 {square_metres(sale)}与自持面积 {square_metres(held)}之和 {square_metres(sale + held)}，"
                f"超过总建筑面积 {square_metres(total)}；请核对这三项面积",
            )
        )
    if None not in (rental, total) and rental > total:
        found.append(
            error("rental_area", f"出租面积 {square_metres(rental)}超过总建筑面积 {square_metres(total)}；请核对")
        )
    contract = values["contract"] or {}
    pair = [
        contract.get(key) is not None or f"contract.{key}" in invalid for key in ("rent_sale_rent", "rent_sale_sale")
    ]
    if any(pair) and not all(pair):
        missing = "rent_sale_sale" if pair[0] else "rent_sale_rent"
        found.append(error(f"contract.{missing}", "租售比例的“租”和“售”两项应一起填写，例如 6:4 分别填 6 和 4"))
    for mark, keys in (
        ("self_held_unstated", ("min_self_held_pct",)),
        ("rent_sale_unstated", ("max_sale_pct", "rent_sale_rent", "rent_sale_sale")),
        ("leading_industry_unstated", ("min_leading_industry_pct",)),
    ):
        if contract.get(mark) is True and any(contract.get(key) is not None for key in keys):
            found.append(
                error(
                    f"contract.{mark}",
                    f"已填写合同约定的{MARKS[mark]}，又注明合同未约定；请二选一：删去数值或取消这一项",
                )
            )
    areas = [row.get("area") for row in values["tenants"] or []]
    if total is not None and areas and None not in areas and sum(areas, Fraction(0)) > total:
        found.append(
            error(
                "tenants",
                f"入驻企业使用面积合计 {square_metres(sum(areas, Fraction(0)))}，"
                f"超过总建筑面积 {square_metres(total)}；请核对各企业面积",
            )
        )
    return found


def _tenant_shares(tenants: list[dict[str, Any]]) -> dict[str, Fraction]:
    """Leading-industry and manufacturing shares (%) by count and by area; {} without tenants."""
    if not tenants:
        return {}
    area = sum((row["area"] for row in tenants), Fraction(0))
    shares = {}
    for flag in ("leading_industry", "manufacturing"):
        chosen = [row for row in tenants if row[flag]]
        shares[f"{flag}_count"] = percent(Fraction(len(chosen)), Fraction(len(tenants)))
        shares[f"{flag}_area"] = percent(sum((row["area"] for row in chosen), Fraction(0)), area)
    return shares
