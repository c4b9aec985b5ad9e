"""The review of received self-check files, many at once, and of printed reports by their QR code.

Not a calculator (no NAME): the review page asks it through `calculators.browser.handle` with {"review": …}.

- `rows(files)`: one summary row per received file ({name, size, text}; text None when the page refused it for its
  size), whatever arrives — a self-check file, a truncated or foreign file, a plan export, a PDF — never an
  exception: project, organisation, role, date, county, the recomputed worst status, the counts per outcome, the
  clauses with something to act on, and whether the file's own report matches (match | mismatch | none |
  unreadable, with the reason in Chinese), the data version the file was made with and the one it was recomputed
  with, and a check code (the same answers and figures give the same code: duplicates are found by it).
- `open_file(file)` / `open_link(fragment)`: the same row and the whole recomputed report, for the single view.
- `paper(request)`: the check code and the link fragment a printed report carries in its QR code (the request,
  deflated and in base32, so the fragment is QR alphanumeric; nothing reaches a server), or why it does not fit.

Every verdict and every Chinese word the review table shows comes from here and the self-check: the page only
lays them out (ARCHITECTURE.md, "Verdicts on the page").
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from decimal import Decimal
from typing import Any

from . import provisions, selfcheck
from .findings import STATUS_LABELS, STATUS_ORDER
from .jsonio import guarded, parse

# A self-check file is some 50 kB; a file above this is not one (or not one a person filled in).
MAX_BYTES = 2_000_000
# The longest link fragment a printed QR code carries: QR version 25 at error correction L holds 1,853
# alphanumeric characters, less the address before it; a larger code is too dense to scan from A4 with a phone.
MAX_FRAGMENT = 1700
FRAGMENT_PREFIX = "P1."  # the paper-link format; a later format gets a new prefix and this one keeps working
CODE_LENGTH = 8

VERIFICATION_LABELS = {"match": "一致", "mismatch": "不一致", "none": "未附报告", "unreadable": "无法读取"}
# The single view's first line: what the comparison found, said first.
FINDINGS = {
    "match": "一致：文件中的报告与重新计算的结果一致",
    "mismatch": "不一致：{count} 处，可能被改动过；以下按重新计算的结果显示",
    "none": "文件未附报告：以下为按文件内容计算的报告",
    "unreadable": "无法读取",
}
LINK_FINDINGS = {
    "match": "一致：二维码中的回答和数据与核对码相符；以下为按它们重新计算的结果，请与纸质报告对照",
    "mismatch": "不一致：二维码链接中的内容与核对码不符，可能被改动过；以下按链接中的内容重新计算",
}
EXAMPLE_MARK = "【示例文件】"
# What the page writes around the rows: headings, notes, the CSV's columns. Chinese words live here, not in JS.
TEXT: dict[str, Any] = {
    "columns": {
        "file": "文件",
        "project": "项目名称",
        "organisation": "填报单位",
        "role": "自查对象",
        "date": "填报日期",
        "county": "县（市、区）",
        "status": "重新计算的总体结论",
        "verification": "与文件中的报告比对",
        "differences": "不一致之处或原因",
        "problem_clauses": "有问题的条款",
        "made_with": "文件的数据版本",
        "computed_with": "重新计算的数据版本",
        "check_code": "核对码",
        "changes_since": "文件生成以后本站的变更",
        "duplicate": "重复",
    },
    "duplicate": "重复：与 {name} 相同",
    "unnamed": "（未填写）",
    "changes_since": "文件生成以后本站的变更（{count} 项，详见“变更记录”页面）",
    "too_large": "文件过大（{size}），超过 {limit} 的上限：不是全文自查页面导出的文件。请向填报单位重新索取。",
}
REASONS = {
    "empty": "文件是空的（0 字节）。请向填报单位重新索取全文自查页面导出的 .json 文件。",
    "truncated": "文件不完整：在第 {position} 个字符处中断（可能传输或下载不完整）。请向填报单位重新索取。",
    "not_json": "文件不是有效的 JSON（第 {line} 行第 {column} 列有误，可能已损坏）。"
    "请向填报单位重新索取全文自查页面导出的 .json 文件。",
    "pdf": "这是一个 PDF 文件（可能是打印的自查报告）。请扫描报告首页的二维码核对，或向填报单位索取导出的 .json 文件。",
    "zip": "这是一个压缩包或 Word、Excel 文件，不是自查文件。请选择全文自查页面导出的 .json 文件。",
    "image": "这是一个图片文件，不是自查文件。请选择全文自查页面导出的 .json 文件。",
    "not_object": "文件是 JSON，但内容不是一个自查请求（应为一个 JSON 对象）。",
    "plan": "这是“项目整体自查”页面导出的文件：只有项目数据，没有逐句回答。"
    "请在“项目整体自查”页面导入查看，或请填报单位在全文自查页面填写后导出。",
    "other_calculator": "这是另一个计算器导出的文件，不是全文自查文件；请在该计算器页面导入查看。",
    "no_role": "文件是 JSON，但没有有效的自查对象（role），不是全文自查页面导出的文件。",
    "invalid": "文件中的内容不是有效的自查请求：{problems}",
    "unread": "浏览器无法读取这个文件（可能已被移动、删除，或没有读取权限）。",
    "bad_link": "链接不完整或已损坏，无法读出报告的内容。请重新扫描二维码，或向填报单位索取导出的 .json 文件。",
    "bad_report": "文件中附带的报告不是一个 JSON 对象，无法比对；以下为按文件中的回答和数据重新计算的结果。",
}
VERSION_NOTES = {
    "older": "文件由 {made} 版生成，本页按今天的 {now} 版重新计算；"
    "与文件中报告的不同之处见差异（可能来自本站数据或规则的更新，不一定是改动）。",
    "unstated": "文件未注明生成时的数据版本（较早导出的文件不注明），本页按今天的 {now} 版重新计算；"
    "本站的变更见“变更记录”页面。",
}
CODE_DIFFERENCE = (
    "核对码 链接中：{claimed} → 按链接中的回答和数据重新计算：{computed}（链接中的内容与打印时不同，可能被改动过）"
)
TOO_LARGE_FOR_QR = "本报告的回答和数据较多，放不进二维码：请审阅单位向填报单位索取导出的 JSON 文件核对。"


def rows(files: list[Any]) -> dict[str, Any]:
    """One summary row per file, in the order given."""
    return {"rows": [_row(file)[0] for file in files]}


def open_file(file: Any) -> dict[str, Any]:
    """A file's row and its whole recomputed report (None when the file cannot be read)."""
    row, report = _row(file)
    return {"row": row, "report": report}


def open_link(fragment: Any) -> dict[str, Any]:
    """A printed report's link: its row (the check code in the link compared with the recomputed one) and report."""
    request, claimed = _from_fragment(str(fragment or ""))
    if request is None:
        return {"row": _unreadable("二维码链接", REASONS["bad_link"]), "report": None}
    row, report = _recompute("二维码链接", request, None)
    if report is not None and row["check_code"] != _spaced(claimed):
        row["verification"] = "mismatch"
        row["verification_label"] = VERIFICATION_LABELS["mismatch"]
        message = CODE_DIFFERENCE.format(claimed=_spaced(claimed), computed=_spaced(row["check_code"]))
        row["differences"] = [message]
        row["finding"] = LINK_FINDINGS["mismatch"]
        report["verification"] = {"status": "mismatch", "differences": [{"path": "check_code", "message": message}]}
    elif report is not None:
        row["verification"] = "match"
        row["verification_label"] = VERIFICATION_LABELS["match"]
        row["finding"] = LINK_FINDINGS["match"]
        report["verification"] = {"status": "match", "differences": []}
    return {"row": row, "report": report}


def paper(request: Any) -> dict[str, Any]:
    """What a printed report carries: its check code and, when it fits a QR code, the link's fragment."""
    if not isinstance(request, dict):
        return {"check_code": None, "fragment": None, "reason": REASONS["not_object"]}
    code = check_code(request)
    content = {key: value for key, value in request.items() if key != "report"}
    content["data_version"] = provisions.data_version()
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_number)
    packed = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packed.compress(text.encode("utf-8")) + packed.flush()
    fragment = f"{FRAGMENT_PREFIX}{code}.{base64.b32encode(data).decode('ascii').rstrip('=')}"
    if len(fragment) > MAX_FRAGMENT:
        return {"check_code": _spaced(code), "fragment": None, "reason": TOO_LARGE_FOR_QR}
    return {"check_code": _spaced(code), "fragment": fragment, "reason": None}


def check_code(request: dict[str, Any]) -> str:
    """Eight characters from the SHA-256 of the answers and figures (the request without its report and version):
    the same filing gives the same code in any build, so paper and recomputation can be matched by eye."""
    content = {key: value for key, value in request.items() if key not in ("report", "data_version")}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_number)
    return base64.b32encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")[:CODE_LENGTH]


def _spaced(code: str | None) -> str:
    """ABCD-EFGH: a check code as printed and read aloud."""
    return f"{code[:4]}-{code[4:]}" if code and len(code) == CODE_LENGTH else str(code or "")


def _number(value: Any) -> Any:
    """Decimals (jsonio reads every fraction exactly) written back as JSON numbers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def _from_fragment(fragment: str) -> tuple[dict[str, Any] | None, str]:
    """The request and the check code a paper link carries, or None when it cannot be read."""
    head, _, rest = fragment.partition(FRAGMENT_PREFIX)
    claimed, _, body = rest.partition(".")
    if head or not body or len(claimed) != CODE_LENGTH:
        return None, ""
    try:
        data = base64.b32decode(body.upper() + "=" * (-len(body) % 8))
        unpacked = zlib.decompressobj(-15)
        text = unpacked.decompress(data, MAX_BYTES).decode("utf-8")
        if unpacked.unconsumed_tail or not unpacked.eof:
            return None, claimed
    except (ValueError, zlib.error, UnicodeDecodeError):
        return None, claimed
    request, problem = parse(text)
    return (request if problem is None and isinstance(request, dict) else None), claimed


def _row(file: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    if not isinstance(file, dict):
        return _unreadable("（无名文件）", REASONS["not_object"]), None
    name = str(file.get("name") or "（无名文件）")[:260]
    text = file.get("text")
    if file.get("unread") is True:
        return _unreadable(name, REASONS["unread"]), None
    if not isinstance(text, str):
        size = file["size"] if isinstance(file.get("size"), int) else 0
        return _unreadable(name, TEXT["too_large"].format(size=_megabytes(size), limit=_megabytes(MAX_BYTES))), None
    data, reason = _read(text)
    if reason is not None:
        return _unreadable(name, reason), None
    request = data["input"] if data.get("calculator") == "selfcheck" and isinstance(data.get("input"), dict) else data
    return _recompute(name, request, data.get("data_version") if request is not data else None)


def _read(text: str) -> tuple[dict[str, Any], str | None]:
    """The file's JSON object, or why it is not a self-check file (said in Chinese, with what to do)."""
    if not text.strip():
        return {}, REASONS["empty"]
    head = text.lstrip("\ufeff")[:8]
    if head.startswith("%PDF"):
        return {}, REASONS["pdf"]
    if head.startswith("PK"):
        return {}, REASONS["zip"]
    if head[1:4] == "PNG" or head.startswith(("GIF8", "\ufffd\ufffd\ufffd")) or "JFIF" in text[:16]:
        return {}, REASONS["image"]
    try:
        json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        if not text.rstrip().endswith("}"):  # an exported file ends with its closing brace
            return {}, REASONS["truncated"].format(position=len(text))
        return {}, REASONS["not_json"].format(line=exc.lineno, column=exc.colno)
    except RecursionError:
        return {}, REASONS["not_json"].format(line=1, column=1)
    data, problem = parse(text.lstrip("\ufeff"))
    if problem is not None:
        return {}, REASONS["invalid"].format(problems=problem["errors"][0]["message"])
    if not isinstance(data, dict):
        return {}, REASONS["not_object"]
    if data.get("calculator") == "plan":
        return {}, REASONS["plan"]
    if data.get("calculator") not in (None, selfcheck.NAME):
        return {}, REASONS["other_calculator"]
    request = data.get("input") if data.get("calculator") == selfcheck.NAME else data
    if not isinstance(request, dict) or request.get("role") not in provisions.parties():
        return {}, REASONS["no_role"]
    return data, None


def _recompute(name: str, request: dict[str, Any], outer_version: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Recompute a request with today's engine and summarise it as a row."""
    notes: list[str] = []
    if "report" in request and not isinstance(request["report"], dict):
        request = {key: value for key, value in request.items() if key != "report"}
        notes.append(REASONS["bad_report"])
    report, _ = guarded(selfcheck.NAME, request)
    if report["status"] == "error":
        problems = "；".join(problem["message"] for problem in report.get("errors", [])[:3])
        return _unreadable(name, REASONS["invalid"].format(problems=problems)), None
    made_with = request.get("data_version") or outer_version
    now = provisions.data_version()
    check = report["verification"]
    since: list[str] = []
    if check["status"] != "none" and made_with != now:
        key = "older" if made_with else "unstated"
        notes.append(VERSION_NOTES[key].format(made=str(made_with)[:20], now=now))
        since = [
            f"{change['date']} {change['title']}"
            for change in provisions.changes()
            if made_with and change["date"] > str(made_with)
        ]
    project = report["project"]
    plan: dict[str, Any] = request["plan"] if isinstance(request.get("plan"), dict) else {}
    land: dict[str, Any] = plan["land"] if isinstance(plan.get("land"), dict) else {}
    counts = [
        {"outcome": outcome, "label": label, "status": status, "count": report["counts"].get(outcome, 0)}
        for outcome, (label, status) in selfcheck.OUTCOMES.items()
    ]
    concerned = [
        entry["clause"]
        for entry in report["attention"]
        if not (entry["kind"] == "provision" and _outcome(report, entry["id"]) == "unanswered")
    ]
    row = {
        "file": name,
        "verification": check["status"],
        "verification_label": VERIFICATION_LABELS[check["status"]],
        "finding": (EXAMPLE_MARK if report["example"] else "")
        + FINDINGS[check["status"]].format(count=len(check["differences"])),
        "reason": None,
        "differences": [difference["message"] for difference in check["differences"]],
        "notes": notes,
        "status": report["status"],
        "status_label": report["status_label"],  # the self-check's own words (有不符合的事项 …)
        "example": report["example"],
        "project": {key: project.get(key) for key in ("name", "organisation", "date")},
        "role": report["role"],
        "county": str(land["county"]) if land.get("county") else None,
        "counts": counts,
        "check_counts": [
            {"status": status, "label": STATUS_LABELS[status], "count": report["check_counts"].get(status, 0)}
            for status in STATUS_ORDER
        ],
        "problem_clauses": sorted(set(concerned)),
        "made_with": str(made_with) if made_with else None,
        "computed_with": now,
        "changes_since": since,
        "check_code": _spaced(check_code(request)),
    }
    return row, report


def _outcome(report: dict[str, Any], provision: str) -> str | None:
    return next((item["outcome"] for item in report["items"] if item["id"] == provision), None)


def _unreadable(name: str, reason: str) -> dict[str, Any]:
    return {
        "file": name,
        "verification": "unreadable",
        "verification_label": VERIFICATION_LABELS["unreadable"],
        "finding": FINDINGS["unreadable"],
        "reason": reason,
        "differences": [],
        "notes": [],
        "status": None,
        "status_label": None,
        "example": False,
        "project": {"name": None, "organisation": None, "date": None},
        "role": None,
        "county": None,
        "counts": [],
        "check_counts": [],
        "problem_clauses": [],
        "made_with": None,
        "computed_with": provisions.data_version(),
        "changes_since": [],
        "check_code": None,
    }


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def answer(request: dict[str, Any]) -> dict[str, Any]:
    """The browser boundary's review requests: rows, open (a file or a paper link), paper."""
    kind = request.get("review")
    if kind == "rows":
        files = request.get("files")
        return rows(files if isinstance(files, list) else [])
    if kind == "open" and "link" in request:
        return open_link(request["link"])
    if kind == "open":
        return open_file(request.get("file"))
    if kind == "paper":
        return paper(request.get("input"))
    return {"status": "error", "errors": [{"field": "review", "message": "审阅请求应为 rows、open 或 paper"}]}
