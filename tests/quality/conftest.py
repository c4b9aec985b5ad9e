"""Fixtures of the quality gates: one remembered browser visit per page type, shared by every gate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._visits import Visits


@pytest.fixture(scope="session")
def visits(browser, base_url: str) -> Iterator[Visits]:
    """Page-type visits made once per session (see _visits.py)."""
    yield Visits(browser, base_url)
