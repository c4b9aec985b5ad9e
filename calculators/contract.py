"""Whether the project management contract, as entered, states what clauses (八) and (六) say it must.

Clause (八): the contract 应对主导产业占比、租售比例、自持比例、租售指导价格等进行明确约定. Clause (六): 各地
对…地价、房价、转让、分割、自持等作出明确要求. A term the plan's parts report as not entered ("unstated"), or an
item of (六) not confirmed, makes the contract incomplete — a finding of its own, citing the clause.
"""

from __future__ import annotations

from typing import Any

from .chinese import clause_label
from .findings import Finding
from .inputs import Field

CLAUSES = (6, 8)  # the clauses whose contract terms this checks
# Clause (八)'s four terms → the checks whose "unstated" outcome (or absence) means the term is not entered.
CLAUSE_8_TERMS = {
    "主导产业占比": ("ratios.leading_industry",),
    "租售比例": ("ratios.rent_sale", "ratios.sale"),
    "自持比例": ("ratios.self_held",),
    "租售指导价格": ("prices.sale", "prices.rent"),
}
# Clause (六)'s items in the notice's order, as boolean inputs: (input key, the notice's word).
CLAUSE_6_ITEMS = (
    ("land_price", "地价"),
    ("house_price", "房价"),
    ("transfer", "转让"),
    ("division", "分割"),
    ("self_held", "自持"),
)


def field() -> Field:
    """The plan's input for clause (六): one yes/no per item."""
    return Field(
        "clause6",
        f"{clause_label(6)}事项",
        "object",
        f"{clause_label(6)}要求各地对工业地产开发项目的地价、房价、转让、分割、自持等作出明确要求；"
        "已作出明确要求（如写入合同）的事项选“是”。",
        clause=6,
        fields=tuple(
            Field(key, f"已明确{name}要求", "boolean", f"是否已对{name}作出明确要求。", clause=6)
            for key, name in CLAUSE_6_ITEMS
        ),
    )


def findings(results: dict[str, dict[str, Any]], clause6: dict[str, Any] | None) -> list[Finding]:
    """An "unstated" finding for each clause whose terms are not all entered; none when complete, and none when the
    plan has no contract part (ratios, prices) at all: a land-only plan says nothing about the contract."""
    if not {"ratios", "prices"} & set(results):
        return []
    stated: dict[str, set[str]] = {}
    for result in results.values():
        for finding in result["findings"]:
            if finding["status"] != "unstated":
                stated.setdefault(finding["check"], set()).add(finding["status"])
    missing_8 = [term for term, checks in CLAUSE_8_TERMS.items() if not any(check in stated for check in checks)]
    items = clause6 or {}
    missing_6 = [name for key, name in CLAUSE_6_ITEMS if items.get(key) is not True]
    found = []
    for clause, missing, what in (
        (
            8,
            missing_8,
            "属地政府与项目开发单位签订项目管理合同，应对主导产业占比、租售比例、自持比例、租售指导价格等进行明确约定",
        ),
        (6, missing_6, "对工业地产开发小微企业的项目的地价、房价、转让、分割、自持等作出明确要求"),
    ):
        if missing:
            found.append(
                Finding(
                    "unstated",
                    clause,
                    "plan.contract.incomplete",
                    "notice",
                    f"尚未填写（或合同未约定）：{'、'.join(missing)}。{clause_label(clause)}：“{what}”。"
                    "请填写合同的相应约定；合同确实没有约定的，即未做到这一条的要求。",
                    {"missing": missing, "clause": clause},
                )
            )
    return found
