"""`ratios` — clauses (八), (九): self-held, sale and rental shares of floor area; tenant shares.

The notice sets none of these numbers: 自持比例, 租售比例 and 主导产业占比 are whatever the project management
contract says (clause 八). Only "入驻企业应以制造业小微企业为主" (clause 九) is read here, as more than half,
when the contract gives no figure — labelled as a reading.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from . import parameters
from .findings import Finding, clause_label, verdict
from .inputs import Errors, Field, Option, error
from .numbers import AREA_PLACES, PCT_PLACES, exact_text, fixed, percent, plain, telling
from .registry import Figure

NAME = "ratios"
TITLE = "租售、自持与入驻企业比例自查"
CLAUSES = (8, 9)
SUMMARY = (
    "按第（八）条、第（九）条计算自持、出售、出租面积比例和入驻企业占比，并与项目管理合同的约定核对；"
    "通知未规定这些比例，由合同约定。"
)
EXAMPLE: dict[str, Any] = {
    "total_area": 60000,
    "sale_area": 24000,
    "self_held_area": 36000,
    "rental_area": 30000,
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
    "rental_pct": Figure("出租比例（%）", "出租面积 ÷ 自持面积 × 100"),
    "basis": Figure("企业占比口径", "count 按企业数，area 按使用面积"),
    "tenant_count": Figure("入驻企业数"),
    "leading_industry_pct_by_count": Figure("主导产业企业占比（按企业数，%）", "主导产业企业数 ÷ 企业总数 × 100"),
    "leading_industry_pct_by_area": Figure("主导产业企业占比（按面积，%）", "主导产业企业使用面积 ÷ 总使用面积 × 100"),
    "manufacturing_pct_by_count": Figure("制造业小微企业占比（按企业数，%）", "制造业企业数 ÷ 企业总数 × 100"),
    "manufacturing_pct_by_area": Figure("制造业小微企业占比（按面积，%）", "制造业企业使用面积 ÷ 总使用面积 × 100"),
}
BASES = {"count": "按企业数", "area": "按面积"}
HUNDRED = Fraction(100)


def _pct(key: str, label: str, help_text: str, clause: int, example: str) -> Field:
    return Field(
        key, label, "number", help_text, clause=clause, unit="%", min=Fraction(0), max=HUNDRED, example=example
    )


def _area(key: str, label: str, help_text: str, required: bool, example: str) -> Field:
    return Field(
        key, label, "number", help_text, clause=8, unit="平方米", required=required, min=Fraction(0), example=example
    )


@cache
def fields() -> tuple[Field, ...]:
    """The ratios calculator's inputs."""
    contract = (
        _pct(
            "min_self_held_pct",
            "合同约定的最低自持比例",
            "自持面积占总建筑面积的最低比例（项目管理合同约定）。",
            8,
            "50",
        ),
        _pct("max_sale_pct", "合同约定的最高出售比例", "出售面积占总建筑面积的最高比例（项目管理合同约定）。", 8, "50"),
        _pct(
            "min_leading_industry_pct",
            "合同约定的最低主导产业占比",
            "主导产业企业的最低占比（项目管理合同约定）。",
            8,
            "60",
        ),
        _pct(
            "min_manufacturing_pct",
            "合同约定的最低制造业企业占比",
            "制造业小微企业的最低占比（如合同有约定）。不填时按“以……为主”解读为超过一半。",
            9,
            "60",
        ),
        Field(
            "basis",
            "企业占比的计算口径",
            "select",
            "按企业数（count，通知说的是“入驻企业”）或按面积（area）。",
            clause=9,
            default="count",
            example="count",
            options=tuple(Option(k, v) for k, v in BASES.items()),
        ),
    )
    tenants = (
        Field("name", "企业名称", "text", "入驻企业名称。", required=True, example="甲精密机械有限公司"),
        Field(
            "area",
            "使用面积",
            "number",
            "该企业使用的建筑面积。",
            unit="平方米",
            required=True,
            exclusive_min=Fraction(0),
            example="2000",
        ),
        Field("leading_industry", "属于主导产业", "boolean", "是否属于合同约定的主导产业。", clause=8, required=True),
        Field("manufacturing", "制造业小微企业", "boolean", "是否为制造业小微企业。", clause=9, required=True),
    )
    return (
        Field(
            "total_area",
            "总建筑面积",
            "number",
            "园区的总建筑面积。",
            clause=8,
            unit="平方米",
            required=True,
            exclusive_min=Fraction(0),
            example="60000",
        ),
        _area("sale_area", "出售面积", "计划出售（含已售）的建筑面积。", True, "24000"),
        _area("self_held_area", "自持面积", "开发单位自持的建筑面积。", True, "36000"),
        _area("rental_area", "出租面积", "自持面积中用于出租的部分（不超过自持面积）。", False, "30000"),
        Field(
            "contract",
            "项目管理合同约定",
            "object",
            "第（八）条要求属地政府与开发单位在项目管理合同中明确约定的比例；只核对填写了的项目。",
            clause=8,
            fields=contract,
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
    basis = contract.get("basis") or "count"
    shares = _tenant_shares(tenants)
    self_held_pct, sale_pct = percent(held, total), percent(sale, total)
    findings = [
        _term(
            "ratios.self_held",
            8,
            "自持比例",
            self_held_pct,
            contract.get("min_self_held_pct"),
            True,
            "自持面积 ÷ 总建筑面积",
        ),
        _term("ratios.sale", 8, "出售比例", sale_pct, contract.get("max_sale_pct"), False, "出售面积 ÷ 总建筑面积"),
    ]
    not_run = []
    if shares:
        by = BASES[basis]
        findings.append(
            _term(
                "ratios.leading_industry",
                8,
                "主导产业企业占比",
                shares[f"leading_industry_{basis}"],
                contract.get("min_leading_industry_pct"),
                True,
                by,
            )
        )
        findings.append(_manufacturing(shares[f"manufacturing_{basis}"], contract.get("min_manufacturing_pct"), by))
    else:
        reason = "未提供入驻企业名单（tenants），无法计算企业占比"
        not_run = [
            {"check": "ratios.leading_industry", "clause": 8, "reason": reason},
            {"check": "ratios.manufacturing", "clause": 9, "reason": reason},
        ]
    figures = {
        "self_held_pct": fixed(self_held_pct, PCT_PLACES),
        "sale_pct": fixed(sale_pct, PCT_PLACES),
        "rental_pct": fixed(percent(rental, held), PCT_PLACES) if rental is not None and held else None,
        "basis": basis,
        "tenant_count": len(tenants),
    }
    for key in ("leading_industry_count", "leading_industry_area", "manufacturing_count", "manufacturing_area"):
        name = key.replace("_count", "_pct_by_count").replace("_area", "_pct_by_area")
        figures[name] = fixed(shares[key], PCT_PLACES) if shares else None
    return verdict(NAME, findings, figures, not_run)


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Areas that contradict each other (each check runs when the values it needs are valid)."""
    total, sale, held, rental = (values[k] for k in ("total_area", "sale_area", "self_held_area", "rental_area"))
    found = []
    if None not in (total, sale, held) and sale + held > total:
        found.append(
            error(
                "total_area",
                f"出售面积 {_m2(sale)}与自持面积 {_m2(held)}之和 {_m2(sale + held)}，"
                f"超过总建筑面积 {_m2(total)}；请核对这三项面积",
            )
        )
    if None not in (rental, held) and rental > held:
        found.append(
            error(
                "rental_area",
                f"出租面积 {_m2(rental)}超过自持面积 {_m2(held)}；出租面积是自持面积中出租的部分，不能超过自持面积",
            )
        )
    areas = [row.get("area") for row in values["tenants"] or []]
    if total is not None and areas and None not in areas and sum(areas, Fraction(0)) > total:
        found.append(
            error(
                "tenants",
                f"入驻企业使用面积合计 {_m2(sum(areas, Fraction(0)))}，超过总建筑面积 {_m2(total)}；请核对各企业面积",
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


def _term(
    check: str, clause: int, what: str, value: Fraction, limit: Fraction | None, at_least: bool, how: str
) -> Finding:
    """A share against the contract's minimum (at_least) or maximum; review when the contract gives none."""
    if limit is None:
        return Finding(
            "review",
            clause,
            check,
            "notice",
            f"{what}为 {plain(value, PCT_PLACES)}%（{how}）。通知未规定{what}，{clause_label(8)}要求在项目管理合同中"
            f"明确约定；请填写合同约定的{'最低' if at_least else '最高'}比例以核对。",
        )
    meets = value >= limit if at_least else value <= limit
    relation = ("不低于" if meets else "低于") if at_least else ("不高于" if meets else "高于")
    return Finding(
        "pass" if meets else "fail",
        clause,
        check,
        "contract",
        f"{what} {telling(value, limit, PCT_PLACES)}%（{how}），{relation}合同约定的"
        f"{'最低' if at_least else '最高'} {exact_text(limit)}%（{clause_label(8)}：由项目管理合同约定）。",
    )


def _manufacturing(value: Fraction, limit: Fraction | None, how: str) -> Finding:
    """Manufacturing tenants: the contract's figure when given, else the 以…为主 reading (more than half)."""
    if limit is not None:
        meets = value >= limit
        return Finding(
            "pass" if meets else "fail",
            9,
            "ratios.manufacturing",
            "contract",
            f"制造业小微企业占比 {telling(value, limit, PCT_PLACES)}%（{how}），{'不低于' if meets else '低于'}"
            f"合同约定的最低 {exact_text(limit)}%（{clause_label(9)}：入驻企业应以制造业小微企业为主）。",
        )
    majority = parameters.value_at("majority_share") * 100
    above = value > majority
    return Finding(
        "pass" if above else "review",
        9,
        "ratios.manufacturing",
        "reading",
        f"解读：{clause_label(9)}“入驻企业应以制造业小微企业为主”，通知未规定比例，本站解读为超过 "
        f"{plain(majority, 6)}%。制造业小微企业占比 {telling(value, majority, PCT_PLACES)}%（{how}），"
        + (
            "超过一半，符合这一解读。"
            if above
            else "未超过一半，是否符合“为主”由当地决定；如合同约定了比例，请填写以核对。"
        ),
    )


def _m2(value: Fraction) -> str:
    return f"{plain(value, AREA_PLACES)} 平方米"
