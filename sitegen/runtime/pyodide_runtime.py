"""Stage step: the self-hosted Python runtime for the calculator pages.

Writes into build/docs/assets/:
  pyodide/<version>/           only the Pyodide files a page needs, from the pinned npm package (node_modules/);
                               the version in the path makes their URLs content-addressed (cached for good)
  calculators/py/
    calculators-<hash>.zip     the calculators package: its modules compiled to .pyc by Pyodide's Python (by
                               stdlib_trace.mjs, asserts and docstrings kept) and its data files
    stdlib-<hash>.zip          the part of Pyodide's standard library the calculators use (traced at build time
                               by stdlib_trace.mjs), compiled to .pyc as -OO does, without column tables, stored:
                               a plain start no longer spends most of its CPU compiling sources; with .br (0.59 MB)
                               and .gz (0.80 MB) beside it
    snapshot-<hash>.bin        a memory snapshot of Pyodide with calculators and every traced module imported
                               (made by snapshot.mjs), less the WebAssembly's data segments (snapshot_delta.py):
                               31 MB raw, with .br (2.0 MB: a host that serves precompressed files sends this)
                               and .gz beside it (2.8 MB: the worker gunzips it where the host compresses nothing)
    runtime.json               what the worker should load: file names, Pyodide version, snapshot or not, and
                               the lock file's header (the worker passes it inline: no package is ever loaded);
                               the pages that run the engine carry a copy (sitegen/plugin.py)

The package is shipped as a plain zip rather than a wheel: Pyodide unpacks both the same way, and a zip
written here needs no build backend, takes milliseconds and is byte-identical across builds (see
docs/performance.md for the measurements). File names carry a content hash so caches never mix builds.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..cache import cache_dir, write_entry
from ..loading.model import Policy
from ..precompress import ENCODINGS, compressed, start_compressing
from .snapshot_delta import xor_data_segments

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
SNAPSHOT_SCRIPT = Path(__file__).resolve().parent / "snapshot.mjs"
TRACE_SCRIPT = Path(__file__).resolve().parent / "stdlib_trace.mjs"
# What loadPyodide() fetches in a browser when given the trimmed standard library and the lock inline; the rest of
# the npm package (console, d.ts, maps, pyodide.js, the full python_stdlib.zip, pyodide-lock.json) is not.
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
# Names of the packed files (sitegen/runtime/service_worker.py lists them by these prefixes).
STDLIB_PREFIX = "stdlib-"
SNAPSHOT_PREFIX = "snapshot-"
# What the worker loads (the pages that run the engine carry a copy: sitegen/plugin.py).
MANIFEST_PATH = "assets/calculators/py/runtime.json"
# Snapshots kept in the build cache (about 3 MB each): the session's and a few of earlier commits.
KEPT_SNAPSHOTS = 3
# Zip entries need a date; 1980-01-01 is the earliest zip can hold, used when SOURCE_DATE_EPOCH is unset.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def stage_pyodide_runtime(policy: Policy, staging: Path) -> None:
    """Copy the runtime, build the package archive and the snapshot, and write runtime.json."""
    version = pyodide_version()
    runtime_dir = staging / "assets" / "pyodide" / version
    py_dir = (staging / MANIFEST_PATH).parent
    for folder in (runtime_dir.parent, py_dir):
        if folder.exists():
            shutil.rmtree(folder)
    for folder in (runtime_dir, py_dir):
        folder.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copyfile(PYODIDE_DIR / name, runtime_dir / name)
    # The WebAssembly's copies for the host (sitegen/precompress.py, the longest to make) beside what follows,
    # which runs Node on one core; the post-build step finds them made.
    start_compressing((runtime_dir / "pyodide.asm.wasm").read_bytes())

    cache = cache_dir("runtime")  # shared by every build of this work tree (sitegen/cache.py)
    stdlib, preload, archive = traced_runtime(package_archive(package_dir()), version, cache)
    archive_name = f"calculators-{_short_hash(archive)}.zip"
    (py_dir / archive_name).write_bytes(archive)
    stdlib_name = f"{STDLIB_PREFIX}{_short_hash(stdlib)}.zip"
    start_compressing(stdlib)  # beside the snapshot's making

    snapshot = cached_snapshot(archive, stdlib, preload, version, cache)
    packed_sizes = write_packed(py_dir / stdlib_name, stdlib)
    snapshot_name = None
    if snapshot:
        # Shipped without what the WebAssembly already holds (sitegen/runtime/snapshot_delta.py).
        snapshot = xor_data_segments(snapshot, (runtime_dir / "pyodide.asm.wasm").read_bytes())
        snapshot_name = f"{SNAPSHOT_PREFIX}{_short_hash(snapshot)}.bin"
        packed_sizes |= write_packed(py_dir / snapshot_name, snapshot)
    lock_info = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    # Bytes of each file the worker fetches (as decoded), for its progress line: a host that sends Content-Length
    # corrects these to what goes over the wire. A packed file's .br size is what a host that encodes sends.
    sizes = {"pyodide.asm.wasm": (runtime_dir / "pyodide.asm.wasm").stat().st_size, archive_name: len(archive)}
    sizes |= packed_sizes
    manifest = {
        "pyodide": version,
        "package": archive_name,
        "stdlib": stdlib_name,
        "snapshot": snapshot_name,
        # The snapshot holds every module the calculators load: a start from it needs no standard library file.
        "stdlib_in_snapshot": bool(snapshot_name and preload),
        "sizes": sizes,
        "lock": {"info": lock_info, "packages": {}},
    }
    (staging / MANIFEST_PATH).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def write_packed(path: Path, data: bytes) -> dict[str, int]:
    """Write a packed file (the standard library, the snapshot): raw, .br and .gz, and return their sizes by name.

    The worker asks for the raw name from a host that encodes (it sends the .br) and for the .gz otherwise, and
    gunzips it (docs/calculators/worker.mjs, `packedForms`). Written here rather than by the post-build step:
    their sizes go into runtime.json, and zips are not among the files that step compresses.
    """
    path.write_bytes(data)
    sizes = {path.name: len(data)}
    for suffix in ENCODINGS:
        packed = compressed(data, suffix)
        path.with_name(path.name + suffix).write_bytes(packed)
        sizes[path.name + suffix] = len(packed)
    return sizes


def pyodide_version() -> str:
    """The installed npm package's version, checked against the pin in package.json."""
    installed = str(json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))["version"])
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    if installed != pinned:
        raise RuntimeError(f"node_modules/pyodide is {installed} but package.json pins {pinned}: run `npm ci`")
    return installed


def package_dir() -> Path:
    """The folder of the calculators package this build imports (the one its pages were generated from)."""
    import calculators

    return Path(calculators.__file__).resolve().parent


def package_archive(package_dir: Path) -> bytes:
    """The calculators package as a zip for site-packages: sorted entries, fixed dates, fixed permissions."""
    date = _zip_date()
    files = sorted(
        p
        for p in package_dir.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
    )
    for name in ("parameters.json", "provisions.json"):
        if not any(p.name == name for p in files):
            raise RuntimeError(f"{package_dir}/data/{name} is missing: the engine data step must run first")
    from io import BytesIO

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path in files:
            info = zipfile.ZipInfo(f"{package_dir.name}/{path.relative_to(package_dir).as_posix()}", date)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def traced_runtime(archive: bytes, version: str, cache_dir: Path) -> tuple[bytes, list[str], bytes]:
    """Pyodide's python_stdlib.zip cut to the modules the calculators load (traced) and compiled to .pyc, with the
    traced module names (the snapshot imports them all: see cached_snapshot), and the package archive as shipped:
    its modules compiled by the same interpreter (a plain start imports them without compiling).

    The trace is reused from the build cache while the package, Pyodide and the tracer are unchanged. Without Node
    (no trace), the full standard library and the package are shipped as sources, with a warning, and no module
    names.
    """
    key = hashlib.sha256(archive + version.encode() + TRACE_SCRIPT.read_bytes()).hexdigest()[:16]
    cached = cache_dir / f"stdlib-trace-{key}.json"
    compiled = cached.with_suffix(".zip")
    package = cached.with_suffix(".package.zip")
    outputs = (cached, compiled, package)
    if not all(path.exists() for path in outputs):
        with tempfile.TemporaryDirectory(dir=cache_dir) as work:
            (Path(work) / "calculators.zip").write_bytes(archive)
            made = [Path(work) / path.name for path in outputs]
            command = ["node", str(TRACE_SCRIPT), str(PYODIDE_DIR), str(Path(work) / "calculators.zip")]
            command += [str(path) for path in made]
            try:
                result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=300)
                problem = "" if result.returncode == 0 else result.stderr[-2000:]
            except (OSError, subprocess.TimeoutExpired) as exc:
                problem = str(exc)
            if problem or not all(path.exists() for path in made):
                print(f"warning: standard library not traced ({problem}); shipping all of it", file=sys.stderr)
                return (PYODIDE_DIR / "python_stdlib.zip").read_bytes(), [], archive
            for path in (*made[1:], made[0]):  # the trace last: it marks the entry complete
                path.replace(cache_dir / path.name)
    files = json.loads(cached.read_text(encoding="utf-8"))
    return compiled.read_bytes(), module_names(files), package.read_bytes()


def module_names(files: list[str]) -> list[str]:
    """Module names of standard-library files: "json/__init__.py" → "json", "re/_parser.py" → "re._parser"."""
    names = []
    for file in files:
        if file.endswith(".py"):
            dotted = file[: -len(".py")].replace("/", ".")
            names.append(dotted.removesuffix(".__init__"))
    return names


def cached_snapshot(archive: bytes, stdlib: bytes, preload: list[str], version: str, cache_dir: Path) -> bytes | None:
    """The snapshot for this archive, standard library, preloaded modules and Pyodide, reused from the build cache
    (gzipped) when the inputs are equal.

    Returns None (and says why on stderr) when Node cannot make one; the site then starts Pyodide plainly.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "0")  # the snapshot's frozen clock reads it
    inputs = archive + stdlib + "\n".join(preload).encode() + version.encode() + epoch.encode()
    key = hashlib.sha256(inputs + SNAPSHOT_SCRIPT.read_bytes()).hexdigest()[:16]
    cached = cache_dir / f"snapshot-{key}.bin.gz"
    if cached.exists():
        return gzip.decompress(cached.read_bytes())
    with tempfile.TemporaryDirectory(dir=cache_dir) as work:
        raw = make_snapshot(archive, Path(work), stdlib, preload)
    if raw is None:
        return None
    # Each commit dates its own snapshot: keep the few newest (another build of this tree may be using one).
    older = sorted(cache_dir.glob("snapshot-*.bin.gz"), key=lambda path: path.stat().st_mtime)
    for old in older[:-KEPT_SNAPSHOTS]:
        old.unlink(missing_ok=True)
    write_entry(cached, gzip.compress(raw, compresslevel=1, mtime=0))
    return raw


def make_snapshot(
    archive: bytes, work_dir: Path, stdlib: bytes | None = None, preload: list[str] | None = None
) -> bytes | None:
    """Run snapshot.mjs under Node with the pinned Pyodide and the standard library the site ships (a snapshot
    holds zipimport's index of it, so it must be made with the very zip it is restored with; default: the full
    one), importing the preload modules too (the traced ones: then a start from the snapshot needs no standard
    library file at all); the raw snapshot or None on failure."""
    work_dir.mkdir(parents=True, exist_ok=True)
    archive_file = work_dir / "calculators.zip"
    stdlib_file = work_dir / "stdlib.zip"
    preload_file = work_dir / "preload.json"
    out = work_dir / "snapshot.bin"
    archive_file.write_bytes(archive)
    stdlib_file.write_bytes(stdlib if stdlib is not None else (PYODIDE_DIR / "python_stdlib.zip").read_bytes())
    preload_file.write_text(json.dumps(preload or []), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "0")}
    command = ["node", str(SNAPSHOT_SCRIPT), str(PYODIDE_DIR), str(archive_file), str(out), str(stdlib_file)]
    command.append(str(preload_file))
    problem = ""
    for _attempt in range(2):  # one retry: a start-up failure of Node under memory pressure is not a build error
        try:
            result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as exc:
            problem = str(exc)
            continue
        if result.returncode == 0 and out.exists():
            break
        # Node echoes the (minified, very long) source line of a throw; keep the readable lines only.
        readable = [line for line in result.stderr.splitlines() if len(line) < 400]
        problem = f"node exit {result.returncode}: " + "\n".join(readable[-15:])
    else:
        print(f"warning: no Pyodide snapshot ({problem}); calculator pages will start Pyodide plainly", file=sys.stderr)
        return None
    data = out.read_bytes()
    out.unlink()
    return data


def _zip_date() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return ZIP_EPOCH
    import time

    return max(ZIP_EPOCH, tuple(time.gmtime(int(epoch))[:6]))  # type: ignore[return-value]


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
