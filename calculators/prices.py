"""`prices` — clause (八) 租售指导价格: each unit's sale price and rent against the contract's guidance.

The notice sets no price, formula or float: the guidance prices and the allowed upward deviation are the
project management contract's. A unit fails when its price is above guidance × (1 + float); at the cap passes.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from .findings import Finding, clause_label, verdict
from .inputs import Errors, Field, error
from .numbers import AREA_PLACES, PCT_PLACES, PRICE_PLACES, fixed, percent, plain, telling
from .registry import Figure

NAME = "prices"
TITLE = "租售指导价格自查"
CLAUSE = 8  # 租售指导价格 are set by the project management contract of clause (八)
CLAUSES = (CLAUSE,)
CITED = clause_label(CLAUSE)  # 第（八）条
SUMMARY = f"按{CITED}把各单元的售价、租金与项目管理合同约定的租售指导价格（含允许上浮幅度）逐一比较。"
EXAMPLE: dict[str, Any] = {
    "guidance_sale_price": 5000,
    "guidance_rent": 25,
    "float_pct": 5,
    "units": [
        {"id": "1-101", "area": 1200, "sale_price": 5200},
        {"id": "1-201", "area": 1000, "sale_price": 5300},
        {"id": "2-101", "area": 800, "rent": 26},
    ],
}
ORDER = 30
IN_PLAN = True  # `plan` checks it as part of a whole project
FIGURES: dict[str, Figure] = {
    "float_pct": Figure("允许上浮比例（%）", "您填写的合同约定"),
    "sale_price_cap": Figure("售价上限（元/平方米）", "出售指导价 × (1 + 上浮比例)"),
    "sale_units_over": Figure("售价超上限的单元数"),
    "max_sale_deviation_pct": Figure("售价最大偏离（%）", "(单元售价 − 指导价) ÷ 指导价 × 100"),
    "max_sale_deviation_unit": Figure("售价偏离最大的单元"),
    "average_sale_price": Figure("平均售价（元/平方米）", "按建筑面积加权"),
    "average_sale_deviation_pct": Figure("平均售价偏离（%）"),
    "rent_cap": Figure("租金上限", "租金指导价 × (1 + 上浮比例)"),
    "rent_units_over": Figure("租金超上限的单元数"),
    "max_rent_deviation_pct": Figure("租金最大偏离（%）", "(单元租金 − 指导价) ÷ 指导价 × 100"),
    "max_rent_deviation_unit": Figure("租金偏离最大的单元"),
    "average_rent": Figure("平均租金", "按建筑面积加权"),
    "average_rent_deviation_pct": Figure("平均租金偏离（%）"),
    "units_over": Figure("超上限的单元数（售价或租金）"),
}
# kind → (guidance field, unit price field, Chinese name, unit of price)
KINDS = {
    "sale": ("guidance_sale_price", "sale_price", "售价", "元/平方米"),
    "rent": ("guidance_rent", "rent", "租金", "元/平方米/月"),
}


@cache
def fields() -> tuple[Field, ...]:
    """The prices calculator's inputs."""
    positive = Fraction(0)
    units = (
        Field("id", "单元编号", "text", "房号或单元编号，每个单元唯一。", required=True, example="1-101"),
        Field(
            "area",
            "建筑面积",
            "number",
            "该单元的建筑面积（用于面积加权平均价）。",
            unit="平方米",
            required=True,
            exclusive_min=positive,
            example="1200",
        ),
        Field(
            "sale_price",
            "售价",
            "number",
            "每平方米售价；不出售的单元不填。",
            clause=CLAUSE,
            unit="元/平方米",
            exclusive_min=positive,
            example="5200",
        ),
        Field(
            "rent",
            "租金",
            "number",
            "每平方米每月租金；不出租的单元不填。",
            clause=CLAUSE,
            unit="元/平方米/月",
            exclusive_min=positive,
            example="26",
        ),
    )
    return (
        Field(
            "guidance_sale_price",
            "出售指导价",
            "number",
            "项目管理合同约定的出售指导价格。",
            clause=CLAUSE,
            unit="元/平方米",
            exclusive_min=positive,
            example="5000",
        ),
        Field(
            "guidance_rent",
            "出租指导价",
            "number",
            "项目管理合同约定的出租指导价格。",
            clause=CLAUSE,
            unit="元/平方米/月",
            exclusive_min=positive,
            example="25",
        ),
        Field(
            "float_pct",
            "允许上浮幅度",
            "number",
            "合同允许高于指导价的幅度；合同未约定时为 0（不得高于指导价）。",
            clause=CLAUSE,
            unit="%",
            default=Fraction(0),
            min=Fraction(0),
            max=Fraction(100),
            example="5",
        ),
        Field(
            "units",
            "单元",
            "table",
            "每行一个单元：编号、面积，以及售价和/或租金。",
            clause=CLAUSE,
            required=True,
            columns=units,
            row_noun="个单元",
            max_rows=5000,
        ),
    )


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Duplicate unit ids, units with no price, and prices with no guidance to compare them with.

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
    for guidance, price, name, _ in KINDS.values():
        priced = [index + 1 for index, row in enumerate(rows) if row.get(price) is not None]
        if priced and values[guidance] is None and guidance not in invalid:
            listed = "、".join(map(str, priced[:10])) + ("等" if len(priced) > 10 else "")
            found.append(
                error(
                    guidance,
                    f"第 {listed} 个单元填写了{name}，但没有填写{_field_label(guidance)}，无法比较；"
                    f"请填写合同约定的{_field_label(guidance)}",
                )
            )
    return found


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The prices verdict for valid values (checked by fields() and problems())."""
    rows = values["units"]
    float_pct = values["float_pct"]
    figures: dict[str, Any] = {"float_pct": plain(float_pct, 6)}
    units = [
        {
            "id": row["id"],
            "area": plain(row["area"], AREA_PLACES),
            "sale_price": None,
            "sale_deviation_pct": None,
            "sale_over": None,
            "rent": None,
            "rent_deviation_pct": None,
            "rent_over": None,
        }
        for row in rows
    ]
    over_ids: set[str] = set()
    findings = []
    for kind, (guidance_key, price_key, name, unit) in KINDS.items():
        guidance = values[guidance_key]
        priced = [(row, out) for row, out in zip(rows, units) if row[price_key] is not None]
        cap = guidance * (1 + float_pct / 100) if guidance is not None else None
        figures[f"{price_key}_cap"] = fixed(cap, PRICE_PLACES) if cap is not None else None
        over, largest = [], None
        for row, out in priced:
            deviation = percent(row[price_key] - guidance, guidance)
            out[price_key] = plain(row[price_key], PRICE_PLACES)
            out[f"{kind}_deviation_pct"] = fixed(deviation, PCT_PLACES)
            out[f"{kind}_over"] = row[price_key] > cap
            if row[price_key] > cap:
                over.append((row["id"], deviation))
            if largest is None or deviation > largest[1]:
                largest = (row["id"], deviation)
        over_ids.update(unit_id for unit_id, _ in over)
        figures[f"{kind}_units_over"] = len(over)
        figures[f"max_{kind}_deviation_pct"] = fixed(largest[1], PCT_PLACES) if largest else None
        figures[f"max_{kind}_deviation_unit"] = largest[0] if largest else None
        average = _weighted([(row["area"], row[price_key]) for row, _ in priced])
        figures[f"average_{price_key}"] = fixed(average, PRICE_PLACES) if average is not None else None
        figures[f"average_{kind}_deviation_pct"] = (
            fixed(percent(average - guidance, guidance), PCT_PLACES) if average is not None else None
        )
        if priced:
            findings.append(_finding(kind, name, unit, guidance, float_pct, cap, len(priced), over))
    figures["units_over"] = len(over_ids)
    figures["units"] = units
    return verdict(NAME, findings, figures)


def _finding(
    kind: str,
    name: str,
    unit: str,
    guidance: Fraction,
    float_pct: Fraction,
    cap: Fraction,
    count: int,
    over: list[tuple[str, Fraction]],
) -> Finding:
    allowed = f"允许上浮 {plain(float_pct, 6)}%" if float_pct else "不允许上浮（合同未约定上浮幅度时按 0 计）"
    rule = f"{_field_label(KINDS[kind][0])} {plain(guidance, 6)} {unit}，{allowed}，上限 {telling(cap, guidance, PRICE_PLACES)} {unit}"
    basis = f"{clause_label(8)}：租售指导价格由项目管理合同约定"
    if not over:
        return Finding(
            "pass",
            CLAUSE,
            f"prices.{kind}",
            "contract",
            f"全部 {count} 个单元的{name}都不高于上限（{rule}；恰好等于上限的视为符合）。{basis}。",
        )
    shown = "、".join(
        f"{unit_id}（比指导价高 {telling(deviation, float_pct, PCT_PLACES)}%）" for unit_id, deviation in over[:10]
    )
    more = f"等 {len(over)} 个" if len(over) > 10 else ""
    return Finding(
        "fail",
        CLAUSE,
        f"prices.{kind}",
        "contract",
        f"{count} 个单元中有 {len(over)} 个的{name}高于上限（{rule}）：{shown}{more}。{basis}。",
    )


def _weighted(pairs: list[tuple[Fraction, Fraction]]) -> Fraction | None:
    """Area-weighted average price; None when there are no prices."""
    area = sum((a for a, _ in pairs), Fraction(0))
    return sum((a * p for a, p in pairs), Fraction(0)) / area if pairs else None


def _field_label(key: str) -> str:
    return next(spec.label for spec in fields() if spec.key == key)
