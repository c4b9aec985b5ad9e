"""Parity: every worked example answered inside real Pyodide (Node, the site's npm package) gives byte-identical
JSON to CPython's answer, started plainly and from the build's memory snapshot — the files the site ships,
including its standard library trimmed to what the build traced and compiled (a module it missed fails here),
and the snapshot as the worker restores it: the shipped .gz with the WebAssembly's data segments put back, and
no standard library at all when runtime.json says the snapshot holds every module (as the worker starts it).

The examples are the engine's own (tests/calculators/examples/*.yaml); the CPython side is the same
`calculators.browser.handle` the worker calls, so any difference is a Pyodide/CPython difference.
"""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from sitegen.runtime import pyodide_runtime
from sitegen.runtime.snapshot_delta import xor_data_segments

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "calculators" / "examples"
RUNNER = Path(__file__).resolve().parent / "run_requests.mjs"
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)  # what the worker gives a snapshot start that needs no standard library


def example_requests() -> list[tuple[str, str]]:
    """(case id, request JSON text) for every worked example of every calculator."""
    requests = []
    for file in sorted(EXAMPLES.glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        cases = data.get("cases", data.get("examples")) if isinstance(data, dict) else data
        calculator = data.get("calculator", file.stem) if isinstance(data, dict) else file.stem
        for index, case in enumerate(cases or []):
            name = case.get("name", str(index))
            request = {"calculator": case.get("calculator", calculator), "input": case["input"]}
            requests.append((f"{file.stem}:{name}", json.dumps(request, ensure_ascii=False)))
    return requests


@pytest.fixture(scope="module")
def runtime(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The package archive, trimmed standard library and the snapshot the built site ships (runtime.json; the .gz
    holds the same bytes as the raw and brotli forms: test_runtime.py), restored as the worker restores it."""
    py_dir = site_dir / "assets" / "calculators" / "py"
    manifest = json.loads((py_dir / "runtime.json").read_text(encoding="utf-8"))
    assert manifest["snapshot"], "the build made no Pyodide snapshot (see the build's warnings)"
    work = tmp_path_factory.mktemp("pyodide")
    wasm = (site_dir / "assets" / "pyodide" / manifest["pyodide"] / "pyodide.asm.wasm").read_bytes()
    shipped = gzip.decompress((py_dir / (manifest["snapshot"] + ".gz")).read_bytes())
    (work / "snapshot.bin").write_bytes(xor_data_segments(shipped, wasm))
    (work / "empty.zip").write_bytes(EMPTY_ZIP)
    return {
        "archive": py_dir / manifest["package"],
        "stdlib": py_dir / manifest["stdlib"],
        "snapshot": work / "snapshot.bin",
        "snapshot stdlib": work / "empty.zip" if manifest["stdlib_in_snapshot"] else py_dir / manifest["stdlib"],
        "dir": work,
    }


def run_in_pyodide(runtime: dict[str, Path], requests: list[str], snapshot: bool) -> dict:
    requests_file = runtime["dir"] / "requests.json"
    requests_file.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    args = [
        "node",
        str(RUNNER),
        str(pyodide_runtime.PYODIDE_DIR),
        str(runtime["archive"]),
        str(runtime["snapshot stdlib" if snapshot else "stdlib"]),
        str(requests_file),
    ]
    if snapshot:
        args.append(str(runtime["snapshot"]))
    result = subprocess.run(args, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("start", ["plain", "snapshot"])
def test_examples_identical_in_pyodide_and_cpython(runtime: dict[str, Path], start: str) -> None:
    from calculators.browser import handle

    cases = example_requests()
    assert len(cases) >= 4, f"expected worked examples in {EXAMPLES}"
    answer = run_in_pyodide(runtime, [request for _, request in cases], snapshot=start == "snapshot")
    assert answer["python"].startswith("3.14"), answer["python"]
    differences = [
        (case_id, cpython, pyodide)
        for (case_id, request), pyodide in zip(cases, answer["responses"], strict=True)
        if (cpython := handle(request)) != pyodide
    ]
    assert not differences, "\n".join(f"{case}:\n  CPython: {a}\n  Pyodide: {b}" for case, a, b in differences[:5])
    assert len(answer["responses"]) == len(cases)
