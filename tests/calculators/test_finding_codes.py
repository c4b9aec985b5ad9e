"""Machine-readable findings: every code the engine can emit is declared in its calculator's CODES with its
params, listed on the generated 结论代码 page, and pinned by a worked example."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from worked_examples import load_examples

import calculators
from calculators.registry import codes
from sitegen.pages.calculator_pages import render_findings_page

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = load_examples()
CODES = codes()


def _patterns(code: ast.expr, where: str) -> list[str]:
    """A code argument as regexes: a literal, an f-string ({kind} matches a dotted name), or either branch of an if."""
    if isinstance(code, ast.Constant):
        return [re.escape(code.value)]
    if isinstance(code, ast.IfExp):
        return _patterns(code.body, where) + _patterns(code.orelse, where)
    assert isinstance(code, ast.JoinedStr), f"{where}: the finding code is not written out"
    return ["".join(re.escape(p.value) if isinstance(p, ast.Constant) else "[a-z_.]+" for p in code.values)]


def _emitted_code_patterns() -> dict[str, str]:
    """Each Finding(...) in calculators/*.py → the code it passes, as regexes."""
    found = {}
    for module in sorted((ROOT / "calculators").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Finding" and len(node.args) >= 3:
                where = f"{module.name}:{node.lineno}"
                for index, pattern in enumerate(_patterns(node.args[2], where)):
                    found[f"{where}#{index}"] = pattern
    return found


def test_every_code_the_engine_can_emit_is_declared() -> None:
    patterns = _emitted_code_patterns()
    assert len(patterns) >= 15
    undeclared = {where: p for where, p in patterns.items() if not any(re.fullmatch(p, code) for code in CODES)}
    assert undeclared == {}


def test_every_declared_code_has_a_worked_example_with_exactly_its_params() -> None:
    seen = set()
    for example in EXAMPLES:
        for finding in example.expected.get("findings", []):
            assert finding["code"] in CODES, example.id
            assert set(finding["params"]) == set(CODES[finding["code"]].params), example.id
            assert finding["code"].startswith(finding["check"] + "."), example.id
            seen.add(finding["code"])
    assert sorted(set(CODES) - seen) == []


def test_the_findings_page_documents_every_code_with_its_params_and_every_status() -> None:
    """The 结论代码 page has one row per code, params included, and every status with its Chinese label."""
    page = render_findings_page()
    rows = {}
    for line in page.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`") and "." in cells[0]:
            rows[cells[0].strip("`")] = tuple(p.strip("`") for p in cells[2].split("、")) if cells[2] != "—" else ()
    assert rows == {code: declared.params for code, declared in CODES.items()}
    for status, label in calculators.labels()["status"].items():
        assert status == "error" or f"| `{status}` | {label} |" in page
