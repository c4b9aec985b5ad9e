"""The quality gates' build time (their visits, one remembered browser visit per page type, are tests/conftest.py's
`visits`, shared with the browser tests)."""

from __future__ import annotations

from pathlib import Path

from sitegen.reproducible import pin_build_time

# Every build of this session (the shared site, the second build of test_deterministic, the hostile copy) dates
# its output from the same commit, even if a commit lands while the suite runs.
pin_build_time(Path(__file__).resolve().parents[2])
