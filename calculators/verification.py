"""A received self-check report compared with the one recomputed from the same file's answers and data: whether
they match, and each difference named as a reader finds it in the report and said once, in the report's words
(第（八）条第2句 申报：符合 → 重新计算：不符合), so an edited verdict in a received file is caught.
"""

from __future__ import annotations

import json
import re
from typing import Any

from . import registry
from .chinese import clause_label
from .findings import STATUS_LABELS

MAX_DIFFERENCES = 20
# Parts of a report computed from the items and findings: a difference there is listed only when the items and
# findings agree (an edited verdict shows once, at its item or finding, not again in every total it changed).
DERIVED = ("status", "status_label", "counts", "check_counts", "attention")
_INDEXED = re.compile(r"(?P<head>[^\[]*)\[(?P<number>\d+)\](?P<field>.*)", re.DOTALL)


def compare(
    claimed: dict[str, Any] | None, report: dict[str, Any], labels: dict[str, str], outcomes: dict[str, str]
) -> dict[str, Any]:
    """Compare a received report with the recomputed one: status none, match or mismatch, with differences.

    Each difference is named as a reader finds it in the report and said once, in the report's own words:
    第（八）条第2句 申报：符合 → 重新计算：不符合.
    """
    if claimed is None:
        return {"status": "none", "differences": []}
    raw: list[tuple[str, Any, Any]] = []
    # A report made before files said whether they were examples has no "example": it was not one.
    _diff({"example": False, **{k: v for k, v in claimed.items() if k != "verification"}}, report, "", raw)
    places: dict[str, dict[str, str]] = {}
    for path, said, computed in raw:
        place, field = _place(path, report, labels)
        if place in places and not field.endswith("status") and field != "outcome":
            continue  # one line per place, told by its verdict when the verdict differs
        places[place] = {"path": path, "message": f"{place} {_said(field, said, computed, outcomes)}"}
    primary = [entry for entry in places.values() if entry["path"].split("[")[0].split(".")[0] not in DERIVED]
    differences = primary or list(places.values())
    shown = differences[:MAX_DIFFERENCES]
    if len(differences) > MAX_DIFFERENCES:
        shown.append({"path": "", "message": f"另有 {len(differences) - MAX_DIFFERENCES} 处不一致未列出"})
    return {"status": "mismatch" if raw else "match", "differences": shown}


def _diff(claimed: Any, actual: Any, path: str, out: list[tuple[str, Any, Any]]) -> None:
    if isinstance(claimed, dict) and isinstance(actual, dict):
        for key in sorted(set(claimed) | set(actual), key=str):
            _diff(claimed.get(key), actual.get(key), f"{path}.{key}" if path else str(key), out)
    elif isinstance(claimed, list) and isinstance(actual, list) and len(claimed) == len(actual):
        for index, (left, right) in enumerate(zip(claimed, actual, strict=True)):
            _diff(left, right, f"{path}[{index}]", out)
    elif claimed != actual:
        out.append((path, claimed, actual))


def _place(path: str, report: dict[str, Any], labels: dict[str, str]) -> tuple[str, str]:
    """A difference's place as a reader finds it in the report (第（十）条第2句, 第（八）条 租售指导价格自查 …) and the
    field that differs there (outcome, status, note …)."""
    # A list entry's path is head[N].field; a received file's own keys may hold brackets too ("[:"), read as names.
    indexed = _INDEXED.fullmatch(path)
    head, number, field = (
        (indexed["head"], int(indexed["number"]), indexed["field"].lstrip("."))
        if indexed
        else (path, -1, path.partition(".")[2])
    )
    if head == "items" and 0 <= number < len(report["items"]):
        item = report["items"][number]
        return f"第{item['clause_label']}条第{item['sentence']}句", field
    if head == "findings" and 0 <= number < len(report["findings"]):
        finding = report["findings"][number]
        code = registry.codes().get(finding["code"])
        return f"{clause_label(finding['clause'])} 计算核对“{code.meaning if code else finding['check']}”", field
    top = head.split(".", 1)[0]
    if top in ("status", "status_label"):
        return "总体结论", "status"
    return labels.get(top, "报告的其他内容"), field


def _said(field: str, said: Any, computed: Any, outcomes: dict[str, str]) -> str:
    """申报：符合 → 重新计算：不符合; a list or object is not printed, only said to differ."""
    if isinstance(said, dict | list) or isinstance(computed, dict | list):
        return "申报的内容与重新计算的结果不同"
    labels = STATUS_LABELS if field.endswith("status") else outcomes if field == "outcome" else {}
    return f"申报：{_shown(said, labels)} → 重新计算：{_shown(computed, labels)}"


def _shown(value: Any, labels: dict[str, str]) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, str) and value in labels:
        return labels[value]
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return f"“{text[:60]}{'…' if len(text) > 60 else ''}”"
