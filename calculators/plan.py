"""`plan` — a whole project: its land, ratios and prices inputs in one object, checked in one report.

The overall status is the worst of the findings (fail > review > pass); findings are ordered by clause, each
tagged with the calculator that made it; checks without data are listed under not_run.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType
from typing import Any

from . import contract, land, prices, ratios
from .findings import worst
from .inputs import Errors, Field, error

NAME = "plan"
TITLE = "项目整体自查"
CLAUSES = (1, 6, 8, 9)
SUMMARY = "把一个项目的用地面积、租售与自持比例、入驻企业和租售价格一起核对，给出一份按条款排列的报告。"
PARTS: tuple[ModuleType, ...] = (land, ratios, prices)
EXAMPLE: dict[str, Any] = {part.NAME: part.EXAMPLE for part in PARTS}


@cache
def fields() -> tuple[Field, ...]:
    """The plan's inputs: one sub-object per calculator, each with that calculator's own fields."""
    return tuple(
        Field(part.NAME, part.TITLE, "object", part.SUMMARY, clause=part.CLAUSES[0], fields=part.fields())
        for part in PARTS
    ) + (contract.field(),)


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Each part's own cross-field problems, with paths under its key; and at least one part is needed."""
    if all(values[part.NAME] is None for part in PARTS) and not invalid:
        return [
            error("", f"请至少填写 {'、'.join(part.NAME for part in PARTS)} 中的一项（各自的输入与单项计算器相同）")
        ]
    found = []
    for part in PARTS:
        if values[part.NAME] is not None:
            prefix = f"{part.NAME}."
            inner = {path.removeprefix(prefix) for path in invalid if path.startswith(prefix)}
            found += [
                error(prefix + entry["field"] if entry["field"] else part.NAME, entry["message"])
                for entry in part.problems(values[part.NAME], inner)
            ]
    return found


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """One report over every part that has data."""
    results = {part.NAME: part.evaluate(values[part.NAME]) for part in PARTS if values[part.NAME] is not None}
    own = [{**finding.to_json(), "calculator": NAME} for finding in contract.findings(results, values["clause6"])]
    findings = sorted(
        [{**finding, "calculator": name} for name, result in results.items() for finding in result["findings"]] + own,
        key=lambda finding: finding["clause"],
    )
    not_run = [
        {"check": part.NAME, "clause": part.CLAUSES[0], "reason": f"未提供 {part.NAME}（{part.TITLE}）的数据"}
        for part in PARTS
        if part.NAME not in results
    ]
    for name, result in results.items():
        not_run += result.get("not_run", [])
    return {
        "calculator": NAME,
        "status": worst(finding["status"] for finding in findings),
        "findings": findings,
        "not_run": not_run,
        "results": results,
    }
