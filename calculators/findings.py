"""Findings: one checked rule, its status, the clause it rests on, a Chinese message, and a stable code.

`code` (e.g. "land.min_area.below_relaxable") and `params` (the numbers and names the message used) make a finding
machine-readable; every code the engine can emit is in CODES below and documented in docs/findings.md (tests check
both: tests/calculators/test_finding_codes.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Worst first: a plan's overall status is the worst of its findings. "unstated": the contract term a check needs
# was not entered — a different fact from local discretion ("review"), and a contract without it falls short of
# clause (八)'s 明确约定.
STATUS_ORDER = ("fail", "unstated", "review", "pass", "not_applicable")
STATUS_LABELS = {
    "fail": "不符合",
    "unstated": "合同未约定",
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

# Every finding code, what it means, and the params it carries (docs/findings.md shows the same table).
CODES: dict[str, tuple[str, tuple[str, ...]]] = {
    "land.min_area.not_applicable": ("不是新建或不是生产制造类项目，第（一）条不适用", ("reasons",)),
    "land.min_area.meets": ("面积不少于通知规定的标准", ("area_mu", "threshold_mu")),
    "land.min_area.below": (
        "面积少于标准，所在县在项目日期不属于可放宽的县",
        ("area_mu", "threshold_mu", "county", "date"),
    ),
    "land.min_area.below_relaxable": (
        "面积少于标准，所在县可适当放宽，当地放宽后的标准未填写",
        ("area_mu", "threshold_mu", "county", "date", "groups"),
    ),
    "land.min_area.meets_local": (
        "面积少于标准，但不少于当地放宽后的标准",
        ("area_mu", "threshold_mu", "local_min_area_mu", "county", "date", "groups"),
    ),
    "land.min_area.below_local": (
        "面积也少于当地放宽后的标准",
        ("area_mu", "threshold_mu", "local_min_area_mu", "county", "date", "groups"),
    ),
    "land.min_area.membership_changed": (
        "项目日期与通知印发日所属名单不同，是否放宽由当地决定",
        ("area_mu", "threshold_mu", "county", "date", "notice_date", "groups", "notice_groups"),
    ),
    "ratios.self_held.unstated": ("合同约定的最低自持比例未填写", ("value_pct",)),
    "ratios.self_held.meets": ("自持比例不低于合同约定", ("value_pct", "limit_pct")),
    "ratios.self_held.breaches": ("自持比例低于合同约定", ("value_pct", "limit_pct")),
    "ratios.sale.meets": ("出售比例不高于合同约定", ("value_pct", "limit_pct")),
    "ratios.sale.breaches": ("出售比例高于合同约定", ("value_pct", "limit_pct")),
    "ratios.rent_sale.unstated": ("合同约定的租售比例（或最高出售比例）未填写", ("sale_pct", "value")),
    "ratios.rent_sale.no_rental_area": ("合同约定了租售比例，但出租面积未填写", ("limit",)),
    "ratios.rent_sale.meets": ("出租与出售面积之比不低于合同约定的租售比例", ("value", "limit")),
    "ratios.rent_sale.breaches": ("出租与出售面积之比低于合同约定的租售比例", ("value", "limit")),
    "ratios.leading_industry.unstated": ("合同约定的最低主导产业占比未填写", ("value_pct",)),
    "ratios.leading_industry.meets": ("主导产业企业占比不低于合同约定", ("value_pct", "limit_pct")),
    "ratios.leading_industry.breaches": ("主导产业企业占比低于合同约定", ("value_pct", "limit_pct")),
    "ratios.manufacturing.not_applicable": ("不是工业用地性质，第（九）条这一句不适用", ()),
    "ratios.manufacturing.meets_reading": ("制造业企业占比超过一半（解读）", ("value_pct", "majority_pct", "basis")),
    "ratios.manufacturing.below_reading": ("制造业企业占比未超过一半（解读）", ("value_pct", "majority_pct", "basis")),
    "ratios.manufacturing.land_unknown": (
        "制造业企业占比未超过一半，但未说明是否工业用地性质",
        ("value_pct", "majority_pct", "basis"),
    ),
    "ratios.manufacturing.meets_contract": ("制造业企业占比不低于合同约定", ("value_pct", "limit_pct", "basis")),
    "ratios.manufacturing.below_contract": ("制造业企业占比低于合同约定", ("value_pct", "limit_pct", "basis")),
    "prices.sale.unstated": ("未选择合同对售价的规定（上限、上浮、平均或区间）", ("count",)),
    "prices.sale.meets": ("售价符合合同规定", ("rule", "count", "limit", "average", "units")),
    "prices.sale.breaches": ("售价不符合合同规定", ("rule", "count", "limit", "average", "units")),
    "prices.rent.unstated": ("未选择合同对租金的规定（上限、上浮、平均或区间）", ("count",)),
    "prices.rent.meets": ("租金符合合同规定", ("rule", "count", "limit", "average", "units")),
    "prices.rent.breaches": ("租金不符合合同规定", ("rule", "count", "limit", "average", "units")),
    "far.bounds.not_given": ("容积率下限、上限都未填写（通知未规定容积率数值）", ("far",)),
    "far.min.meets": ("容积率不低于所填下限", ("far", "limit")),
    "far.min.below": ("容积率低于所填下限", ("far", "limit")),
    "far.max.meets": ("容积率不高于所填上限", ("far", "limit")),
    "far.max.above": ("容积率高于所填上限", ("far", "limit")),
    "plan.contract.incomplete": ("合同缺少第（八）条或第（六）条要求明确约定的事项", ("missing", "clause")),
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
        declared = CODES.get(self.code)
        if declared is not None and set(self.params) != set(declared[1]):
            raise ValueError(f"finding {self.code} carries params {sorted(self.params)}, CODES declares {declared[1]}")

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


def clause_label(number: int) -> str:
    """第（八）条-style label for clause 1–16."""
    digits = "一二三四五六七八九"
    if number < 10:
        name = digits[number - 1]
    else:
        name = "十" + (digits[number - 11] if number > 10 else "")
    return f"第（{name}）条"
