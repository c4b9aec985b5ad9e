"""Stage step: the notice as downloadable data under /data/, generated from policy/ at build time.

notice.json          the whole notice (metadata, sections, clauses with provisions, vocabularies, glossary, documents)
notice.schema.json   the JSON Schema notice.json follows (templates/data/notice.schema.json, with its $id set)
clauses.csv          one row per clause, UTF-8 with BOM so that Excel opens it as Chinese text
obligations.csv      one row per provision: who must do what, how strongly, where
changes.json         the 变更记录: the data version, and each change's date, kind, clauses and calculators
notice.akn.xml       Akoma Ntoso 3.0 (sitegen/exports/akn.py)
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..loading.model import Clause, Policy, Provision
from ..urls import CHANGES, CHANGES_FEED, absolute, url_for
from .akn import akoma_ntoso

SCHEMA_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "data" / "notice.schema.json"
EXPORT_FORMAT_VERSION = 2  # 2: a provision's parties and strength became duties (per party)
CHANGES_FORMAT_VERSION = 1  # changes.json
LIST_SEPARATOR = "；"  # joins several values in one CSV cell (Chinese semicolon: never inside a name)


@dataclass(frozen=True)
class Export:
    """One downloadable file: where it goes, what it is, how to describe it on the 数据下载 page."""

    path: str  # site-relative, e.g. "data/notice.json"
    title: str
    format: str
    description: str


EXPORTS: tuple[Export, ...] = (
    Export(
        "data/notice.json",
        "通知全文（JSON）",
        "JSON (UTF-8)",
        "完整结构化数据：文件信息、五个部分、十六条原文（含逐句条款、适用主体、效力强度、编者校读）、词汇表、术语和被引文件。",
    ),
    Export(
        "data/notice.schema.json",
        "JSON 数据结构说明（JSON Schema）",
        "JSON Schema 2020-12",
        "notice.json 的字段定义，可用任何 JSON Schema 校验器检查数据。",
    ),
    Export(
        "data/clauses.csv",
        "条款表（CSV）",
        "CSV (UTF-8 带 BOM)",
        "每条一行：编号、所属部分、本版标题、原文、规范引用、页面地址、主题、术语、被引文件；表头为中文。"
        "Excel 可直接打开。",
    ),
    Export(
        "data/obligations.csv",
        "义务清单（CSV）",
        "CSV (UTF-8 带 BOM)",
        "每个条款句一行：适用主体、对各主体各自的效力和所据用语、编者概括、原文句子与出处，与“义务清单”页面一致。",
    ),
    Export(
        "data/changes.json",
        "变更记录（JSON）",
        "JSON (UTF-8)",
        "本版数据和判定规则的每项变更：日期、类别、涉及的条款和自查计算、原因；data_version 即自查报告所载的数据版本，"
        "日期晚于报告数据版本的各项，就是报告生成后的变更。",
    ),
    Export(
        "data/notice.akn.xml",
        "通知全文（Akoma Ntoso 3.0 XML）",
        "XML (Akoma Ntoso 3.0)",
        "国际通行的法律文件 XML 标准（OASIS LegalDocML），通过官方 akomantoso30.xsd 校验；每条、每句有 eId。",
    ),
)

# For trainers (the 数据下载 page's second table, 关于本站's trainers' section): written by sitegen/exports/slides.py
# and sitegen/exports/overview.py.
TRAINER_EXPORTS: tuple[Export, ...] = (
    Export(
        url_for("slides", "notice"),
        "全文幻灯片（PPTX）",
        "PPTX（16:9）",
        "封面（文号、发文机关、日期），每部分一页，每条一页或多页：原文照录、条款编号、规范引用、二维码；"
        "编者校读另页标明，备注中有逐句的对象和效力、相关条款。PowerPoint、WPS 演示均可打开。",
    ),
    Export(
        url_for("overview", "png"),
        "一图读懂（PNG）",
        "PNG 图片（竖版）",
        "五个部分、十六条、各条对象、通知规定的唯一数值和留给项目管理合同约定的事项；适合手机查看和转发。",
    ),
    Export(url_for("overview", "pdf"), "一图读懂（A4 PDF）", "PDF (A4)", "同一张图分页排在 A4 纸上，用于打印。"),
    Export(url_for("overview", "svg"), "一图读懂（SVG）", "SVG 矢量图", "同一张图的矢量版，文字可复制、放大不失真。"),
)


def _clause_record(policy: Policy, clause: Clause) -> dict[str, Any]:
    record = asdict(clause)
    record.update(title_is_editorial=True, citation=policy.citation(clause), url=absolute(url_for("clause", clause.id)))
    return record


def notice_json(policy: Policy) -> dict[str, Any]:
    """The whole notice as JSON-ready data (the layout notice.schema.json describes)."""
    notice = asdict(policy.notice)
    notice["url"] = absolute("text/")
    return {
        "$schema": absolute("data/notice.schema.json"),
        "format_version": EXPORT_FORMAT_VERSION,
        "notice": notice,
        "sections": [asdict(s) for s in policy.sections],
        "clauses": [_clause_record(policy, c) for c in policy.clauses],
        "parties": [asdict(v) for v in policy.parties],
        "strengths": [asdict(v) for v in policy.strengths],
        "topics": [asdict(v) for v in policy.topics],
        "glossary": [asdict(t) for t in policy.glossary],
        "documents": [asdict(d) for d in policy.documents],
    }


def notice_schema() -> dict[str, Any]:
    """The published JSON Schema of notice.json, with its absolute $id."""
    schema: dict[str, Any] = json.loads(SCHEMA_TEMPLATE.read_text(encoding="utf-8"))
    schema["$id"] = absolute("data/notice.schema.json")
    return schema


def changes_json(policy: Policy) -> dict[str, Any]:
    """The change log as data, newest first: what a review of an older report lists as changed since its version.

    An entry touches the clauses and calculators it names; `data_version` is the version reports carry, and the
    entries dated after a report's version are the changes made since it.
    """
    log = policy.changes
    return {
        "format_version": CHANGES_FORMAT_VERSION,
        "data_version": log.version,
        "first_date": log.first_date,
        "page": absolute(CHANGES),
        "feed": absolute(CHANGES_FEED),
        "kinds": {k.id: k.name for k in policy.change_kinds},
        "changes": [
            {
                "id": c.id,
                "date": c.date,
                "kind": c.kind,
                "title": c.title,
                "what": c.what,
                "why": c.why,
                "clauses": list(c.clauses),
                "calculators": list(c.calculators),
                "url": absolute(url_for("change", c.id)),
            }
            for c in log.entries
        ],
    }


def _csv_text(header: list[str], rows: list[list[str]]) -> str:
    """CSV as Excel expects it: a BOM, CRLF line ends, every field quoted only when needed.

    Column headings are Chinese, for the people who open the files in Excel or WPS; the ids in the cells (and
    notice.json's keys) stay machine-readable.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def _names(policy: Policy, ids: tuple[str, ...]) -> str:
    return LIST_SEPARATOR.join(policy.vocabulary(i).name for i in ids)


def clauses_csv(policy: Policy) -> str:
    """One row per clause."""
    sections = {s.id: s for s in policy.sections}
    terms = {t.id: t.term for t in policy.glossary}
    header = [
        "编号",
        "序号",
        "条号",
        "部分编号",
        "部分",
        "编者标题",
        "条文",
        "引用",
        "链接",
        "主题",
        "术语",
        "引用文件编号",
        "相关条款编号",
    ]
    rows = [
        [
            c.id,
            str(c.number),
            c.label,
            c.section,
            f"{sections[c.section].label}、{sections[c.section].title}",
            c.title,
            c.text,
            policy.citation(c),
            absolute(url_for("clause", c.id)),
            _names(policy, c.topics),
            LIST_SEPARATOR.join(terms.get(t, t) for t in c.terms),
            LIST_SEPARATOR.join(c.cites),
            LIST_SEPARATOR.join(c.related),
        ]
        for c in policy.clauses
    ]
    return _csv_text(header, rows)


def obligation_rows(policy: Policy) -> list[tuple[Clause, Provision]]:
    """Every provision of the notice exactly once, in the notice's order (the checklist's rows)."""
    return [(clause, provision) for clause in policy.clauses for provision in clause.provisions]


def obligations_csv(policy: Policy) -> str:
    """One row per provision: who, how strongly, what, where."""
    header = [
        "要点编号",
        "条款编号",
        "条号",
        "对象",
        "对象编号",
        "效力",
        "效力编号",
        "所据用语",
        "编者概括",
        "条文要点",
        "引用",
        "链接",
    ]
    rows = [
        [
            p.id,
            c.id,
            c.label,
            _names(policy, p.parties),
            LIST_SEPARATOR.join(p.parties),
            LIST_SEPARATOR.join(policy.vocabulary(d.strength).name for d in p.duties),
            LIST_SEPARATOR.join(d.strength for d in p.duties),
            LIST_SEPARATOR.join(d.words for d in p.duties),
            p.summary,
            p.text,
            policy.citation(c),
            absolute(url_for("clause", c.id)) + "#" + p.id,
        ]
        for c, p in obligation_rows(policy)
    ]
    return _csv_text(header, rows)


def _json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_exports(policy: Policy, staging: Path) -> None:
    """Write every file in EXPORTS into build/docs/data/."""
    contents: dict[str, str | bytes] = {
        "data/notice.json": _json_text(notice_json(policy)),
        "data/notice.schema.json": _json_text(notice_schema()),
        "data/clauses.csv": clauses_csv(policy),
        "data/obligations.csv": obligations_csv(policy),
        "data/changes.json": _json_text(changes_json(policy)),
        "data/notice.akn.xml": akoma_ntoso(policy),
    }
    for export in EXPORTS:
        target = staging / export.path
        target.parent.mkdir(parents=True, exist_ok=True)
        content = contents[export.path]
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            # newline="" keeps the CSV files' CRLF as written
            with target.open("w", encoding="utf-8", newline="") as handle:
                handle.write(content)
