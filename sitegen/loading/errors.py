"""Errors that stop the build and tell an editor which file, line and field to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DataProblem:
    """One problem in one data file, located as precisely as the file allows."""

    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        field = self.field or "(whole file)"
        return f"{where}: {field}: {self.message}"


class PolicyDataError(Exception):
    """Raised with every problem found, so an editor can fix them all in one pass."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line or 0, p.field))
        super().__init__(self.report())

    def report(self) -> str:
        """All problems, one per line, ready to print."""
        head = f"policy/ has {len(self.problems)} problem(s); the site was not built:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
