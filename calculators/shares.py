"""The findings of `ratios`: each share against the contract term of clause (八), and clause (九)'s manufacturing
tenants on 工业用地 (the notice's 以…为主, read as over half, whatever the contract says; a contract figure beside)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from . import parameters
from .chinese import clause_label
from .findings import Finding
from .numbers import AREA_PLACES, PCT_PLACES, exact_text, figure, plain, telling

CLAUSE_8 = clause_label(8)
BASES = {"count": "按企业数", "area": "按面积"}
# check → (Chinese name, contract key, a minimum?, how it is computed, the term as clause (八) names it, the key of
# the user's explicit mark "合同未约定" for this term)
TERMS = {
    "ratios.self_held": (
        "自持比例",
        "min_self_held_pct",
        True,
        "自持面积 ÷ 总建筑面积",
        "自持比例",
        "self_held_unstated",
    ),
    "ratios.sale": ("出售比例", "max_sale_pct", False, "出售面积 ÷ 总建筑面积", "租售比例", "rent_sale_unstated"),
    "ratios.leading_industry": (
        "主导产业企业占比",
        "min_leading_industry_pct",
        True,
        "",
        "主导产业占比",
        "leading_industry_unstated",
    ),
}
# The user's explicit marks "合同未约定": mark key → the term as clause (八) names it.
MARKS = {mark: named for _what, _key, _min, _how, named, mark in TERMS.values()}


def _against_contract(
    meets: bool, clause: int, check: str, outcomes: tuple[str, str], message: str, params: dict[str, Any]
) -> Finding:
    """A figure judged against a contract term the user entered: pass or fail, its code (the check, then how it came
    out), basis contract. One home for the shares' contract checks (自持, 出售, 租售比例, 主导产业, and the
    manufacturing figure a contract may add beside clause (九)'s own rule)."""
    outcome = outcomes[0] if meets else outcomes[1]
    return Finding("pass" if meets else "fail", clause, f"{check}.{outcome}", "contract", message, params)


def _both(shares: dict[str, Fraction], flag: str, limit: Fraction | None) -> str:
    """Both bases, e.g. "按企业数 66.67%，按面积 83.33%"."""
    bounds = [limit] if limit is not None else []
    return "，".join(f"{BASES[b]} {telling(shares[f'{flag}_{b}'], PCT_PLACES, *bounds)}%" for b in BASES)


def judged_basis(shares: dict[str, Fraction], flag: str, named: str | None, meets: Any) -> tuple[str | None, str]:
    """The basis a verdict rests on, and why: the contract's when the user names it; else both bases when they agree;
    else None (no default decides: the two bases disagree and the contract's is not entered)."""
    if named is not None:
        return named, f"按{BASES[named][1:]}判断：您填写的合同口径"
    verdicts = {b: meets(shares[f"{flag}_{b}"]) for b in BASES}
    if len(set(verdicts.values())) == 1:
        return "count", "未填写合同口径；按企业数和按面积结论相同"
    return None, "未填写合同口径，而按企业数和按面积结论不同"


def _unstated_or_to_enter(check: str, contract: dict[str, Any], computed: str, params: dict[str, Any]) -> Finding:
    """A term not entered: 合同未约定 only when the user marked it so; otherwise 待补充, saying what to enter."""
    what, _key, at_least, _how, term, mark = TERMS[check]
    asked = f"{'最低' if at_least else '最高'}{what}" if check != "ratios.sale" else "租售比例（或最高出售比例）"
    code = check if check != "ratios.sale" else "ratios.rent_sale"
    if contract.get(mark) is True:
        return Finding(
            "unstated",
            8,
            f"{code}.not_agreed",  # not .unstated: that code meant "not entered" and stays retired
            "contract",
            f"{computed}。您注明合同未约定{term}：{CLAUSE_8}要求属地政府与开发单位在项目管理"
            f"合同中对{term}等进行明确约定（通知本身未规定数值），合同未做到这一点。",
            params,
        )
    return Finding(
        "to_enter",
        8,
        f"{code}.to_enter",
        "notice",
        f"{computed}。尚未填写合同约定的{asked}，无法核对：请填写合同的约定；"
        f"合同确实没有约定的，请在“合同未约定{term}”一项选“是”。（{CLAUSE_8}要求在项目管理合同中对{term}进行明确约定，"
        "通知本身未规定数值。）",
        params,
    )


def term(
    check: str,
    value: Fraction,
    contract: dict[str, Any],
    shares: dict[str, Fraction] | None = None,
) -> Finding:
    """A share against the contract's minimum or maximum; 待补充 or 合同未约定 (when marked) without that term.

    With tenant shares (主导产业占比), both bases are computed and shown; the verdict uses the contract's basis, or
    both when they agree, and is not determined (待补充: enter the basis) when they disagree."""
    what, key, at_least, how, _term, _mark = TERMS[check]
    limit = contract.get(key)
    bound = "最低" if at_least else "最高"
    if shares is not None:
        flag = check.split(".")[1]
        how = _both(shares, flag, limit)
        if limit is not None:
            basis, why = judged_basis(shares, flag, contract.get("basis"), lambda v: v >= limit)
            if basis is None:
                return Finding(
                    "to_enter",
                    8,
                    f"{check}.basis_needed",
                    "contract",
                    f"{what}{how}，对合同约定的{bound} {exact_text(limit)}% 结论不同；{why}。"
                    "请填写合同约定的企业占比口径（按企业数或按面积）以核对。",
                    {"limit_pct": exact_text(limit)},
                )
            value = shares[f"{flag}_{basis}"]
            how = f"{how}；{why}"
    shown = telling(value, PCT_PLACES, *([limit] if limit is not None else []))
    if limit is None and shares is not None:  # no single figure: neither basis is the contract's yet
        flag = check.split(".")[1]
        by = {f"by_{b}_pct": telling(shares[f"{flag}_{b}"], PCT_PLACES) for b in BASES}
        return _unstated_or_to_enter(check, contract, f"{what}{how}", by)
    if limit is None:
        return _unstated_or_to_enter(check, contract, f"{what}为 {shown}%（{how}）", {"value_pct": shown})
    meets = value >= limit if at_least else value <= limit
    relation = ("不低于" if meets else "低于") if at_least else ("不高于" if meets else "高于")
    return _against_contract(
        meets,
        8,
        check,
        ("meets", "breaches"),
        f"{what} {shown}%（{how}），{relation}合同约定的{bound} {exact_text(limit)}%"
        f"（{CLAUSE_8}：由项目管理合同约定）。",
        {"value_pct": shown, "limit_pct": exact_text(limit)},
    )


def rent_sale(sale_pct: Fraction, sale: Fraction, total: Fraction, contract: dict[str, Any]) -> list[Finding]:
    """租售比例 as the contract states it: a maximum sale share, a rent:sale ratio, or both; 待补充 or 合同未约定
    (when marked) when neither. A ratio is judged on the sale share of the total floor area: space let while still
    for sale would count twice if rental and sale areas were compared."""
    found = []
    if contract.get("max_sale_pct") is not None:
        found.append(term("ratios.sale", sale_pct, contract))
    rent_part: Fraction | None = contract.get("rent_sale_rent")
    sale_part: Fraction | None = contract.get("rent_sale_sale")
    if rent_part is not None and sale_part is not None:
        stated = f"{plain(rent_part, 6)}:{plain(sale_part, 6)}"
        allowed = sale_part / (rent_part + sale_part) * 100
        meets = sale * (rent_part + sale_part) <= sale_part * total
        shown = telling(sale_pct, PCT_PLACES, allowed)
        found.append(
            _against_contract(
                meets,
                8,
                "ratios.rent_sale",
                ("meets", "breaches"),
                f"出售面积占总建筑面积 {shown}%，{'不高于' if meets else '高于'}合同约定的租售比例 {stated} "
                f"所允许的出售比例 {telling(allowed, PCT_PLACES, sale_pct)}%"
                f"（按出售面积 ÷ 总建筑面积核对，每平方米只计一次：未售先租的面积计为出售，不与出租面积重复计算；"
                f"{CLAUSE_8}：租售比例由项目管理合同约定）。",
                {"value": f"{shown}%", "limit": stated},
            )
        )
    if not found:
        found.append(
            _unstated_or_to_enter(
                "ratios.sale",
                contract,
                f"出售比例为 {telling(sale_pct, PCT_PLACES)}%（出售面积 ÷ 总建筑面积）",
                {"sale_pct": telling(sale_pct, PCT_PLACES)},
            )
        )
    return found


def ratio_text(rental: Fraction | None, sale: Fraction) -> str | None:
    """Rental area ÷ sale area to 4 decimals ("不出售" when nothing is sold); None without a rental area."""
    if rental is None:
        return None
    return figure(rental / sale, 4) if sale else "不出售"


def manufacturing(industrial: bool | None, shares: dict[str, Fraction], contract: dict[str, Any]) -> list[Finding]:
    """Manufacturing tenants on 工业用地: the notice's 以…为主 (read as over half), whatever the contract says; a
    contract minimum adds its own check beside it, never replacing it."""
    cited = f"{clause_label(9)}：工业用地性质的小微企业园项目，“入驻企业应以制造业小微企业为主”"
    if industrial is False:
        return [
            Finding(
                "not_applicable",
                9,
                "ratios.manufacturing.not_applicable",
                "notice",
                f"项目用地不是工业用地性质；{cited}，只针对工业用地性质的项目，故不适用。",
            )
        ]
    majority = parameters.value_at("majority_share", parameters.notice_date()) * 100
    basis, why = judged_basis(shares, "manufacturing", contract.get("basis"), lambda v: v > majority)
    both = _both(shares, "manufacturing", majority)
    reading = (
        f"解读：{cited}，通知未规定比例，本站把“为主”解读为超过 {plain(majority, 6)}%（依据：“为主”的通常用法）。"
        f"制造业小微企业占比{both}；{why}"
    )
    found = []
    if basis is None:
        found.append(
            Finding(
                "to_enter",
                9,
                "ratios.manufacturing.basis_needed",
                "reading",
                reading + "。请填写合同约定的企业占比口径（按企业数或按面积）以核对。",
                {"majority_pct": plain(majority, 6)},
            )
        )
    else:
        value = shares[f"manufacturing_{basis}"]
        shown = telling(value, PCT_PLACES, majority)
        params = {"value_pct": shown, "majority_pct": plain(majority, 6), "basis": basis}
        if value > majority:
            found.append(
                Finding(
                    "pass",
                    9,
                    "ratios.manufacturing.meets_reading",
                    "reading",
                    reading + "，超过一半，符合这一解读。",
                    params,
                )
            )
        elif industrial is None:
            found.append(
                Finding(
                    "to_enter",
                    9,
                    "ratios.manufacturing.land_unknown",
                    "reading",
                    reading + "，未超过一半。这一句只针对工业用地性质的项目，而是否为工业用地性质尚未填写："
                    "如是，则不符合这一解读；请填写“工业用地性质”以核对。",
                    params,
                )
            )
        else:
            found.append(
                Finding(
                    "fail",
                    9,
                    "ratios.manufacturing.below_reading",
                    "reading",
                    reading + "，未超过一半，不符合这一解读。",
                    params,
                )
            )
    limit = contract.get("min_manufacturing_pct")
    if limit is not None:
        named, why = judged_basis(shares, "manufacturing", contract.get("basis"), lambda v: v >= limit)
        if named is not None:
            value = shares[f"manufacturing_{named}"]
            meets = value >= limit
            shown = telling(value, PCT_PLACES, limit)
            found.append(
                _against_contract(
                    meets,
                    9,
                    "ratios.manufacturing",
                    ("meets_contract", "below_contract"),
                    f"另按合同：制造业小微企业占比 {shown}%（{why}），{'不低于' if meets else '低于'}"
                    f"合同约定的最低 {exact_text(limit)}%。"
                    "这是合同另加的约定，不代替通知“以制造业小微企业为主”的要求。",
                    {"value_pct": shown, "limit_pct": exact_text(limit), "basis": named},
                )
            )
    return found


def square_metres(value: Fraction) -> str:
    """ "1200 平方米": an area as entered, for messages."""
    return f"{plain(value, AREA_PLACES)} 平方米"
