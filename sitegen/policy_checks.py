"""Cross-checks across the files of policy/ (placeholder until step 2 lands)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import DataProblem

if TYPE_CHECKING:
    from .policy import PolicyFiles


def cross_check(files: PolicyFiles) -> list[DataProblem]:
    """Every problem that no single file's schema can see."""
    return []
