"""The calculator registry: every module of this package that declares a calculator, found by looking, not listed.

A calculator is one module that sets `NAME` and defines `evaluate` (see `Calculator` for the whole contract), plus
its worked examples in tests/calculators/examples/NAME.yaml. Pages, navigation, figure labels, the plan's parts,
the command line and every test iterate `calculators()`; nothing else names a calculator.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from types import ModuleType
from typing import Any, NamedTuple, Protocol

from .inputs import Errors, Field


class Figure(NamedTuple):
    """How a figure of a verdict is labelled on the page: its Chinese label and how it was computed."""

    label: str
    how: str = ""


class Code(NamedTuple):
    """A finding code a calculator can emit: what it means, and the names of the params it carries."""

    meaning: str
    params: tuple[str, ...] = ()


class Calculator(Protocol):
    """What a calculator module declares (module attributes and functions, checked by `contract_problems`)."""

    NAME: str  # == the module's file name; permanent (URL /calculators/NAME/)
    TITLE: str  # Chinese title shown in the navigation and on the page
    ORDER: int  # position under 自查计算 (smaller first)
    CLAUSES: tuple[int, ...]  # the clauses it applies
    SUMMARY: str  # one Chinese sentence for the overview
    EXAMPLE: dict[str, Any]  # the built-in example input (a fresh page is filled with it)
    FIGURES: Mapping[str, Figure]  # every figure key evaluate() may return → its label
    CODES: Mapping[str, Code]  # every finding code it can emit (NAME.check.outcome) → meaning and params
    IN_PLAN: bool  # True: `plan` checks it as one part of a whole project (optional, default False)

    def fields(self) -> tuple[Field, ...]: ...

    def problems(self, values: dict[str, Any], invalid: set[str]) -> Errors: ...

    def evaluate(self, values: dict[str, Any]) -> dict[str, Any]: ...


# The declarations every calculator must make, with the type each must have (IN_PLAN is optional).
REQUIRED: dict[str, type | tuple[type, ...]] = {
    "NAME": str,
    "TITLE": str,
    "ORDER": int,
    "CLAUSES": tuple,
    "SUMMARY": str,
    "EXAMPLE": dict,
    "FIGURES": Mapping,
    "CODES": Mapping,
}
FUNCTIONS = ("fields", "problems", "evaluate")
# Keys of a verdict that are its structure, not figures (so they need no figure label).
STRUCTURE_KEYS = frozenset({"calculator", "status", "findings", "not_run", "results"})


def _is_calculator(module: ModuleType) -> bool:
    """A module is a calculator when it names itself and can evaluate (its own globals only: no lazy attributes)."""
    own = vars(module)
    return isinstance(own.get("NAME"), str) and callable(own.get("evaluate"))


_registry: dict[str, Calculator] = {}


def calculators() -> dict[str, Calculator]:
    """Every calculator of the package by NAME, in ORDER. Raises ContractError if one breaks the contract."""
    if not _registry:
        package = importlib.import_module(__package__ or "calculators")
        found = [
            importlib.import_module(f"{package.__name__}.{info.name}")
            for info in pkgutil.iter_modules(package.__path__)
            if not info.name.startswith("_")
        ]
        modules = sorted((m for m in found if _is_calculator(m)), key=lambda m: (getattr(m, "ORDER", 0), m.NAME))
        # Registered before the check, so that a declaration computed from other calculators (plan's) can be read.
        _registry.update((module.NAME, _as_calculator(module)) for module in modules)
        problems = [problem for module in modules for problem in contract_problems(module)]
        if problems:
            _registry.clear()
            raise ContractError("\n".join(problems))
    return _registry


def _as_calculator(module: ModuleType) -> Calculator:
    """A module checked by contract_problems() satisfies the protocol structurally."""
    calculator: Calculator = module  # modules are checked by contract_problems
    return calculator


def in_plan() -> list[Calculator]:
    """The calculators a whole-project plan checks together, in ORDER."""
    return [calculator for calculator in calculators().values() if getattr(calculator, "IN_PLAN", False)]


class ContractError(Exception):
    """A calculator module does not declare what the registry needs; the message says what to add, and where."""


def contract_problems(module: ModuleType) -> list[str]:
    """What a calculator module lacks, one sentence per missing or mistyped declaration (empty when complete)."""
    where = f"calculators/{module.__name__.rsplit('.', 1)[-1]}.py"
    problems = []
    for name, kind in REQUIRED.items():
        value = getattr(module, name, None)
        if not isinstance(value, kind):
            problems.append(f"{where}: declare {name} ({_kind_name(kind)}); see calculators/registry.py Calculator")
    problems += [
        f"{where}: define {name}(); see calculators/registry.py Calculator"
        for name in FUNCTIONS
        if not callable(getattr(module, name, None))
    ]
    if isinstance(getattr(module, "NAME", None), str) and where.rsplit("/", 1)[-1][:-3] != module.NAME:
        problems.append(f"{where}: NAME is {module.NAME!r} but must equal the module's file name")
    figures = getattr(module, "FIGURES", {})
    problems += [
        f"{where}: FIGURES[{key!r}] must be a Figure(label, how)"
        for key, figure in (figures.items() if isinstance(figures, Mapping) else [])
        if not isinstance(figure, Figure) or not figure.label
    ]
    codes = getattr(module, "CODES", {})
    problems += [
        f"{where}: CODES[{code!r}] must start with '{getattr(module, 'NAME', '?')}.' and be a Code(meaning, params)"
        for code, declared in (codes.items() if isinstance(codes, Mapping) else [])
        if not code.startswith(f"{getattr(module, 'NAME', '?')}.") or not isinstance(declared, Code)
    ]
    return problems


def codes() -> dict[str, Code]:
    """Every finding code of every calculator, in the calculators' ORDER (the 结论代码 page lists them so)."""
    return {code: declared for calculator in calculators().values() for code, declared in calculator.CODES.items()}


def _kind_name(kind: type | tuple[type, ...]) -> str:
    return kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)


def unlabelled_figures(name: str, verdict: Mapping[str, Any]) -> list[str]:
    """Figure keys of a verdict that its calculator's FIGURES does not label (a page would show a bare key)."""
    figures = calculators()[name].FIGURES
    return sorted(
        key for key, value in verdict.items() if key not in STRUCTURE_KEYS and key not in figures and not _rows(value)
    )


def _rows(value: object) -> bool:
    """Per-row results (a list of objects) are shown beside their input rows, not as figures."""
    return isinstance(value, list) and bool(value) and all(isinstance(row, Mapping) for row in value)
