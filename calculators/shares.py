"""The findings of `ratios`: each share against the contract term of clause (八), and clause (九)'s manufacturing
tenants on 工业用地 (the contract's figure, else the 以…为主 reading)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from . import parameters
from .chinese import clause_label
from .findings import Finding
from .numbers import AREA_PLACES, PCT_PLACES, exact_text, figure, plain, telling

CLAUSE_8 = clause_label(8)
BASES = {"count": "按企业数", "area": "按面积"}
DEFAULT_BASIS = (
    "count"  # the notice speaks of 入驻企业 (firms), so firms are counted unless the contract says otherwise
)
# Contract terms of clause (八) checked against a computed share: check → (Chinese name, contract key, at least?, how)
# check → (Chinese name, contract key, a minimum?, how it is computed, the term as clause (八) names it)
TERMS = {
    "ratios.self_held": ("自持比例", "min_self_held_pct", True, "自持面积 ÷ 总建筑面积", "自持比例"),
    "ratios.sale": ("出售比例", "max_sale_pct", False, "出售面积 ÷ 总建筑面积", "租售比例"),
    "ratios.leading_industry": ("主导产业企业占比", "min_leading_industry_pct", True, "", "主导产业占比"),
}


def _judged(basis: str, named: bool) -> str:
    """Which basis the verdict uses, and why."""
    why = "合同约定的口径" if named else "合同未约定口径，按企业数：通知说的是“入驻企业”"
    return f"按{BASES[basis][1:]}判断，{why}"


def _both(shares: dict[str, Fraction], flag: str, limit: Fraction | None) -> str:
    """Both bases, e.g. "按企业数 66.67%，按面积 83.33%"."""
    bounds = [limit] if limit is not None else []
    return "，".join(f"{BASES[b]} {telling(shares[f'{flag}_{b}'], PCT_PLACES, *bounds)}%" for b in BASES)


def term(
    check: str,
    value: Fraction,
    contract: dict[str, Any],
    shares: dict[str, Fraction] | None = None,
    basis: str = DEFAULT_BASIS,
) -> Finding:
    """A share against the contract's minimum or maximum; "unstated" when that term was not entered."""
    what, key, at_least, how, term = TERMS[check]
    limit = contract.get(key)
    bound = "最低" if at_least else "最高"
    if shares is not None:
        how = f"{_both(shares, check.split('.')[1], limit)}；{_judged(basis, contract.get('basis') is not None)}"
    shown = telling(value, PCT_PLACES, *([limit] if limit is not None else []))
    if limit is None:
        return Finding(
            "unstated",
            8,
            f"{check}.unstated",
            "notice",
            f"{what}为 {shown}%（{how}）。未填写合同约定的{bound}{what}：{CLAUSE_8}要求属地政府与开发单位在项目管理"
            f"合同中对{term}等进行明确约定，通知本身未规定数值。"
            f"请填写合同约定的{bound}比例以核对；合同没有约定的，合同未做到{CLAUSE_8}的明确约定。",
            {"value_pct": shown},
        )
    meets = value >= limit if at_least else value <= limit
    relation = ("不低于" if meets else "低于") if at_least else ("不高于" if meets else "高于")
    return Finding(
        "pass" if meets else "fail",
        8,
        f"{check}.{'meets' if meets else 'breaches'}",
        "contract",
        f"{what} {shown}%（{how}），{relation}合同约定的{bound} {exact_text(limit)}%"
        f"（{CLAUSE_8}：由项目管理合同约定）。",
        {"value_pct": shown, "limit_pct": exact_text(limit)},
    )


def rent_sale(sale_pct: Fraction, sale: Fraction, rental: Fraction | None, contract: dict[str, Any]) -> list[Finding]:
    """租售比例 as the contract states it: a maximum sale share, a rent:sale ratio, or both; unstated when neither."""
    found = []
    if contract.get("max_sale_pct") is not None:
        found.append(term("ratios.sale", sale_pct, contract))
    rent_part: Fraction | None = contract.get("rent_sale_rent")
    sale_part: Fraction | None = contract.get("rent_sale_sale")
    stated = f"{plain(rent_part, 6)}:{plain(sale_part, 6)}" if rent_part is not None and sale_part is not None else ""
    actual = ratio_text(rental, sale)
    if stated and rental is None:
        found.append(
            Finding(
                "unstated",
                8,
                "ratios.rent_sale.no_rental_area",
                "contract",
                f"合同约定租售比例 {stated}，但未填写出租面积，无法核对；请填写出租面积。",
                {"limit": stated},
            )
        )
    elif rent_part is not None and sale_part is not None and rental is not None:
        meets = rental * sale_part >= sale * rent_part
        found.append(
            Finding(
                "pass" if meets else "fail",
                8,
                f"ratios.rent_sale.{'meets' if meets else 'breaches'}",
                "contract",
                f"出租面积 {square_metres(rental)}与出售面积 {square_metres(sale)}之比为 {actual}（租 ÷ 售），"
                f"{'不低于' if meets else '低于'}合同约定的租售比例 {stated}（即 {telling(rent_part / sale_part, 4)}）"
                f"（{CLAUSE_8}：租售比例由项目管理合同约定；这里按“出售不超过约定比例”核对）。",
                {"value": actual, "limit": stated},
            )
        )
    if not found:
        found.append(
            Finding(
                "unstated",
                8,
                "ratios.rent_sale.unstated",
                "notice",
                f"出售面积占总建筑面积 {telling(sale_pct, PCT_PLACES)}%，"
                f"出租面积与出售面积之比为 {actual or '—（未填写出租面积）'}。"
                f"未填写合同约定的租售比例：{CLAUSE_8}要求在项目管理合同中对租售比例进行明确约定，通知本身未规定数值。"
                f"请填写合同约定的租售比例（或最高出售比例）以核对；合同没有约定的，合同未做到{CLAUSE_8}的明确约定。",
                {"sale_pct": telling(sale_pct, PCT_PLACES), "value": actual},
            )
        )
    return found


def ratio_text(rental: Fraction | None, sale: Fraction) -> str | None:
    """Rental area ÷ sale area to 4 decimals ("不出售" when nothing is sold); None without a rental area."""
    if rental is None:
        return None
    return figure(rental / sale, 4) if sale else "不出售"


def manufacturing(
    industrial: bool | None, shares: dict[str, Fraction], contract: dict[str, Any], basis: str
) -> Finding:
    """Manufacturing tenants on 工业用地: the contract's figure when given, else the 以…为主 reading (over half)."""
    cited = f"{clause_label(9)}：工业用地性质的小微企业园项目，“入驻企业应以制造业小微企业为主”"
    if industrial is False:
        return Finding(
            "not_applicable",
            9,
            "ratios.manufacturing.not_applicable",
            "notice",
            f"项目用地不是工业用地性质；{cited}，只针对工业用地性质的项目，故不适用。",
        )
    limit = contract.get("min_manufacturing_pct")
    value = shares[f"manufacturing_{basis}"]
    both, judged = _both(shares, "manufacturing", limit), _judged(basis, contract.get("basis") is not None)
    if limit is not None:
        meets = value >= limit
        shown = telling(value, PCT_PLACES, limit)
        return Finding(
            "pass" if meets else "fail",
            9,
            f"ratios.manufacturing.{'meets' if meets else 'below'}_contract",
            "contract",
            f"制造业小微企业占比 {shown}%（{both}；{judged}），{'不低于' if meets else '低于'}"
            f"合同约定的最低 {exact_text(limit)}%（{cited}）。",
            {"value_pct": shown, "limit_pct": exact_text(limit), "basis": basis},
        )
    majority = parameters.value_at("majority_share", parameters.notice_date()) * 100
    shown = telling(value, PCT_PLACES, majority)
    params = {"value_pct": shown, "majority_pct": plain(majority, 6), "basis": basis}
    reading = (
        f"解读：{cited}，通知未规定比例，本站把“为主”解读为超过 {plain(majority, 6)}%（依据：“为主”的通常用法）。"
        f"制造业小微企业占比 {shown}%（{both}；{judged}），"
    )
    if value > majority:
        return Finding(
            "pass", 9, "ratios.manufacturing.meets_reading", "reading", reading + "超过一半，符合这一解读。", params
        )
    if industrial is None:
        return Finding(
            "review",
            9,
            "ratios.manufacturing.land_unknown",
            "reading",
            reading + "未超过一半。这一句只针对工业用地性质的项目，而是否为工业用地性质未填写："
            "如是，则不符合这一解读；请填写“工业用地性质”以核对。",
            params,
        )
    return Finding(
        "fail",
        9,
        "ratios.manufacturing.below_reading",
        "reading",
        reading + "未超过一半，不符合这一解读；如合同约定了比例，请填写以核对。",
        params,
    )


def square_metres(value: Fraction) -> str:
    """ "1200 平方米": an area as entered, for messages."""
    return f"{plain(value, AREA_PLACES)} 平方米"
