"""The engine package itself: standard library only, typed public functions with docstrings, shippable as a wheel."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "calculators"
MODULES = sorted(PACKAGE.glob("*.py"))


def test_the_engine_imports_only_the_standard_library_so_pyodide_needs_nothing_else() -> None:
    for module in MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top == "__future__", f"{module.name} imports {name}"


def test_every_public_function_has_a_docstring_and_type_hints() -> None:
    for module in MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{module.name}: {node.name} has no docstring"
                assert node.returns is not None, f"{module.name}: {node.name} has no return type"


def test_modules_stay_small() -> None:
    for module in MODULES:
        assert len(module.read_text(encoding="utf-8").splitlines()) <= 360, module.name  # ruff-formatted lines


def test_the_package_includes_the_generated_parameters() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "calculators" in config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert "data/*.json" in config["tool"]["setuptools"]["package-data"]["calculators"]
    assert config["project"]["dependencies"] == []
