"""Cross-checks across the files of policy/: what no single file's schema can see.

Each problem names the file, line and field, says what is wrong and what is expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import source_trace
from .errors import DataProblem
from .files import LoadedFile, PolicyFiles

CLAUSE_COUNT = 16
SECTION_COUNT = 5
NUMERALS = "一二三四五六七八九十"
SENTENCE_END = "。；"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 16 → 十六 (the notice's clause numbers)."""
    return NUMERALS[n - 1] if n <= 10 else "十" + NUMERALS[n - 11]


def cross_check(files: PolicyFiles) -> list[DataProblem]:
    """Every cross-file problem: ids, numbering, references, traceability, provisions, readings, use of terms."""
    problems: list[DataProblem] = []
    for check in (_unique_ids, _numbering, _references, _provisions, _readings, _terms_and_documents, _trace):
        problems.extend(check(files))
    return problems


def _ids(file: LoadedFile, list_key: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for index, item in enumerate(file.data.get(list_key, [])):
        yield (list_key, index, "id"), item["id"]


def _unique_ids(files: PolicyFiles) -> Iterator[DataProblem]:
    groups = {
        "clause": [(f, ("id",), f.data["id"]) for f in files.clauses],
        "provision": [(f, path, pid) for f in files.clauses for path, pid in _ids(f, "provisions")],
        "section": [(files.notice, path, i) for path, i in _ids(files.notice, "sections")],
        "vocabulary": [
            (files.vocabularies, path, i)
            for key in ("parties", "strengths", "topics")
            for path, i in _ids(files.vocabularies, key)
        ],
        "glossary term": [(files.glossary, path, i) for path, i in _ids(files.glossary, "terms")],
        "document": [(files.documents, path, i) for path, i in _ids(files.documents, "documents")],
    }
    for kind, entries in groups.items():
        first: dict[str, LoadedFile] = {}
        for file, path, entry_id in entries:
            if entry_id in first:
                yield file.problem(
                    path,
                    f"duplicate {kind} id {entry_id!r} (already used in {first[entry_id].shown}); "
                    "ids must be unique and never reused",
                )
            else:
                first[entry_id] = file


def _numbering(files: PolicyFiles) -> Iterator[DataProblem]:
    numbers = sorted(f.data["number"] for f in files.clauses)
    if numbers != list(range(1, CLAUSE_COUNT + 1)):
        yield DataProblem(
            files.clauses[0].shown.parent if files.clauses else files.root,
            None,
            "number",
            f"the clauses are numbered {numbers}; expected exactly one clause for each of 1–{CLAUSE_COUNT}",
        )
    for f in files.clauses:
        n = f.data["number"]
        expected_id = f"clause-{n:02d}"
        if f.data["id"] != expected_id:
            yield f.problem(("id",), f"clause number {n} must have id {expected_id!r}, found {f.data['id']!r}")
        if f.shown.name != f"{f.data['id']}.yaml":
            yield f.problem(("id",), f"the file name must be the clause id: expected {f.data['id']}.yaml")
        if f.data["label"] != f"（{chinese_numeral(n)}）":
            yield f.problem(("label",), f"expected （{chinese_numeral(n)}） for clause number {n}")
        if f.data["source_label"] not in (f"（{chinese_numeral(n)}）", f"({chinese_numeral(n)})"):
            yield f.problem(
                ("source_label",),
                f"expected the label of clause {n} as transcribed, "
                f"(（{chinese_numeral(n)}） or ({chinese_numeral(n)}))",
            )
        for i, p in enumerate(f.data["provisions"], 1):
            if p["id"] != f"{f.data['id']}-p{i}":
                yield f.problem(
                    ("provisions", i - 1, "id"), f"expected {f.data['id']}-p{i} (provisions are numbered in order)"
                )
    sections = files.notice.data["sections"]
    for i, s in enumerate(sections):
        n = s["number"]
        if s["id"] != f"section-{n}" or s["label"] != chinese_numeral(n):
            yield files.notice.problem(
                ("sections", i), f"section number {n} must have id section-{n} and label {chinese_numeral(n)}"
            )
    if sorted(s["number"] for s in sections) != list(range(1, SECTION_COUNT + 1)):
        yield files.notice.problem(("sections",), f"expected exactly one section for each of 1–{SECTION_COUNT}")
    used = {f.data["section"] for f in files.clauses}
    for i, s in enumerate(sections):
        if s["id"] not in used:
            yield files.notice.problem(
                ("sections", i, "id"), f"no clause belongs to {s['id']}; every section needs clauses"
            )


def _known(file: LoadedFile, *keys: str) -> set[str]:
    return {item["id"] for key in keys for item in file.data[key]}


def _references(files: PolicyFiles) -> Iterator[DataProblem]:
    v = files.vocabularies
    known = {
        "section": ({s["id"] for s in files.notice.data["sections"]}, "a section id in notice.yaml"),
        "topic": (_known(v, "topics"), "a topic id in vocabularies.yaml"),
        "party": (_known(v, "parties"), "a party id in vocabularies.yaml"),
        "strength": (_known(v, "strengths"), "a strength id in vocabularies.yaml"),
        "document": (_known(files.documents, "documents"), "a document id in documents.yaml"),
        "clause": ({f.data["id"] for f in files.clauses}, "a clause id, clause-01 … clause-16"),
        "term": (_known(files.glossary, "terms"), "a term id in glossary.yaml"),
    }

    def unknown(file: LoadedFile, path: tuple[str | int, ...], kind: str, value: str) -> Iterator[DataProblem]:
        ids, where = known[kind]
        if value not in ids:
            yield file.problem(path, f"unknown {kind} {value!r}; expected {where}")

    for f in files.clauses:
        d = f.data
        yield from unknown(f, ("section",), "section", d["section"])
        for key, kind in (("topics", "topic"), ("cites", "document"), ("related", "clause"), ("terms", "term")):
            for i, value in enumerate(d[key]):
                yield from unknown(f, (key, i), kind, value)
        if d["id"] in d["related"]:
            yield f.problem(("related", d["related"].index(d["id"])), "a clause cannot be related to itself")
        for i, p in enumerate(d["provisions"]):
            for j, party in enumerate(p["parties"]):
                yield from unknown(f, ("provisions", i, "parties", j), "party", party)
            yield from unknown(f, ("provisions", i, "strength"), "strength", p["strength"])
    for i, term in enumerate(files.notice.data["terms"]):
        yield from unknown(files.notice, ("terms", i), "term", term)


def _provisions(files: PolicyFiles) -> Iterator[DataProblem]:
    """Provisions are the clause's sentences, verbatim, in order, each exactly once (the checklist relies on it)."""
    for f in files.clauses:
        text, provisions = f.data["text"], f.data["provisions"]
        for i, p in enumerate(provisions):
            sentence = p["text"]
            if sentence not in text:
                yield f.problem(
                    ("provisions", i, "text"),
                    "is not a verbatim part of the clause text; copy the sentence exactly from `text`",
                )
            if sentence[-1] not in SENTENCE_END or any(ch in SENTENCE_END for ch in sentence[:-1]):
                yield f.problem(
                    ("provisions", i, "text"),
                    "expected exactly one sentence, ending at its 。 or ； "
                    "(split longer passages into several provisions)",
                )
        if "".join(p["text"] for p in provisions) != text:
            yield f.problem(
                ("provisions",),
                "the provisions, read in order, must make up the clause text exactly: "
                "every sentence once, none left out, none repeated",
            )


def _readings(files: PolicyFiles) -> Iterator[DataProblem]:
    for f in files.clauses:
        for i, r in enumerate(f.data["readings"]):
            label_reading = r["kind"] == "formatting" and r["as_transcribed"] == f.data["source_label"]
            if r["as_transcribed"] not in f.data["text"] and not label_reading:
                yield f.problem(
                    ("readings", i, "as_transcribed"),
                    "does not occur in the clause text; expected the words exactly as transcribed "
                    "(or, for a formatting reading of the label, the source_label)",
                )
    for i, r in enumerate(files.notice.data["readings"]):
        if r["as_transcribed"] not in files.notice.data["title_as_transcribed"]:
            yield files.notice.problem(("readings", i, "as_transcribed"), "does not occur in title_as_transcribed")


def _mentions(text: str, entry: dict) -> bool:
    """Whether a text mentions a glossary term, by its name or an alias (spaces ignored, as in 山区 26 县)."""
    flat = re.sub(r"\s", "", text)
    return any(re.sub(r"\s", "", name) in flat for name in (entry["term"], *entry["aliases"]))


def _terms_and_documents(files: PolicyFiles) -> Iterator[DataProblem]:
    terms = {t["id"]: t for t in files.glossary.data["terms"]}
    documents = {d["id"]: d for d in files.documents.data["documents"]}
    notice = files.notice.data
    for f in files.clauses:
        for i, term_id in enumerate(f.data["terms"]):
            if term_id in terms and not _mentions(f.data["text"], terms[term_id]):
                yield f.problem(
                    ("terms", i),
                    f"the clause text does not mention {terms[term_id]['term']!r} "
                    "or any of its aliases; list only terms the clause uses",
                )
        for i, doc_id in enumerate(f.data["cites"]):
            if doc_id in documents and documents[doc_id]["as_cited"] not in f.data["text"]:
                yield f.problem(
                    ("cites", i),
                    f"the clause text does not contain {documents[doc_id]['as_cited']!r} "
                    f"(as_cited of {doc_id}); cite only documents the clause names",
                )
    for i, term_id in enumerate(notice["terms"]):
        if term_id in terms and not _mentions(notice["title"] + notice["preamble"], terms[term_id]):
            yield files.notice.problem(
                ("terms", i), "neither the title nor the preamble mentions this term or its aliases"
            )
    referenced = set(notice["terms"]) | {t for f in files.clauses for t in f.data["terms"]}
    for i, term_id in enumerate(terms):
        if term_id not in referenced:
            yield files.glossary.problem(
                ("terms", i, "id"),
                f"{term_id} is not referenced by any clause's `terms` "
                "nor by notice.yaml `terms`; reference it or remove it",
            )
    cited = {d for f in files.clauses for d in f.data["cites"]}
    for i, doc_id in enumerate(documents):
        if doc_id not in cited:
            yield files.documents.problem(
                ("documents", i, "id"), f"{doc_id} is not cited by any clause's `cites`; cite it or remove it"
            )


def _trace(files: PolicyFiles) -> Iterator[DataProblem]:
    notice = files.notice
    source_path = files.root / notice.data["source_file"]
    if not source_path.is_file():
        yield notice.problem(
            ("source_file",),
            f"{source_path.name} is missing; expected the transcription at policy/{notice.data['source_file']}",
        )
        return
    repairs = [source_trace.Repair(r["as_transcribed"], r["repaired"]) for r in notice.data["layout_repairs"]]
    repaired, repair_problems = source_trace.apply_repairs(source_path.read_text(encoding="utf-8"), repairs)
    for index, message in repair_problems:
        yield notice.problem(("layout_repairs", index, "as_transcribed"), message)
    lines = source_trace.source_lines(repaired)
    for f in files.clauses:
        if not source_trace.clause_is_traceable(lines, f.data["source_label"], f.data["text"]):
            yield f.problem(
                ("text",),
                "not traceable to the source: expected the transcription's line "
                f"{f.data['source_label']}… character for character (layout repairs only); "
                + source_trace.divergence(lines, f.data["text"]),
            )
    for key, prefix in (("preamble", ""), ("title_as_transcribed", "## ")):
        if not source_trace.line_is_present(lines, notice.data[key], prefix):
            yield notice.problem(
                (key,),
                "not traceable to the source: expected one line of the transcription, "
                "character for character; " + source_trace.divergence(lines, notice.data[key]),
            )
    title = notice.data["title_as_transcribed"]
    for r in notice.data["readings"]:
        title = title.replace(r["as_transcribed"], r["reading"])
    if title != notice.data["title"]:
        yield notice.problem(("title",), f"expected the transcribed title with its readings applied: {title!r}")
