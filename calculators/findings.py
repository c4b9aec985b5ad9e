"""Findings: one checked rule, its status, the clause it rests on, and a Chinese message."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Worst first: a plan's overall status is the worst of its findings.
STATUS_ORDER = ("fail", "review", "pass", "not_applicable")
STATUS_LABELS = {
    "fail": "不符合",
    "review": "由当地决定",
    "pass": "符合",
    "not_applicable": "不适用",
    "error": "输入有误",
}
# What a finding rests on: the notice's words, an interpretive reading, the user's contract, or a local rule.
BASIS_LABELS = {
    "notice": "通知原文",
    "reading": "解读",
    "contract": "合同约定",
    "local": "当地标准",
}


@dataclass(frozen=True)
class Finding:
    """One checked rule."""

    status: str
    clause: int
    check: str  # stable id, e.g. "land.min_area"
    basis: str
    message: str
    caveat: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUS_ORDER or not 1 <= self.clause <= 16 or self.basis not in BASIS_LABELS:
            raise ValueError(f"malformed finding: {self}")

    def to_json(self) -> dict[str, Any]:
        """The finding as JSON data (the caveat only when there is one)."""
        data: dict[str, Any] = {
            "status": self.status,
            "clause": self.clause,
            "check": self.check,
            "basis": self.basis,
            "message": self.message,
        }
        if self.caveat:
            data["caveat"] = self.caveat
        return data


def worst(statuses: Iterable[str]) -> str:
    """The worst status by fail > review > pass > not_applicable; not_applicable when there is none."""
    ranks = [STATUS_ORDER.index(status) for status in statuses]
    return STATUS_ORDER[min(ranks)] if ranks else "not_applicable"


def verdict(
    calculator: str, findings: list[Finding], figures: dict[str, Any], not_run: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The verdict JSON: calculator, overall status, findings ordered by clause, then the figures."""
    ordered = sorted(findings, key=lambda finding: finding.clause)
    result: dict[str, Any] = {
        "calculator": calculator,
        "status": worst(f.status for f in ordered),
        "findings": [finding.to_json() for finding in ordered],
    }
    if not_run is not None:
        result["not_run"] = not_run
    result.update(figures)
    return result
