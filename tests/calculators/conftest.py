"""The calculator tests need calculators/data/parameters.json: made once per session by the real entry point."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session", autouse=True)
def engine_data() -> Path:
    """`python build.py data`: validates policy/ and writes the engine's parameters file."""
    result = subprocess.run([sys.executable, "build.py", "data"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"python build.py data failed:\n{result.stdout}\n{result.stderr}"
    return ROOT / "calculators" / "data" / "parameters.json"
