"""The policy engine of 浙小微园办〔2022〕3号: exact, cited checks of land area, ratios and guidance prices.

    run(name, payload) -> dict     one calculator: a verdict, or {"status": "error", "errors": [...]}
    describe() -> dict             every calculator's declared inputs, for generating forms
    CALCULATORS                    the calculators by name, in the site's order (found by calculators/registry.py)

Figures are decimal strings, rounded half-up for display only: percentages to 2 decimals, 亩 to 4
(`area_mu_exact` gives the exact 亩), m² and prices to 2. Verdicts compare exact Fractions, and a message shows
as many decimals as it takes not to print a near miss as equal (66,666.66 m² is "99.99999 亩", never "100").
A blank text value counts as not given, so an empty form box behaves like an omitted field.

Standard library only; runs unchanged on CPython 3.11+ and in Pyodide. Policy numbers come from
calculators/data/parameters.json (made by `python build.py data`); see ARCHITECTURE.md for the JSON contract.
"""

from __future__ import annotations

from typing import Any

from . import registry
from .findings import BASIS_LABELS, STATUS_LABELS
from .inputs import error, validate
from .parameters import ParametersMissing
from .registry import Calculator


def __getattr__(name: str) -> dict[str, Calculator]:
    """`calculators.CALCULATORS`: the registry, discovered on first use (not at import, so that the package's own
    modules can import it while discovery imports them)."""
    if name == "CALCULATORS":
        return registry.calculators()
    raise AttributeError(f"module 'calculators' has no attribute {name!r}")


__all__ = ["CALCULATORS", "ParametersMissing", "describe", "invalid", "labels", "run"]


def run(name: str, payload: object) -> dict[str, Any]:
    """Run one calculator on a JSON-like payload: a verdict dict, or an error dict listing every problem.

    Raises ParametersMissing only when calculators/data/parameters.json is missing (a build problem).
    """
    known = registry.calculators()
    module = known.get(name)
    if module is None:
        return invalid([error("calculator", f"没有名为“{str(name)[:40]}”的计算器；可用：{'、'.join(known)}")])
    values, errors = validate(module.fields(), payload)
    errors += module.problems(values, {entry["field"] for entry in errors})
    return invalid(errors) if errors else module.evaluate(values)


def invalid(errors: list[dict[str, str]]) -> dict[str, Any]:
    """The invalid-input answer: every problem at once."""
    return {"status": "error", "errors": errors}


def describe() -> dict[str, Any]:
    """Each calculator, in the site's order: title, clauses, summary, declared fields, figure labels and a worked
    example input (JSON data, from which the pages and the browser take everything they show)."""
    return {
        name: {
            "title": module.TITLE,
            "order": module.ORDER,
            "clauses": list(module.CLAUSES),
            "summary": module.SUMMARY,
            "fields": [spec.to_json() for spec in module.fields()],
            "figures": {key: figure._asdict() for key, figure in module.FIGURES.items()},
            "in_plan": getattr(module, "IN_PLAN", False),
            "example": module.EXAMPLE,
        }
        for name, module in registry.calculators().items()
    }


def labels() -> dict[str, dict[str, str]]:
    """Chinese labels for verdict statuses and finding bases, for pages that show verdicts."""
    return {"status": dict(STATUS_LABELS), "basis": dict(BASIS_LABELS)}
