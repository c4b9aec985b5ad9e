"""Two builds of the same commit, in different folders, give byte-identical sites.

One extra build, with the runtime's part of the build cache (sitegen/cache.py) empty: the traced standard library
and the memory snapshot are made afresh and compared with the session's site, whose build took them from the shared
cache (made by the same code from the same inputs; in a fresh clone, by that very build). Brotli copies still come
from the cache, by the hash of the bytes they compress: a file that differs misses it and fails here anyway.
(Run from a clean checkout: in a work tree that others are editing or committing to meanwhile, the two builds are
not of the same sources.)
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from sitegen.cache import cache_dir

ROOT = Path(__file__).resolve().parents[2]


def tree(folder: Path) -> dict[str, Path]:
    """Every file under folder, by relative path."""
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def first_difference(a: Path, b: Path) -> str:
    """Where two files first differ, with a little context, for the failure message."""
    left, right = a.read_bytes(), b.read_bytes()
    at = next((i for i, (x, y) in enumerate(zip(left, right, strict=False)) if x != y), min(len(left), len(right)))
    return f"byte {at}: {left[max(0, at - 40) : at + 40]!r} vs {right[max(0, at - 40) : at + 40]!r}"


def test_two_builds_are_byte_identical(site_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "precompressed").symlink_to(cache_dir("precompressed"), target_is_directory=True)
    env = {
        **os.environ,
        "BUILD_DIR": str(tmp_path / "build"),
        "SITE_DIR": str(tmp_path / "site"),
        "BUILD_CACHE": str(tmp_path / "cache"),
    }
    result = subprocess.run(
        [sys.executable, "build.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    first, second = tree(site_dir), tree(tmp_path / "site")
    # Zipped and drawn files are the ones a clock or an id slips into: the trainers' decks and 一图读懂 are compared.
    assert any(name.startswith("slides/") and name.endswith(".pptx") for name in first), "no slide decks to compare"
    assert any(name.startswith("overview/") for name in first), "no overview to compare"
    assert sorted(first) == sorted(second), f"only in one build: {sorted(set(first) ^ set(second))[:20]}"
    differing = [name for name in first if not filecmp.cmp(first[name], second[name], shallow=False)]
    report = "\n".join(f"{name}: {first_difference(first[name], second[name])}" for name in differing[:15])
    assert not differing, f"{len(differing)} files differ between two builds:\n{report}"
