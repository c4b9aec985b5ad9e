"""`plan` — a whole project: the inputs of every calculator that declares IN_PLAN, in one object, one report.

The parts are found in the registry (land, ratios, prices, far …): a new calculator joins the plan by declaring
IN_PLAN, with no edit here. The overall status is the worst of the findings (fail > review > pass); findings are
ordered by clause, each tagged with the calculator that made it; checks without data are listed under not_run.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from . import contract, land, parameters, registry
from .chinese import clause_label
from .findings import worst
from .inputs import Errors, Field, error
from .numbers import plain
from .registry import Code, Figure

NAME = "plan"
TITLE = "项目整体自查"
ORDER = 90
SUMMARY = "把一个项目的各项数据（用地面积、比例、价格、容积率等）一起核对，给出一份按条款排列的报告。"
# A project's self-check holds only what the user entered: its page starts empty, the example is a button.
STARTS_EMPTY = True
FIGURES: dict[str, Figure] = {}  # a plan shows each part's own figures under that part's title


def __getattr__(name: str) -> Any:
    """CLAUSES and EXAMPLE are the parts' own, read from the registry when first asked for (after discovery)."""
    if name == "CLAUSES":
        return tuple(sorted({clause for part in registry.in_plan() for clause in part.CLAUSES} | set(contract.CLAUSES)))
    if name == "EXAMPLE":
        # One project, one plot: the 容积率 part takes the land part's area (see _one_land_area).
        example = {part.NAME: dict(part.EXAMPLE) for part in registry.in_plan()}
        if "land" in example and "far" in example:
            example["far"].update(area=example["land"]["area"], unit=example["land"]["unit"])
        return example
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The finding codes this calculator can emit: code → what it means, and the params it carries.
CODES: dict[str, Code] = {
    "plan.contract.incomplete": Code(
        f"合同缺少{clause_label(8)}要求明确约定的事项：用户注明合同未约定，或尚未填写（待补充）", ("missing", "clause")
    ),
    "plan.clause6.not_made": Code(f"各地尚未作出{clause_label(6)}要求的明确要求（对各地的要求）", ("items",)),
    "plan.clause6.to_enter": Code(f"各地是否已作出{clause_label(6)}要求的明确要求尚未填写（待补充）", ("items",)),
}


@cache
def fields() -> tuple[Field, ...]:
    """The plan's inputs: one sub-object per part, each with that calculator's own fields."""
    parts = (
        Field(part.NAME, part.TITLE, "object", part.SUMMARY, clause=part.CLAUSES[0], fields=part.fields())
        for part in registry.in_plan()
    )
    return (*parts, contract.field())


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Each part's own cross-field problems, with paths under its key; and at least one part is needed."""
    parts = registry.in_plan()
    if all(values[part.NAME] is None for part in parts) and not invalid:
        titles = "、".join(f"“{part.TITLE}”" for part in parts)
        return [error("", f"请至少填写一项：{titles}（各自的输入与单项计算器相同）")]
    found = []
    for part in parts:
        if values[part.NAME] is not None:
            prefix = f"{part.NAME}."
            inner = {path.removeprefix(prefix) for path in invalid if path.startswith(prefix)}
            found += [
                error(prefix + entry["field"] if entry["field"] else part.NAME, entry["message"])
                for entry in part.problems(values[part.NAME], inner)
            ]
    return found + _one_land_area(values, invalid)


def _one_land_area(values: dict[str, Any], invalid: set[str]) -> Errors:
    """用地面积 is asked by two parts (用地面积 and 容积率): one plot, so two different values are a slip to correct
    before any verdict, not two verdicts on two areas. Compared exactly, in 亩."""
    land_part, far_part = values.get("land"), values.get("far")
    fields = ("land.area", "land.unit", "far.area", "far.unit")
    if land_part is None or far_part is None or any(path.startswith(fields) for path in invalid):
        return []
    given: dict[str, dict[str, Any]] = {"land": land_part, "far": far_part}
    date = parameters.notice_date()
    mu = {name: land.area_in_mu(part["area"], part["unit"], date) for name, part in given.items()}
    if mu["land"] == mu["far"]:
        return []
    shown = {
        name: f"{plain(part['area'], 4)} {land.UNITS.get(part['unit'], part['unit'])}" for name, part in given.items()
    }
    return [
        error(
            "far.area",
            f"容积率中的用地面积（{shown['far']}）与用地面积一项（{shown['land']}）不同；两处是同一块地，"
            "请核对后填成相同的面积",
        )
    ]


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """One report over every part that has data."""
    parts = registry.in_plan()
    results = {part.NAME: part.evaluate(values[part.NAME]) for part in parts if values[part.NAME] is not None}
    given = [(part.fields(), values[part.NAME]) for part in parts]
    own = [{**f.to_json(), "calculator": NAME} for f in contract.findings(results, values["clause6"], given)]
    findings = sorted(
        [{**finding, "calculator": name} for name, result in results.items() for finding in result["findings"]] + own,
        key=lambda finding: finding["clause"],
    )
    not_run = [
        {"check": part.NAME, "clause": part.CLAUSES[0], "reason": f"未提供“{part.TITLE}”的数据"}
        for part in parts
        if part.NAME not in results
    ]
    for result in results.values():
        not_run += result.get("not_run", [])
    return {
        "calculator": NAME,
        "status": worst(finding["status"] for finding in findings),
        "findings": findings,
        "not_run": not_run,
        "results": results,
    }
