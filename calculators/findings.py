"""Findings: one checked rule, its status, the clause it rests on, a Chinese message, and a stable code.

`code` (e.g. "land.min_area.below_relaxable") and `params` (the numbers and names the message used) make a finding
machine-readable. Each calculator declares the codes it can emit in its own CODES (see calculators/registry.py);
the site's 结论代码 page lists them all (tests/calculators/test_finding_codes.py checks both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import registry

# Worst first: a plan's overall status is the worst of its findings. "fail" 不符合 only on the notice's own words
# (or a contract term it requires, or a labelled reading of them); "outside": beyond a limit the user entered from
# another document (planning conditions, land grant), which is not the notice's — never 不符合 of a clause;
# "unstated": the user marked the contract term as not agreed (合同未约定), a contract that falls short of clause
# (八)'s 明确约定; "to_enter": something the check needs is not entered yet (待补充: the message says what to
# enter); "review": the notice leaves the matter to the locality (由当地决定), and only then.
STATUS_ORDER = ("fail", "outside", "unstated", "to_enter", "review", "pass", "not_applicable")
STATUS_LABELS = {
    "fail": "不符合",
    "outside": "超出所填限值",
    "unstated": "合同未约定",
    "to_enter": "待补充",
    "review": "由当地决定",
    "pass": "符合",
    "not_applicable": "不适用",
    "error": "输入有误",
}
# What a finding rests on: the notice's words, an interpretive reading, the user's contract, a local rule, or
# another document the user read a figure from (planning conditions, land grant): named as such, never the notice.
BASIS_LABELS = {
    "notice": "通知原文",
    "reading": "解读",
    "contract": "合同约定",
    "local": "当地标准",
    "document": "其他文件",  # the message names it: 规划条件, 土地出让合同
}


@dataclass(frozen=True)
class Finding:
    """One checked rule. `check` is the code's first two parts, e.g. "land.min_area"."""

    status: str
    clause: int
    code: str
    basis: str
    message: str
    params: Mapping[str, Any] = field(default_factory=dict)
    caveat: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUS_ORDER or not 1 <= self.clause <= 16 or self.basis not in BASIS_LABELS:
            raise ValueError(f"malformed finding: {self}")
        declared = registry.codes().get(self.code)
        if declared is None:
            raise ValueError(f"finding code {self.code} is not declared in its calculator's CODES")
        if set(self.params) != set(declared.params):
            raise ValueError(
                f"finding {self.code} carries params {sorted(self.params)}, CODES declares {declared.params}"
            )

    @property
    def check(self) -> str:
        """The rule checked, e.g. "ratios.self_held" (several outcomes share one check)."""
        return self.code.rsplit(".", 1)[0] if self.code.count(".") >= 2 else self.code

    def to_json(self) -> dict[str, Any]:
        """The finding as JSON data (the caveat only when there is one)."""
        data: dict[str, Any] = {
            "status": self.status,
            "clause": self.clause,
            "check": self.check,
            "code": self.code,
            "basis": self.basis,
            "message": self.message,
            "params": dict(self.params),
        }
        if self.caveat:
            data["caveat"] = self.caveat
        return data


def worst(statuses: Iterable[str]) -> str:
    """The worst status in STATUS_ORDER; not_applicable when there is none."""
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
