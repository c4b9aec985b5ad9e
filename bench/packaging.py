"""How to ship the calculators package to Pyodide: a wheel (pip wheel / python -m build) or a plain zip.

    .venv/bin/python bench/packaging.py

Reports, for each way, the time to make it, its size, and whether two runs give byte-identical files
(with SOURCE_DATE_EPOCH set, as the build sets it). Numbers, not a test; figures go in docs/performance.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen.runtime import pyodide_runtime  # noqa: E402


def timed(make) -> tuple[float, bytes]:
    """Seconds taken and the bytes made by make()."""
    started = time.perf_counter()
    data = make()
    return time.perf_counter() - started, data


def wheel_with(command: list[str]) -> bytes:
    """Build the wheel with a packaging command into a fresh folder (isolated from the work tree's build/)."""
    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as src:
        # A copy of the project root with only what the wheel needs, so build/ and egg-info stay out of the tree.
        shutil.copytree(ROOT / "calculators", Path(src) / "calculators", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "pyproject.toml", src)
        subprocess.run([*command, out], cwd=src, check=True, capture_output=True)
        return next(Path(out).glob("*.whl")).read_bytes()


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    python = str(ROOT / ".venv" / "bin" / "python")
    ways = {
        "zip (sitegen.runtime.pyodide_runtime)": lambda: pyodide_runtime.package_archive(pyodide_runtime.package_dir()),
        "pip wheel --no-deps (isolated: fetches setuptools)": lambda: wheel_with(
            [python, "-m", "pip", "wheel", "--no-deps", "-q", ".", "-w"]
        ),
        "python -m build --wheel (isolated)": lambda: wheel_with([python, "-m", "build", "--wheel", "-o"]),
    }
    print("| way | time to make | size | two runs identical |")
    print("|---|---:|---:|---|")
    for name, make in ways.items():
        try:
            first_time, first = timed(make)
            second_time, second = timed(make)
        except subprocess.CalledProcessError as exc:
            print(f"| {name} | failed: {exc.stderr.decode()[-200:]!r} | | |")
            continue
        same = hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
        print(
            f"| {name} | {min(first_time, second_time) * 1000:.0f} ms | {len(first) / 1024:.1f} kB | "
            f"{'yes' if same else 'no'} |"
        )


if __name__ == "__main__":
    main()
