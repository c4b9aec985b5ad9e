"""build.py's own mechanics that no built page shows: how `serve` re-stages without losing MkDocs' watch."""

from __future__ import annotations

import os
from pathlib import Path

import build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_mirror_keeps_the_watched_folder_and_rewrites_only_what_changed(tmp_path: Path) -> None:
    fresh, staging = tmp_path / "docs.next", tmp_path / "docs"
    for folder, files in (
        (staging, {"same.md": "一", "changed.md": "旧", "gone/old.md": "删"}),
        (fresh, {"same.md": "一", "changed.md": "新", "new/page.md": "加"}),
    ):
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    root = staging.stat().st_ino
    os.utime(staging / "same.md", (1_000_000_000, 1_000_000_000))  # long ago: a rewrite would make it now
    build.mirror(fresh, staging)
    assert tree(staging) == tree(fresh)
    assert not (staging / "gone").exists()
    assert staging.stat().st_ino == root  # the folder MkDocs watches is never deleted
    assert (staging / "same.md").stat().st_mtime == 1_000_000_000  # an unchanged file is not written
