"""The ranking module runs under Node here (as in the page, without a browser): without Node these tests fail."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy

RUNNER = Path(__file__).resolve().parent / "run_core.mjs"


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


def run_core(index: dict, queries: list[str], mode: str = "search") -> dict[str, Any]:
    """Each query's results from search-core.mjs for this index, best first (mode "understand": how each query is
    read, its slots and modal markers)."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is required to run the search module: install it (.ci/install-system-packages does)")
    done = subprocess.run(
        ["node", str(RUNNER)],
        check=False,
        input=json.dumps({"index": index, "queries": queries, "mode": mode}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
