"""Style tools as tests, so `make test` and CI fail when they do: ruff (lint and format) and mypy.

Configuration lives in pyproject.toml: ruff's rules and 120-character lines, mypy strict on calculators/ and
checking every function body in sitegen/ and build.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [("ruff", "check", "--output-format", "concise", "."), ("ruff", "format", "--check", ".")],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(command: tuple[str, ...]) -> None:
    result = run(sys.executable, "-m", *command)
    assert result.returncode == 0, f"{' '.join(command)} found problems:\n{result.stdout}{result.stderr}"


def test_mypy() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, f"mypy found problems:\n{result.stdout}{result.stderr}"


def test_hand_written_pages_nest_lists_by_four_spaces() -> None:
    """Python-Markdown nests a list only when it is indented by four spaces: one indented by two is shown as more
    items of the outer list, so a page's sub-points read as points of their own (as 性能说明's goals once did)."""
    misplaced = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        fenced = False
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            fenced ^= line.lstrip().startswith("```")
            indent = len(line) - len(line.lstrip(" "))
            if not fenced and line.lstrip().startswith(("- ", "* ")) and indent % 4:
                misplaced.append(f"{page.relative_to(ROOT)}:{number}: {line.strip()[:40]}")
    assert not misplaced, "list items indented by other than a multiple of four spaces:\n" + "\n".join(misplaced)
