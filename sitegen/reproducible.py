"""Reproducible builds: one fixed timestamp for everything the build dates (sitemap lastmod, gzip and zip
mtimes, the Pyodide snapshot's clock), so two builds of the same commit are byte-identical.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Used outside a git checkout (e.g. an unpacked release): the notice's date of issue, 2022-06-01 00:00 UTC.
FALLBACK_EPOCH = 1654041600


def source_date_epoch(repo: Path) -> int:
    """The committer time of the repository's last commit, or FALLBACK_EPOCH when there is no git history."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=repo, capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return FALLBACK_EPOCH


def build_epoch() -> int:
    """The build's time (SOURCE_DATE_EPOCH, set by pin_build_time), for what a file dates: zip entries, PDF dates."""
    return int(os.environ.get("SOURCE_DATE_EPOCH", FALLBACK_EPOCH))


def pin_build_time(repo: Path) -> None:
    """Set SOURCE_DATE_EPOCH (the convention MkDocs, wheel builders and sitegen follow) unless already set."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch(repo)))
