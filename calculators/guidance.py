"""How a contract states its guidance price (clause 八): the rules a user may pick, and one kind's finding."""

from __future__ import annotations

from fractions import Fraction

from . import parameters
from .chinese import clause_label
from .findings import Finding
from .numbers import PRICE_PLACES, figure, plain, telling

CLAUSE = 8  # 租售指导价格 are set by the project management contract of clause (八)
CITED = clause_label(CLAUSE)

# How a contract may state its guidance price (the user says which one theirs contains).
RULES = {
    "cap": "单价不高于指导价",
    "cap_float": "单价不高于指导价上浮约定幅度",
    "average": "面积加权平均价不高于指导价",
    "band": "单价在约定的最低价与最高价之间",
}
PERIODS = {"day": "日", "month": "月", "year": "年"}
# kind → (Chinese name, unit price field in a unit row)
KINDS = {"sale": ("售价", "sale_price"), "rent": ("租金", "rent")}
SALE_UNIT = "元/平方米"


def price_unit(kind: str, period: str | None) -> str:
    """元/平方米 for sale prices; 元/平方米/月 (or 日, 年) for rents."""
    return SALE_UNIT if kind == "sale" else f"{SALE_UNIT}/{PERIODS[period or 'month']}"


def outside(rule: str | None, price: Fraction, cap: Fraction | None, low: Fraction | None) -> bool | None:
    """Whether one unit breaks a per-unit rule (None for no rule or an average rule: no unit is judged alone)."""
    if rule in ("cap", "cap_float") and cap is not None:
        return price > cap
    if rule == "band" and cap is not None and low is not None:
        return price > cap or price < low
    return None


def rent_conversions(average: Fraction | None, period: str) -> dict[str, str | None]:
    """The average rent per month and per year (1 年 = 12 个月 = days_per_year 天), for display only."""
    if average is None:
        return {"average_rent_per_month": None, "average_rent_per_year": None}
    days = parameters.value_at("days_per_year", parameters.notice_date())
    per_year = {"day": average * days, "month": average * 12, "year": average}[period]
    return {
        "average_rent_per_month": figure(per_year / 12, PRICE_PLACES),
        "average_rent_per_year": figure(per_year, PRICE_PLACES),
    }


def finding(
    kind: str,
    rule: str | None,
    guidance: Fraction | None,
    float_pct: Fraction | None,
    low: Fraction | None,
    cap: Fraction | None,
    unit: str,
    count: int,
    over: list[tuple[str, Fraction]],
    average: Fraction | None,
) -> Finding:
    """One kind\'s finding (sale or rent): 待补充 ("to_enter") without a rule — a rule not chosen is not entered, not a
    contract that says nothing — else the rule applied to every priced unit."""
    name = KINDS[kind][0]
    basis = f"{CITED}：租售指导价格由项目管理合同约定"
    if rule is None:
        return Finding(
            "to_enter",
            CLAUSE,
            f"prices.{kind}.to_enter",
            "notice",
            f"{count} 个单元填写了{name}，但尚未选择合同对{name}的规定，这里只计算、不判断（待补充）。{CITED}要求在"
            f"项目管理合同中对租售指导价格进行明确约定，但通知未规定指导价是上限、平均价还是区间；请选择合同的规定"
            f"（{'、'.join(RULES.values())}）并填写相应价格以核对；合同确实没有约定的，请在“合同未约定{name}指导价”"
            "一项选“是”。",
            {"count": count},
        )
    assert average is not None
    marks = [m for m in (guidance, cap, low) if m is not None]
    if rule == "average":
        assert guidance is not None
        shown_average = telling(average, PRICE_PLACES, guidance)
        meets = average <= guidance
        limit_text = f"{plain(guidance, 6)} {unit}"
        text = (
            f"{count} 个单元的面积加权平均{name} {shown_average} {unit}，{'不高于' if meets else '高于'}"
            f"合同约定的指导价 {limit_text}（合同规定：{RULES[rule]}）。{basis}。"
        )
        params = {"rule": rule, "count": count, "limit": plain(guidance, 6), "average": shown_average, "units": []}
        return Finding(
            "pass" if meets else "fail",
            CLAUSE,
            f"prices.{kind}.{'meets' if meets else 'breaches'}",
            "contract",
            text,
            params,
        )
    assert cap is not None
    if rule == "band":
        assert low is not None
        limit_text = f"{plain(low, 6)}–{plain(cap, 6)} {unit}"
    elif rule == "cap_float":
        assert guidance is not None and float_pct is not None
        limit_text = (
            f"指导价 {plain(guidance, 6)} {unit}，允许上浮 {plain(float_pct, 6)}%，"
            f"上限 {telling(cap, PRICE_PLACES, guidance)} {unit}"
        )
    else:
        limit_text = f"指导价 {plain(cap, 6)} {unit}"
    params = {
        "rule": rule,
        "count": count,
        "limit": limit_text,
        "average": telling(average, PRICE_PLACES, *marks),
        "units": [unit_id for unit_id, _ in over],
    }
    where = "区间内" if rule == "band" else "不高于上限"
    if not over:
        return Finding(
            "pass",
            CLAUSE,
            f"prices.{kind}.meets",
            "contract",
            f"全部 {count} 个单元的{name}都在合同规定之内（{RULES[rule]}：{limit_text}；恰好等于界限的视为{where}）。"
            f"{basis}。",
            params,
        )
    shown = "、".join(f"{unit_id}（{telling(price, PRICE_PLACES, *marks)} {unit}）" for unit_id, price in over[:10])
    more = f"等 {len(over)} 个" if len(over) > 10 else ""
    return Finding(
        "fail",
        CLAUSE,
        f"prices.{kind}.breaches",
        "contract",
        f"{count} 个单元中有 {len(over)} 个的{name}不在合同规定之内（{RULES[rule]}：{limit_text}）："
        f"{shown}{more}。{basis}。",
        params,
    )


def not_agreed(kind: str, count: int) -> Finding:
    """The user marked that the contract agrees no guidance price for this kind: 合同未约定, which clause (八) asks
    the contract to state. Said whether or not any unit carries such a price: the mark is about the contract."""
    name = KINDS[kind][0]
    priced = f"{count} 个单元填写了{name}，" if count else ""
    return Finding(
        "unstated",
        CLAUSE,
        f"prices.{kind}.not_agreed",
        "contract",
        f"{priced}您注明合同未约定{name}的指导价：{CITED}要求属地政府与开发单位在项目管理合同中对租售指导价格"
        "进行明确约定（通知本身未规定价格），合同未做到这一点。",
        {"count": count},
    )


def weighted(pairs: list[tuple[Fraction, Fraction]]) -> Fraction | None:
    """Area-weighted average price; None when there are no prices."""
    area = sum((a for a, _ in pairs), Fraction(0))
    return sum((a * p for a, p in pairs), Fraction(0)) / area if pairs else None
