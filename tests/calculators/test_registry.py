"""The calculator registry: a calculator is one module (plus its worked examples), found without being listed.

These tests copy the engine into a temporary folder, drop a new module into it, and check that the registry,
describe(), the plan and the command line all pick it up — and that a module breaking the contract, or a
calculator without worked examples, is refused with a message saying what to add.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import worked_examples

from calculators import registry
from sitetools import ROOT

NEW_CALCULATOR = '''
"""`demo` — a calculator added as one module, for the registry tests."""
from typing import Any
from .findings import Finding, verdict
from .inputs import Errors, Field
from .registry import Code, Figure

NAME = "demo"
TITLE = "演示"
ORDER = 35
IN_PLAN = True
CLAUSES = (4,)
SUMMARY = "演示。"
EXAMPLE: dict[str, Any] = {"x": 1}
FIGURES = {"x_twice": Figure("两倍")}
CODES = {"demo.x.ok": Code("演示", ("x",))}


def fields() -> tuple[Field, ...]:
    return (Field("x", "数", "number", "一个数。", clause=4, required=True),)


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    return []


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    finding = Finding("pass", 4, "demo.x.ok", "notice", "演示。", {"x": str(values["x"])})
    return verdict(NAME, [finding], {"x_twice": str(values["x"] * 2)})
'''


def engine_copy(tmp_path: Path, extra: str = "") -> Path:
    """A copy of calculators/ (with its generated data) plus a new module `demo.py` holding `extra`."""
    target = tmp_path / "calculators"
    shutil.copytree(ROOT / "calculators", target, ignore=shutil.ignore_patterns("__pycache__"))
    if extra:
        (target / "demo.py").write_text(extra, encoding="utf-8")
    return tmp_path


def python(cwd: Path, code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_a_new_module_is_a_calculator_everywhere_without_being_listed(tmp_path: Path) -> None:
    root = engine_copy(tmp_path, NEW_CALCULATOR)
    code = (
        "import json, calculators\n"
        "d = calculators.describe()\n"
        "plan = calculators.run('plan', {'demo': {'x': 2}})\n"
        "print(json.dumps({'names': list(d), 'plan_fields': [f['key'] for f in d['plan']['fields']],"
        " 'plan_example': sorted(d['plan']['example']), 'clauses': d['plan']['clauses'],"
        " 'figures': d['demo']['figures'], 'plan': plan['results']['demo']['x_twice']}))"
    )
    result = python(root, code)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["names"] == ["land", "ratios", "prices", "demo", *seen["names"][4:]]  # in ORDER
    assert "demo" in seen["plan_fields"] and "demo" in seen["plan_example"] and 4 in seen["clauses"]
    assert seen["figures"] == {"x_twice": {"label": "两倍", "how": ""}}
    assert seen["plan"] == "4"
    cli = subprocess.run(
        [sys.executable, "-m", "calculators", "demo"], input='{"x": 3}', cwd=root, capture_output=True, text=True
    )
    assert cli.returncode == 0 and json.loads(cli.stdout)["x_twice"] == "6"


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ('FIGURES = {"x_twice": Figure("两倍")}', "declare FIGURES"),
        ("ORDER = 35", "declare ORDER"),
        ('NAME = "demo"', "NAME is 'other'"),
        ("def fields()", "define fields()"),
        ('CODES = {"demo.x.ok"', "CODES['other.x.ok'] must start with 'demo.'"),
    ],
)
def test_a_module_breaking_the_contract_is_refused_naming_what_to_add(
    tmp_path: Path, broken: str, expected: str
) -> None:
    replacement = {"NAME": 'NAME = "other"', "def ": "def _fields()", "CODE": 'CODES = {"other.x.ok"'}.get(
        broken[:4], ""
    )
    root = engine_copy(tmp_path, NEW_CALCULATOR.replace(broken, replacement))
    result = python(root, "import calculators; calculators.describe()")
    assert result.returncode != 0
    assert "calculators/demo.py" in result.stderr and expected in result.stderr, result.stderr


def test_every_registered_calculator_has_worked_examples_and_a_missing_file_says_which() -> None:
    assert set(worked_examples.CALCULATOR_NAMES) == set(registry.calculators())
    with pytest.raises(worked_examples.MissingExamples, match=r"examples/nonexistent\.yaml"):
        worked_examples.load_examples(("nonexistent",))


def test_every_calculator_declares_the_whole_contract() -> None:
    for module in registry.calculators().values():
        assert registry.contract_problems(module) == []  # type: ignore[arg-type]
