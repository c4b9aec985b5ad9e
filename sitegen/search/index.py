"""Stage step: the search index's entries for the notice itself, one per anchor a reader can land on.

Every provision (sentence) of every clause is an entry pointing at its anchor on the clause page, so a phrase
lands on its sentence; each clause, section, glossary term and cited document is an entry of its own, so a
citation (第（十）条, 三、, 浙政办发〔2021〕59号) or a term lands on one place. Pages that are not made from
policy/ (calculators, 关于本站 …) are added by the MkDocs plugin after rendering (sitegen/plugin.py).

An entry: kind (how it ranks: see KIND_ORDER), group (one result per group), title, url (site-relative),
text (searched and shown as the snippet), keys (searched, not shown), and for citation targets `cite`
(the numerals that name it: the Chinese one first) or `number` (a 文号). An entry with no text shows the
first text of its group as its snippet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from calculators.chinese import chinese_numeral, clause_label

from ..loading.model import Clause, Policy
from ..urls import url_for

# Where the index is published, relative to the site root (the browser module reads it from there).
INDEX_PATH = Path("search") / "index.json"
FORMAT_VERSION = 1
# Ranking classes, best first: the notice's clauses, the rest of its text, glossary and cited documents,
# other pages, calculator pages (they quote clauses, so they come after the clauses they quote).
KIND_ORDER = ("clause", "notice", "term", "document", "page", "calculator")

Entry = dict[str, Any]
TOPICS_TITLE = "主题索引"  # as the navigation names /topics/ (sitegen/pages/navigation.py)


def entry(kind: str, group: str, title: str, url: str, text: str, **extra: Any) -> Entry:
    """One index entry (see the module docstring); extra holds keys, cite or number."""
    assert kind in KIND_ORDER, kind
    return {"kind": kind, "group": group, "title": title, "url": url, "text": text, **extra}


def clause_heading(clause: Clause) -> str:
    """How a result names a clause: 第（十）条 · 规范厂房转让和转租."""
    return f"第{clause.label}条 · {clause.title}"


def clause_entries(policy: Policy) -> list[Entry]:
    """The clause itself (a citation target, found by its editorial title) and one entry per provision."""
    entries = []
    for clause in policy.clauses:
        page = url_for("clause", clause.id)
        numerals = [chinese_numeral(clause.number), str(clause.number)]
        # The clause as a whole is a citation target found by its title; its words are in the provisions, so
        # that a phrase lands on its sentence (a jump shows the first provision as its snippet).
        entries.append(entry("clause", clause.id, clause_heading(clause), page, "", keys=[clause.title], cite=numerals))
        for provision in clause.provisions:
            entries.append(entry("clause", clause.id, clause_heading(clause), f"{page}#{provision.id}", provision.text))
    return entries


def notice_entries(policy: Policy) -> list[Entry]:
    """The text around the clauses on 原文 (/text/): title and 文号, preamble, sections, signature, cc."""
    notice = policy.notice
    text = url_for("text", "").removesuffix("#")  # 原文 itself; its parts are anchors (templates/pages/text.md.j2)
    entries = [
        entry("notice", "notice-title", f"原文 · {notice.doc_number}", text, notice.title, number=notice.doc_number),
        entry("notice", "notice-preamble", "原文 · 序言", url_for("text", "preamble"), notice.preamble),
        entry("notice", "notice-addressees", "原文 · 主送", url_for("text", "addressees"), notice.addressees),
        entry("notice", "notice-signature", "原文 · 落款", url_for("text", "signature"), notice.issuer + notice.seal),
        entry("notice", "notice-cc", "原文 · 抄送", url_for("text", "cc"), notice.cc),
    ]
    for section in policy.sections:
        clauses = [policy.clause(c) for c in section.clauses]
        listing = "；".join(f"第{c.label}条 {c.title}" for c in clauses)
        entries.append(
            entry(
                "notice",
                section.id,
                f"第{section.label}部分 · {section.label}、{section.title}",
                url_for("text", section.id),
                f"{section.label}、{section.title}：{listing}。",
                keys=[section.title],
                cite=[section.label, str(section.number)],
            )
        )
    return entries


def used_in(policy: Policy, references: str, target: str, lead: str) -> str:
    """ "见于：第（一）条、第（八）条。" — the clauses whose `references` (terms, cites) name the target; "" when none
    does."""
    labels = [clause_label(clause.number) for clause in policy.clauses if target in getattr(clause, references)]
    return f"{lead}：{'、'.join(labels)}。" if labels else ""


def glossary_entries(policy: Policy) -> list[Entry]:
    """One entry per term, at its anchor on /glossary/, found by the term and its aliases."""
    entries = []
    for term in policy.glossary:
        where = used_in(policy, "terms", term.id, "见于")
        entries.append(
            entry(
                "term",
                term.id,
                f"术语 · {term.term}",
                url_for("term", term.id),
                f"{term.definition}{where}",
                keys=[term.term, *term.aliases],
            )
        )
    return entries


def document_entries(policy: Policy) -> list[Entry]:
    """One entry per cited document, at its anchor on /documents/, found by title, 文号 and cited name."""
    entries = []
    for document in policy.documents:
        where = used_in(policy, "cites", document.id, "引用条款")
        number = {"number": document.number} if document.number else {}
        title = f"引用文件 · {document.number} {document.title}" if document.number else f"引用文件 · {document.title}"
        entries.append(
            entry(
                "document",
                document.id,
                title,
                url_for("document", document.id),
                f"{document.known}{where}",
                keys=[document.title, document.as_cited, document.number],
                **number,
            )
        )
    return entries


def policy_entries(policy: Policy) -> list[Entry]:
    """Every entry made from policy/, in reading order."""
    return clause_entries(policy) + notice_entries(policy) + glossary_entries(policy) + document_entries(policy)


def lexicon(policy: Policy) -> dict[str, Any]:
    """How the ranking reads a question (policy/synonyms.yaml), and the topics it offers when nothing matches well:
    each topic's name and description, its clauses, and where 主题索引 lists it."""
    words = policy.lexicon
    topics = url_for("topic", "").removesuffix("#")  # 主题索引 itself; each topic is an anchor on it
    return {
        "synonyms": [{"words": list(s.words), "near": list(s.near), "terms": list(s.terms)} for s in words.synonyms],
        "terms": [name for term in policy.glossary for name in (term.term, *term.aliases)],
        "question_words": list(words.question_words),
        "modalities": [{"words": list(m.words), "markers": list(m.markers)} for m in words.modalities],
        "topics": [
            {
                "title": f"{TOPICS_TITLE} · {topic.name}",
                "url": url_for("topic", topic.id),
                "text": f"{topic.name}：{topic.description}",
                "clauses": [c.id for c in policy.clauses if topic.id in c.topics],
            }
            for topic in policy.topics
        ],
        "index": {"title": TOPICS_TITLE, "url": topics, "text": "、".join(t.name for t in policy.topics)},
    }


def index_document(entries: list[Entry], words: dict[str, Any]) -> dict[str, Any]:
    """The published JSON document: the entries and the lexicon (see lexicon())."""
    return {"version": FORMAT_VERSION, "kinds": list(KIND_ORDER), "lexicon": words, "entries": entries}


def write_policy_index(policy: Policy, staging: Path) -> None:
    """Stage step: the index with the notice's entries; the MkDocs hook adds the other pages after rendering."""
    target = staging / INDEX_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dump(index_document(policy_entries(policy), lexicon(policy))), encoding="utf-8")


def dump(document: dict[str, Any]) -> str:
    """Compact, stable JSON (Chinese kept as is: smaller than \\u escapes before and after gzip)."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
