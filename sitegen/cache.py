"""The build cache: what a build derives from pinned inputs alone (the traced standard library, the memory
snapshot, brotli copies of large files), each entry named by a hash of its inputs.

One folder for every build of a work tree, whatever its BUILD_DIR: the test suite builds several sites (the
session's, a pages-only one from planted policy/), and only the first pays for these. BUILD_CACHE names another
folder; tests/quality/test_deterministic.py gives its build an empty one, so that a cold build is compared with
the session's. An entry is written whole and renamed into place, so a build never reads half of one.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cache_dir(kind: str) -> Path:
    """The folder of one kind of cache entry (created): BUILD_CACHE/<kind>, by default build/cache/<kind>."""
    folder = Path(os.environ.get("BUILD_CACHE") or ROOT / "build" / "cache").resolve() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_entry(path: Path, data: bytes) -> None:
    """Write a cache entry atomically: a concurrent build sees the whole file or none."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{hashlib.sha256(data).hexdigest()[:8]}.tmp")
    partial.write_bytes(data)
    partial.replace(path)
