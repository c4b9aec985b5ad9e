"""The review of received files (calculators/review.py): every file, whatever arrives, is one row with the engine's
verdict or a Chinese reason; an edited verdict is a mismatch naming its place; the same filing twice has one check
code; a file from an older build says so; a printed report's link round-trips, and an altered figure in it is a
mismatch. Every answer keeps contracts/review.schema.json."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import zlib

from contract_schemas import problems

import calculators
from calculators import browser, provisions, review, selfcheck


def exported(request: dict, **extra: object) -> str:
    """A file as the self-check page exports it: the request, its report, and the data version."""
    return json.dumps({**request, "report": calculators.run("selfcheck", request), **extra}, ensure_ascii=False)


def file(name: str, text: str | None) -> dict:
    return {"name": name, "size": len(text or "") or 5_000_000, "text": text}


def answered(files: list[dict]) -> list[dict]:
    """Through the browser boundary, as the worker asks: JSON text in, JSON text out."""
    out = json.loads(browser.handle(json.dumps({"review": "rows", "files": files}, ensure_ascii=False)))
    assert not problems("review", out, "#/$defs/rows"), problems("review", out, "#/$defs/rows")
    return out["rows"]


def test_every_file_is_a_row_with_the_engines_verdict_or_a_reason() -> None:
    example = copy.deepcopy(selfcheck.EXAMPLE)
    clean = exported(example, data_version=provisions.data_version())
    tampered = json.loads(clean)
    next(f for f in tampered["report"]["findings"] if f["check"] == "prices.sale")["status"] = "pass"
    hostile = copy.deepcopy(example)
    hostile["project"]["name"] = '<img src=x onerror="alert(1)">'
    hostile.pop("example")
    plain = {"role": "party-tenant", "answers": {"clause-10-p2": {"answer": "no"}}}
    rows = answered(
        [
            file("clean.json", clean),
            file("tampered.json", json.dumps(tampered, ensure_ascii=False)),
            file("copy of clean.json", clean),
            file("hostile.json", exported(hostile)),
            file("no-report.json", json.dumps(plain)),
            file("broken.json", clean[:700]),
            file("wrong.json", "{'role': 'party-tenant'}"),
            file("scan.pdf", "%PDF-1.7\n"),
            file("plan.json", json.dumps({"calculator": "plan", "input": example["plan"]})),
            file("huge.json", None),
            file("bad-date.json", json.dumps({"role": "party-tenant", "project": {"date": "2026-13-45"}})),
        ]
    )
    by = {row["file"]: row for row in rows}
    assert [row["file"] for row in rows][:3] == ["clean.json", "tampered.json", "copy of clean.json"]
    assert by["clean.json"]["verification"] == "match" and by["clean.json"]["status"] == "fail"
    assert by["clean.json"]["status_label"] == "有不符合的事项" and by["clean.json"]["county"] == "淳安县"
    assert by["tampered.json"]["verification"] == "mismatch" and by["tampered.json"]["verification_label"] == "不一致"
    assert by["tampered.json"]["differences"] == [
        "第（八）条 计算核对“售价不符合合同规定” 申报：符合 → 重新计算：不符合"
    ]
    assert by["copy of clean.json"]["check_code"] == by["clean.json"]["check_code"] == by["tampered.json"]["check_code"]
    assert by["hostile.json"]["project"]["name"] == '<img src=x onerror="alert(1)">'  # kept as text, shown as text
    assert by["hostile.json"]["check_code"] != by["clean.json"]["check_code"]
    assert by["no-report.json"]["verification"] == "none" and by["no-report.json"]["status"] == "fail"
    counts = {entry["outcome"]: entry["count"] for entry in by["no-report.json"]["counts"]}
    assert counts["no"] == 1 and by["no-report.json"]["problem_clauses"] == [10]
    reasons = {name: by[name]["reason"] for name in by if by[name]["verification"] == "unreadable"}
    assert set(reasons) == {"broken.json", "wrong.json", "scan.pdf", "plan.json", "huge.json", "bad-date.json"}
    assert "文件不完整" in reasons["broken.json"] and "第 700 个字符" in reasons["broken.json"]
    assert "不是有效的 JSON" in reasons["wrong.json"] and "PDF" in reasons["scan.pdf"]
    assert "项目整体自查" in reasons["plan.json"] and "文件过大（5.0 MB）" in reasons["huge.json"]
    assert "填报日期“2026-13-45”不是有效日期" in reasons["bad-date.json"]


def test_a_file_from_an_older_build_names_both_versions() -> None:
    rows = answered(
        [
            file("old.json", exported(selfcheck.EXAMPLE, data_version="2025-01-02")),
            file("unstated.json", exported(selfcheck.EXAMPLE)),
            file("today.json", exported(selfcheck.EXAMPLE, data_version=provisions.data_version())),
        ]
    )
    old, unstated, today = rows
    now = provisions.data_version()
    assert old["made_with"] == "2025-01-02" and old["computed_with"] == now
    assert "2025-01-02 版生成" in old["notes"][0] and f"今天的 {now} 版重新计算" in old["notes"][0]
    # What changed since: the 变更记录's entries newer than the file's version (all of them, for 2025-01-02).
    entries = provisions.changes()
    assert entries and old["changes_since"] == [f"{c['date']} {c['title']}" for c in entries]
    assert unstated["made_with"] is None and "未注明" in unstated["notes"][0] and "变更记录" in unstated["notes"][0]
    assert today["notes"] == [] and today["changes_since"] == []


def test_a_printed_reports_link_reopens_it_and_an_altered_figure_is_a_mismatch() -> None:
    paper = json.loads(browser.handle(json.dumps({"review": "paper", "input": selfcheck.EXAMPLE}, ensure_ascii=False)))
    assert not problems("review", paper, "#/$defs/paper")
    fragment = paper["fragment"]
    assert fragment and len(fragment) <= review.MAX_FRAGMENT
    assert set(fragment) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567P1."), "QR alphanumeric: the densest mode"
    opened = review.open_link(fragment)
    assert not problems("review", opened, "#/$defs/opened")
    assert opened["row"]["verification"] == "match" and opened["row"]["check_code"] == paper["check_code"]
    assert opened["report"] == {
        **calculators.run("selfcheck", selfcheck.EXAMPLE),
        "verification": opened["report"]["verification"],
    }
    # The price of unit 1-101 altered (5200 → 4900), the printed check code kept: a mismatch, said so.
    _, code, body = fragment.split(".")
    text = zlib.decompress(base64.b32decode(body + "=" * (-len(body) % 8)), -15).decode("utf-8")
    altered = text.replace('"sale_price":5200', '"sale_price":4900')
    assert altered != text
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = base64.b32encode(packer.compress(altered.encode("utf-8")) + packer.flush()).decode().rstrip("=")
    changed = review.open_link(f"P1.{code}.{packed}")
    assert changed["row"]["verification"] == "mismatch"
    assert changed["row"]["differences"][0].startswith(f"核对码 链接中：{paper['check_code']} →")
    assert review.open_link(fragment[:-40])["row"]["verification"] == "unreadable"


def test_a_report_too_large_for_a_qr_code_says_to_ask_for_the_file() -> None:
    request = copy.deepcopy(selfcheck.EXAMPLE)
    for index, item in enumerate(provisions.addressed_to("party-developer")):
        serial = hashlib.sha256(str(index).encode()).hexdigest()  # certificate numbers do not compress
        request["answers"][item.id] = {"answer": "yes", "note": f"合同第{index}条，证书编号 {serial}"}
    paper = review.paper(request)
    assert paper["fragment"] is None and "索取导出的 JSON 文件" in paper["reason"] and paper["check_code"]
