"""Whether the project management contract, as entered, states what clauses (八) and (六) say it must.

Clause (八): the contract 应对主导产业占比、租售比例、自持比例、租售指导价格等进行明确约定. Clause (六): 各地
对…地价、房价、转让、分割、自持等作出明确要求. A term the plan's parts report as not entered ("unstated"), or an
item of (六) not made, is a finding of its own, citing the clause; (六)'s items are what 各地 require, not
contract terms.
"""

from __future__ import annotations

from typing import Any

from .chinese import clause_label
from .findings import Finding
from .inputs import Field

CLAUSES = (6, 8)  # the clauses whose contract terms this checks
# Clause (八)'s four terms, in its order. A part's input that states one names it (Field.term) with its "合同未约定"
# mark (Field.mark): the term's state is read from what was entered, never from whether a check could run (a
# 主导产业占比 entered without a tenant list is stated, not 待补充).
CLAUSE_8_TERMS = ("主导产业占比", "租售比例", "自持比例", "租售指导价格")
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
        f"{clause_label(6)}要求各地（属地政府）对工业地产开发项目的地价、房价、转让、分割、自持等作出明确要求"
        "（这是对各地的要求，不是合同条款）；各地已作出明确要求的事项选“是”，未作出的选“否”。",
        clause=6,
        fields=tuple(
            Field(key, f"各地已明确{name}要求", "boolean", f"各地是否已对{name}作出明确要求。", clause=6)
            for key, name in CLAUSE_6_ITEMS
        ),
    )


def term_states(parts: list[tuple[tuple[Field, ...], dict[str, Any] | None]]) -> dict[str, str]:
    """Each clause (八) term as the parts' inputs give it: "stated" (a value entered), "unstated" (the user's mark
    合同未约定, and no value), or "to_enter" (neither). `parts`: each part's fields and its values (None: no data)."""
    stated: set[str] = set()
    marked: set[str] = set()

    def walk(fields: tuple[Field, ...], values: dict[str, Any]) -> None:
        for spec in fields:
            value = values.get(spec.key)
            if spec.type == "object" and isinstance(value, dict):
                walk(spec.fields, value)
            elif spec.term in CLAUSE_8_TERMS and spec.mark:
                if value is not None:
                    stated.add(spec.term)
                if values.get(spec.mark) is True:
                    marked.add(spec.term)

    for fields, values in parts:
        if values is not None:
            walk(fields, values)
    return {
        term: "stated" if term in stated else "unstated" if term in marked else "to_enter" for term in CLAUSE_8_TERMS
    }


def findings(
    results: dict[str, dict[str, Any]],
    clause6: dict[str, Any] | None,
    parts: list[tuple[tuple[Field, ...], dict[str, Any] | None]],
) -> list[Finding]:
    """For clause (八): the contract terms not stated — 合同未约定 only where the user marked them so, 待补充 where
    they are not entered yet; none when complete, and none when the plan has no contract part (ratios, prices) at
    all. For clause (六): its items are requirements 各地 make (not contract terms), reported as such."""
    if not {"ratios", "prices"} & set(results):
        return []
    states = term_states(parts)
    unstated = [term for term, s in states.items() if s == "unstated"]
    to_enter = [term for term, s in states.items() if s == "to_enter"]
    found = []
    what = "属地政府与项目开发单位签订项目管理合同，应对主导产业占比、租售比例、自持比例、租售指导价格等进行明确约定"
    if unstated or to_enter:
        outcome = ([f"您注明合同未约定：{'、'.join(unstated)}"] if unstated else []) + (
            [f"尚未填写（待补充）：{'、'.join(to_enter)}"] if to_enter else []
        )
        found.append(
            Finding(
                "unstated" if unstated else "to_enter",
                8,
                "plan.contract.incomplete",
                "notice",
                f"{'；'.join(outcome)}。{clause_label(8)}：“{what}”。"
                + ("合同未约定的，即未做到这一条的明确约定。" if unstated else "")
                + ("请填写合同的相应约定；合同确实没有约定的，请在该项注明“合同未约定”。" if to_enter else ""),
                {"missing": unstated + to_enter, "clause": 8},
            )
        )
    items = clause6 or {}
    not_made = [name for key, name in CLAUSE_6_ITEMS if items.get(key) is False]
    unknown = [name for key, name in CLAUSE_6_ITEMS if items.get(key) is None]
    if not_made or unknown:
        said = "各地要……对工业地产开发小微企业的项目的地价、房价、转让、分割、自持等作出明确要求"
        found.append(
            Finding(
                "fail" if not_made else "to_enter",
                6,
                "plan.clause6.not_made" if not_made else "plan.clause6.to_enter",
                "notice",
                f"{clause_label(6)}：“{said}”——这是对各地（属地政府）的要求，不是合同条款。"
                + (f"您填写尚未作出明确要求的：{'、'.join(not_made)}。" if not_made else "")
                + (f"尚未填写（待补充）：{'、'.join(unknown)}。" if unknown else ""),
                {"items": not_made or unknown},
            )
        )
    return found
