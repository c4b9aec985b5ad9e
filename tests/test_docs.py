"""README.md, ARCHITECTURE.md, policy/README.md and the site's own pages (docs/*.md: how the site is made, its
measurements) name only paths and commands that exist: a file moved or a command renamed fails here, naming the
document, its line and what it names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from calculators import registry

ROOT = Path(__file__).resolve().parent.parent
ROOT_DOCUMENTS = ("README.md", "ARCHITECTURE.md", "policy/README.md")
DOCUMENTS = (*ROOT_DOCUMENTS, *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")))
# What a build, an install or a benchmark makes: named by the documents, never in a fresh clone.
GENERATED = ("build/", "site/", "site.", "calculators/data/", "node_modules/", ".venv/", "dist/", "bench/results/")
# A path as the documents write one: a folder of the repository, then more segments, or a file with its extension.
TOP = sorted({p.name for p in ROOT.iterdir() if not p.name.startswith(".git")} | {".ci"}, key=len, reverse=True)
PATH = re.compile(r"(?<![\w./-])((?:" + "|".join(re.escape(name) for name in TOP) + r")(?:/[\w.*…-]+)*/?)(?![\w/-])")
BARE_FILE = re.compile(r"`([\w-]+\.(?:py|mjs|js|yaml|md|toml|in|txt|css|html))`")
PLACEHOLDER = re.compile(r"NN|NAME|<|…")
MAKE = re.compile(r"`make ([a-z-]+)")
BUILD_COMMAND = re.compile(r"build\.py ([a-z]+)")
CALCULATOR_COMMAND = re.compile(r"python -m calculators ([a-z]+)")


def tracked_files() -> list[str]:
    """The repository's files (as git tracks them: no virtualenv, no build output)."""
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return listed.stdout.splitlines()


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


def build_commands() -> set[str]:
    """The commands build.py's argument parser accepts."""
    found = re.search(r"choices=\[([^\]]*)\]", (ROOT / "build.py").read_text(encoding="utf-8"))
    assert found, "build.py no longer lists its commands as choices=[...]"
    return set(re.findall(r'"(\w+)"', found.group(1)))


def exists(path: str) -> bool:
    """A repository path (a glob when it holds *), or a module named without its .py (the build diagram's)."""
    if "*" in path:
        return any(ROOT.glob(path.rstrip("/")))
    return (ROOT / path).exists() or (ROOT / f"{path}.py").is_file()


def problems(name: str, text: str) -> list[str]:
    """Every path or command the text names that does not exist, as `document:line: what`."""
    found = []
    targets, commands, calculators = make_targets(), build_commands(), set(registry.calculators())
    named_files = {Path(p).name for p in tracked_files()}
    for number, line in enumerate(text.splitlines(), 1):
        for path in PATH.findall(line):
            path = path.rstrip(".")  # the end of a sentence
            if "/" not in path or path.startswith(GENERATED) or PLACEHOLDER.search(path):
                continue
            if not exists(path):
                found.append(f"{name}:{number}: no {path}")
        for file in BARE_FILE.findall(line):
            if file not in named_files and not PLACEHOLDER.search(file):
                found.append(f"{name}:{number}: no file named {file}")
        for target in MAKE.findall(line):
            if target not in targets:
                found.append(f"{name}:{number}: no make target {target}")
        for command in BUILD_COMMAND.findall(line):
            if command not in commands:
                found.append(f"{name}:{number}: build.py has no command {command}")
        for calculator in CALCULATOR_COMMAND.findall(line):
            if calculator not in calculators:
                found.append(f"{name}:{number}: no calculator {calculator}")
    return found


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_path_and_command_a_document_names_exists(name: str) -> None:
    assert problems(name, (ROOT / name).read_text(encoding="utf-8")) == []


def test_a_missing_path_or_command_is_reported() -> None:
    text = (
        "See `sitegen/hooks/gone.py`, tests/nowhere/ and `vanished.py`; run `make tests` or `python build.py publish`,"
        "\nthen `python -m calculators area`. Fine: `sitegen/steps.py`, build/docs, `make test`, python build.py pages."
    )
    assert problems("DOC.md", text) == [
        "DOC.md:1: no sitegen/hooks/gone.py",
        "DOC.md:1: no tests/nowhere/",
        "DOC.md:1: no file named vanished.py",
        "DOC.md:1: no make target tests",
        "DOC.md:1: build.py has no command publish",
        "DOC.md:2: no calculator area",
    ]
