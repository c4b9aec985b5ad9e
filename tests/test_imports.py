"""No module imports another that imports it back, the engine never imports the build, and the build's packages
import one another only as ARCHITECTURE.md's rules allow (RULES below, the same rules as that document's)."""

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


# sitegen's parts: a package (loading, pages …), steps (the build's step lists) or a shared module at the top of
# sitegen/ (urls, templating …).
SHARED = {"cache", "csp", "han", "modules", "precompress", "reproducible", "templating", "urls"}
# part → the other parts of sitegen it may import (ARCHITECTURE.md, "Imports go one way"). Every stage package may
# import the shared modules; a shared module imports only the shared modules listed for it, never a stage package.
RULES: dict[str, set[str]] = {
    "steps": {"pages", "exports", "runtime", "search", "loading"},
    "pages": {"exports", "loading"},
    "exports": {"loading"},
    "runtime": {"loading"},
    "search": {"loading"},
    "plugin": {"runtime", "search"},  # where the runtime step staged runtime.json; the search index it completes
    "loading": set(),
    "precompress": {"cache"},
    "templating": {"modules", "urls"},
}


def part(module: str) -> str:
    """The part of sitegen a module belongs to: "sitegen.pages.linking" → "pages", "sitegen.urls" → "urls"."""
    return module.split(".")[1] if module.count(".") else module


def broken_rules(edges: dict[str, set[str]]) -> list[str]:
    """Every import between parts of sitegen that RULES do not allow, as "importer → imported"."""
    found = []
    for module, targets in sorted(edges.items()):
        if not module.startswith("sitegen."):
            continue
        source = part(module)
        allowed = RULES.get(source, set()) | {source}
        if source not in SHARED:
            allowed |= SHARED
        for target in sorted(targets):
            if target.startswith("sitegen.") and part(target) not in allowed:
                found.append(f"{module} → {target}")
    return found


def test_the_build_imports_only_as_architecture_allows() -> None:
    assert broken_rules(graph()) == []


def test_a_forbidden_import_is_reported() -> None:
    edges = {
        "sitegen.loading.checks": {"sitegen.pages.linking"},  # loading → nothing else of sitegen
        "sitegen.urls": {"sitegen.loading.model"},  # a shared module never imports a stage package
        "sitegen.pages.linking": {"sitegen.urls", "sitegen.exports.data", "calculators.chinese"},  # allowed
        "sitegen.search.index": {"sitegen.plugin"},  # the plugin is the end of the line: build.py alone uses it
        "sitegen.plugin": {"sitegen.search.index", "sitegen.runtime.pyodide_runtime", "sitegen.csp"},  # allowed
    }
    assert broken_rules(edges) == [
        "sitegen.loading.checks → sitegen.pages.linking",
        "sitegen.search.index → sitegen.plugin",
        "sitegen.urls → sitegen.loading.model",
    ]


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in tests/sitetools.py (or a folder's _helpers and conftest fixtures): a test module
    imported elsewhere has its tests collected twice and ties two lanes together."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(a.name for a in node.names)]
            found += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[-1].startswith("test_")]
    assert found == []
