"""The build's runtime files: only what a page needs, and byte-identical across two builds of one commit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitegen.runtime import pyodide_runtime


def test_package_archive_is_reproducible_and_complete(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    package = pyodide_runtime.package_dir()
    first = pyodide_runtime.package_archive(package)
    assert pyodide_runtime.package_archive(package) == first
    import io
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert "calculators/browser.py" in names and "calculators/data/parameters.json" in names
    assert not any("__pycache__" in name for name in names)


def test_snapshot_is_byte_identical_across_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    archive = pyodide_runtime.package_archive(pyodide_runtime.package_dir())
    first = pyodide_runtime.make_snapshot(archive, tmp_path / "one")
    second = pyodide_runtime.make_snapshot(archive, tmp_path / "two")
    assert first is not None and second is not None
    assert len(first) > 1_000_000
    assert first == second, "two snapshots of the same package differ"


def test_staged_runtime_has_only_needed_files(site_dir: Path) -> None:
    runtime = site_dir / "assets" / "pyodide"
    assert sorted(p.name for p in runtime.iterdir()) == sorted(pyodide_runtime.RUNTIME_FILES)
    manifest = json.loads((site_dir / "assets" / "calculators" / "py" / "runtime.json").read_text("utf-8"))
    assert manifest["pyodide"] == pyodide_runtime.pyodide_version()
    assert (site_dir / "assets" / "calculators" / "py" / manifest["package"]).is_file()
    assert manifest["snapshot"] and (site_dir / "assets" / "calculators" / "py" / manifest["snapshot"]).is_file()
