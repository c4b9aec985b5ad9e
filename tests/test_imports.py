"""No module imports another that imports it back, and the engine never imports the build (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("calculators", "sitegen")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, known: set[str]) -> set[str]:
    """The project modules a file imports, at module level or inside functions."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            found.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names)
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    files = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    known = {module_name(path) for path in files}
    return {module_name(path): imports(path, known) for path in files}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each as the chain of modules that closes it."""
    found: list[list[str]] = []

    def visit(module: str, chain: list[str]) -> None:
        for target in sorted(edges.get(module, ())):
            if target in chain:
                found.append([*chain[chain.index(target) :], target])
            elif target > chain[0]:  # each cycle reported once, from its smallest module
                visit(target, [*chain, target])

    for start in sorted(edges):
        visit(start, [start])
    return found


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]


def test_the_engine_never_imports_the_build() -> None:
    leaks = {module: targets for module, targets in graph().items() if module.startswith("calculators")}
    assert not {m: t for m, t in leaks.items() if any(x.startswith("sitegen") for x in t)}
