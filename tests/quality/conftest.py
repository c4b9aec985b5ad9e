"""Fixtures of the quality gates: one remembered browser visit per page type, shared by every gate."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.reproducible import pin_build_time

from ._visits import Visits

# Every build of this session (the shared site, the second build of test_deterministic, the hostile copy) dates
# its output from the same commit, even if a commit lands while the suite runs.
pin_build_time(Path(__file__).resolve().parents[2])


@pytest.fixture(scope="session")
def visits(browser, base_url: str) -> Iterator[Visits]:
    """Page-type visits made once per session (see _visits.py)."""
    yield Visits(browser, base_url)
