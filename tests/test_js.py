"""The browser code's checks as tests, so `make test`, `make test-fast` and CI fail when they do: ESLint
(eslint.config.mjs), tsc --checkJs over the JSDoc types (tsconfig.json: the pages; tsconfig.worker.json: the
calculators' worker) and the JavaScript unit tests (tests/js/*.test.mjs, Node's own runner). The tools are pinned in
package-lock.json and installed in node_modules/ by `make install`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from calculators import findings

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_eslint() -> None:
    result = run(BIN / "eslint", "--max-warnings", "0", ".")
    assert result.returncode == 0, f"ESLint found problems:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("project", ["tsconfig.json", "tsconfig.worker.json"])
def test_tsc(project: str) -> None:
    result = run(BIN / "tsc", "--noEmit", "-p", project)
    assert result.returncode == 0, f"tsc -p {project} found problems:\n{result.stdout}{result.stderr}"


def test_js_unit_tests() -> None:
    tests = sorted((ROOT / "tests" / "js").glob("*.test.mjs"))
    assert tests, "no JavaScript unit tests found in tests/js/"
    result = run("node", "--test", *tests)
    assert result.returncode == 0, f"node --test failed:\n{result.stdout[-6000:]}{result.stderr}"


COMMENTS = re.compile(r"/\*.*?\*/|(?<![:\"'])//[^\n]*", re.S)


def test_no_page_script_names_a_status_or_its_wording() -> None:
    """Verdicts are the engine's: a page script that names a status ("fail") or its Chinese label ("不符合")
    decides a verdict the engine did not give, and misses a status the engine adds (ARCHITECTURE.md)."""
    words = [*findings.STATUS_ORDER, *(label for key, label in findings.STATUS_LABELS.items() if key != "error")]
    named = []
    for script in sorted((ROOT / "docs").rglob("*.*js")):
        code = COMMENTS.sub("", script.read_text(encoding="utf-8"))
        named += [f"{script.relative_to(ROOT)}: {word}" for word in words if re.search(f"[\"'`]{word}[\"'`]", code)]
    assert not named, "statuses named in page scripts:\n" + "\n".join(named)
