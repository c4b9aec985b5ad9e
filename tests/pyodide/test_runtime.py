"""The build's runtime files: only what a page needs (their byte-identity across builds, the snapshot's
included, is tests/quality/test_deterministic.py's: its cold build makes them afresh)."""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import zipfile
from pathlib import Path

import brotli
import pytest

from sitegen.modules import module_version, versioned_files
from sitegen.runtime import pyodide_runtime
from sitegen.runtime.snapshot_delta import data_segments, xor_data_segments
from sitetools import PAGE_MANIFEST


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


def test_the_package_ships_compiled_beside_its_data_files(site_dir: Path) -> None:
    """A plain start imports the engine without compiling it: every module of the package is shipped as a
    hash-based, unchecked .pyc (compiled by Pyodide's own Python: the parity tests run these very files), and
    every data file as it is."""
    manifest = json.loads((site_dir / pyodide_runtime.MANIFEST_PATH).read_text("utf-8"))
    source = pyodide_runtime.package_dir()
    with zipfile.ZipFile(site_dir / pyodide_runtime.MANIFEST_PATH.rsplit("/", 1)[0] / manifest["package"]) as shipped:
        names = set(shipped.namelist())
        compiled = {name for name in names if name.endswith(".pyc")}
        assert all(int.from_bytes(shipped.read(name)[4:8], "little") == 0b01 for name in compiled)
    modules = {f"calculators/{path.relative_to(source).as_posix()}c" for path in source.rglob("*.py")}
    data = {f"calculators/{path.relative_to(source).as_posix()}" for path in (source / "data").glob("*.json")}
    assert compiled == modules and data <= names
    assert not any(name.endswith(".py") for name in names)


def test_staged_runtime_has_only_needed_files(site_dir: Path) -> None:
    runtime = site_dir / "assets" / "pyodide" / pyodide_runtime.pyodide_version()
    assert [p.name for p in runtime.parent.iterdir()] == [runtime.name]
    shipped = sorted(p.name for p in runtime.iterdir() if p.suffix not in (".br", ".gz"))  # precompressed copies
    assert shipped == sorted(pyodide_runtime.RUNTIME_FILES)
    manifest = json.loads((site_dir / "assets" / "calculators" / "py" / "runtime.json").read_text("utf-8"))
    assert manifest["pyodide"] == pyodide_runtime.pyodide_version()
    assert (site_dir / "assets" / "calculators" / "py" / manifest["package"]).is_file()
    assert manifest["snapshot"] and (site_dir / "assets" / "calculators" / "py" / manifest["snapshot"]).is_file()


def test_every_page_that_runs_the_engine_carries_this_builds_runtime_json(site_dir: Path) -> None:
    """The worker starts from the page's copy of runtime.json (no round trip for it): a page with an older or no copy
    would start the old engine, or fetch it after all."""
    manifest = json.loads((site_dir / pyodide_runtime.MANIFEST_PATH).read_text("utf-8"))
    boot = re.compile(r'<script type="module" async src="[./]*assets/calculators/boot\.js')
    engine_pages = [p for p in site_dir.rglob("index.html") if boot.search(p.read_text("utf-8"))]
    assert len(engine_pages) >= 3  # the calculators, the self-check and its review
    for page in engine_pages:
        found = PAGE_MANIFEST.search(page.read_text("utf-8"))
        assert found, f"{page} runs the engine but carries no runtime.json"
        assert json.loads(found[1]) == manifest, page


@pytest.mark.parametrize("packed", ["stdlib", "snapshot"])
def test_packed_files_ship_in_three_forms_of_the_same_bytes_with_their_sizes(site_dir: Path, packed: str) -> None:
    """The worker takes the raw name from a host that encodes (brotli: the smallest download) and the .gz from one
    that does not; both must give the very files the parity tests run, and runtime.json must give the sizes the
    worker weighs against the link and shows in its progress line."""
    py_dir = site_dir / "assets" / "calculators" / "py"
    manifest = json.loads((py_dir / "runtime.json").read_text("utf-8"))
    name = manifest[packed]
    raw = (py_dir / name).read_bytes()
    assert gzip.decompress((py_dir / f"{name}.gz").read_bytes()) == raw
    assert brotli.decompress((py_dir / f"{name}.br").read_bytes()) == raw
    for form in (name, f"{name}.gz", f"{name}.br"):
        assert manifest["sizes"][form] == (py_dir / form).stat().st_size, form
    assert manifest["sizes"][f"{name}.br"] < 0.75 * manifest["sizes"][f"{name}.gz"]


def test_the_snapshot_ships_without_what_the_webassembly_holds(site_dir: Path) -> None:
    """A fast link's first visit downloads both the WebAssembly and the snapshot: the snapshot's copy of the
    WebAssembly's data segments (3.2 MB of its memory, almost all unchanged) is XORed out to zeros, and the worker
    XORs it back in (the parity tests run the restored snapshot)."""
    py_dir = site_dir / "assets" / "calculators" / "py"
    manifest = json.loads((py_dir / "runtime.json").read_text("utf-8"))
    shipped = (py_dir / manifest["snapshot"]).read_bytes()
    wasm = (site_dir / "assets" / "pyodide" / manifest["pyodide"] / "pyodide.asm.wasm").read_bytes()
    memory = int.from_bytes(shipped[4:8], "little")
    segments = data_segments(wasm)
    assert sum(len(segment) for _, segment in segments) > 3_000_000
    left = sum(len(segment) - shipped[memory + at : memory + at + len(segment)].count(0) for at, segment in segments)
    assert left < 0.01 * sum(len(segment) for _, segment in segments), f"{left} bytes of the data segments shipped"
    restored = xor_data_segments(shipped, wasm)
    assert sum(restored[memory + at : memory + at + len(segment)] == segment for at, segment in segments) > 0.9 * len(
        segments
    ), "the restored memory holds the WebAssembly's data segments"


def test_the_standard_library_shipped_is_the_traced_part_and_the_lock_is_inline(site_dir: Path) -> None:
    """A plain start downloads the standard library: the build ships only what the calculators load (the parity
    tests prove every worked example runs with it), compiled, and the lock file's header goes inline in runtime.json."""
    py_dir = site_dir / "assets" / "calculators" / "py"
    manifest = json.loads((py_dir / "runtime.json").read_text("utf-8"))
    full = pyodide_runtime.PYODIDE_DIR / "python_stdlib.zip"
    with zipfile.ZipFile(py_dir / manifest["stdlib"]) as trimmed, zipfile.ZipFile(full) as whole:
        # Compiled (a plain start's CPU went mostly to compiling the sources), hash-based and unchecked: no source.
        assert all(name.endswith(".pyc") for name in trimmed.namelist())
        assert all(int.from_bytes(trimmed.read(name)[4:8], "little") == 0b01 for name in trimmed.namelist())
        names = {name.removesuffix("c") for name in trimmed.namelist()}
        assert {"decimal.py", "fractions.py", "json/__init__.py", "traceback.py"} <= names
        assert "unittest/__init__.py" not in names and "sqlite3/__init__.py" not in names
        assert names <= set(whole.namelist())
    # Stored (brotli over the whole archive finds what its files share): what a host sends is its .br or .gz.
    assert manifest["sizes"][manifest["stdlib"] + ".br"] < 0.4 * full.stat().st_size
    assert manifest["sizes"][manifest["stdlib"] + ".gz"] < 0.55 * full.stat().st_size
    lock = json.loads(full.with_name("pyodide-lock.json").read_text("utf-8"))
    assert manifest["lock"] == {"info": lock["info"], "packages": {}}


def test_every_reference_to_an_engine_script_or_style_sheet_names_its_current_version(site_dir: Path) -> None:
    """The service worker serves the engine's scripts from its cache without asking the host (a warm start would
    otherwise wait a round trip per script), and nginx caches versioned URLs for a year (the style sheets every page
    waits for); that is safe only if every page and module names each file with the version of its bytes, so a
    rebuilt file has a new address."""
    versioned = {rel.as_posix(): module_version(site_dir / rel) for rel in versioned_files(site_dir)}
    engine = {"assets/calculators/boot.js", "assets/calculators/engine.js", "calculators/worker.mjs"}
    styles = {"assets/stylesheets/site.css", "assets/calculators/calculators.css", "assets/selfcheck/selfcheck.css"}
    styles |= {"assets/javascripts/search.js", "assets/javascripts/search-core.mjs"}  # the theme's own scripts
    assert engine | styles <= set(versioned)
    reference = re.compile(r"""["']([^"'?]+\.(?:m?js|css))(\?v=[0-9a-f]+)?["']""")
    checked = 0
    texts = [(p, p.read_text(encoding="utf-8")) for p in site_dir.rglob("*.html")]
    texts += [(site_dir / rel, (site_dir / rel).read_text(encoding="utf-8")) for rel in versioned]
    for path, text in texts:
        for name, query in reference.findall(text):
            target = posixpath.normpath(f"{path.parent.relative_to(site_dir).as_posix()}/{name}")
            if target in versioned:
                assert query == f"?v={versioned[target]}", f"{path.relative_to(site_dir)} names {name}{query}"
                checked += 1
    assert checked > 50, "the engine pages name their scripts"
    sw = (site_dir / "calculators" / "sw.js").read_text(encoding="utf-8")
    assert f"../assets/calculators/engine.js?v={versioned['assets/calculators/engine.js']}" in sw
