"""Cross-checks across the files of policy/: what no single file's schema can see.

Each problem names the file, line and field, says what is wrong and what is expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from calculators import registry
from calculators.chinese import chinese_numeral
from calculators.parameters import REQUIRED

from ..han import HAN
from . import source_trace
from .errors import DataProblem
from .files import LoadedFile, PolicyFiles
from .model import Clause, Policy, Provision, Term
from .yamlload import FieldPath

EXPECTED_DIVISIONS = 90  # regions.yaml: Zhejiang had 90 county-level divisions in 2022
CLAUSE_COUNT = 16
CLAUSE_ID_WANTED = f"a clause id, clause-01 … clause-{CLAUSE_COUNT:02d}"  # what a reference to a clause must be
SECTION_COUNT = 5
SENTENCE_END = "。；"


def cross_check(policy: Policy, files: PolicyFiles) -> list[DataProblem]:
    """Every cross-file problem: ids, numbering, references, traceability, provisions, readings, use of terms.

    The checks read the typed model; `files` only says where each part was read (its clauses in the model's order).
    """
    problems: list[DataProblem] = []
    checks = (_unique_ids, _numbering, _references, _provisions, _readings, _terms_and_documents, _lexicon, _trace)
    for check in (*checks, _parameters, _regions, _changes):
        problems.extend(check(policy, files))
    return problems


def _clauses(policy: Policy, files: PolicyFiles) -> Iterator[tuple[Clause, LoadedFile]]:
    """Each clause with the file it was read from."""
    return zip(policy.clauses, files.clauses, strict=True)


def _unique_ids(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    vocabularies = (
        ("parties", policy.parties),
        ("strengths", policy.strengths),
        ("topics", policy.topics),
        ("change_kinds", policy.change_kinds),
    )
    groups: dict[str, list[tuple[LoadedFile, FieldPath, str]]] = {
        "clause": [(f, ("id",), c.id) for c, f in _clauses(policy, files)],
        "provision": [
            (f, ("provisions", i, "id"), p.id) for c, f in _clauses(policy, files) for i, p in enumerate(c.provisions)
        ],
        "section": [(files.notice, ("sections", i, "id"), s.id) for i, s in enumerate(policy.sections)],
        "vocabulary": [
            (files.vocabularies, (key, i, "id"), e.id) for key, entries in vocabularies for i, e in enumerate(entries)
        ],
        "glossary term": [(files.glossary, ("terms", i, "id"), t.id) for i, t in enumerate(policy.glossary)],
        "document": [(files.documents, ("documents", i, "id"), d.id) for i, d in enumerate(policy.documents)],
        "change": [(files.changes, ("entries", i, "id"), c.id) for i, c in enumerate(policy.changes.entries)],
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


def _numbering(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    numbers = [c.number for c in policy.clauses]
    if numbers != list(range(1, CLAUSE_COUNT + 1)):
        yield DataProblem(
            files.clauses[0].shown.parent if files.clauses else files.root,
            None,
            "number",
            f"the clauses are numbered {numbers}; expected exactly one clause for each of 1–{CLAUSE_COUNT}",
        )
    for c, f in _clauses(policy, files):
        n = c.number
        expected_id = f"clause-{n:02d}"
        if c.id != expected_id:
            yield f.problem(("id",), f"clause number {n} must have id {expected_id!r}, found {c.id!r}")
        if f.shown.name != f"{c.id}.yaml":
            yield f.problem(("id",), f"the file name must be the clause id: expected {c.id}.yaml")
        if c.label != f"（{chinese_numeral(n)}）":
            yield f.problem(("label",), f"expected （{chinese_numeral(n)}） for clause number {n}")
        if c.source_label not in (f"（{chinese_numeral(n)}）", f"({chinese_numeral(n)})"):
            yield f.problem(
                ("source_label",),
                f"expected the label of clause {n} as transcribed, "
                f"(（{chinese_numeral(n)}） or ({chinese_numeral(n)}))",
            )
        for i, p in enumerate(c.provisions, 1):
            if p.id != f"{c.id}-p{i}":
                yield f.problem(("provisions", i - 1, "id"), f"expected {c.id}-p{i} (provisions are numbered in order)")
    for i, s in enumerate(policy.sections):
        n = s.number
        if s.id != f"section-{n}" or s.label != chinese_numeral(n):
            yield files.notice.problem(
                ("sections", i), f"section number {n} must have id section-{n} and label {chinese_numeral(n)}"
            )
    if sorted(s.number for s in policy.sections) != list(range(1, SECTION_COUNT + 1)):
        yield files.notice.problem(("sections",), f"expected exactly one section for each of 1–{SECTION_COUNT}")
    for i, s in enumerate(policy.sections):
        if not s.clauses:
            yield files.notice.problem(
                ("sections", i, "id"), f"no clause belongs to {s.id}; every section needs clauses"
            )


def _references(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    known = {
        "section": ({s.id for s in policy.sections}, "a section id in notice.yaml"),
        "topic": ({t.id for t in policy.topics}, "a topic id in vocabularies.yaml"),
        "party": ({p.id for p in policy.parties}, "a party id in vocabularies.yaml"),
        "strength": ({s.id for s in policy.strengths}, "a strength id in vocabularies.yaml"),
        "document": ({d.id for d in policy.documents}, "a document id in documents.yaml"),
        "clause": ({c.id for c in policy.clauses}, CLAUSE_ID_WANTED),
        "term": ({t.id for t in policy.glossary}, "a term id in glossary.yaml"),
    }

    def unknown(file: LoadedFile, path: FieldPath, kind: str, value: str) -> Iterator[DataProblem]:
        ids, where = known[kind]
        if value not in ids:
            yield file.problem(path, f"unknown {kind} {value!r}; expected {where}")

    for c, f in _clauses(policy, files):
        yield from unknown(f, ("section",), "section", c.section)
        lists = (("topics", c.topics, "topic"), ("cites", c.cites, "document"), ("related", c.related, "clause"))
        for key, values, kind in (*lists, ("terms", c.terms, "term")):
            for i, value in enumerate(values):
                yield from unknown(f, (key, i), kind, value)
        if c.id in c.related:
            yield f.problem(("related", c.related.index(c.id)), "a clause cannot be related to itself")
        for i, p in enumerate(c.provisions):
            for j, duty in enumerate(p.duties):
                yield from unknown(f, ("provisions", i, "duties", j, "party"), "party", duty.party)
                yield from unknown(f, ("provisions", i, "duties", j, "strength"), "strength", duty.strength)
    for i, term in enumerate(policy.notice.terms):
        yield from unknown(files.notice, ("terms", i), "term", term)


def _provisions(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    """Provisions are the clause's sentences, verbatim, in order, each exactly once (the checklist relies on it)."""
    for c, f in _clauses(policy, files):
        for i, p in enumerate(c.provisions):
            if p.text not in c.text:
                yield f.problem(
                    ("provisions", i, "text"),
                    "is not a verbatim part of the clause text; copy the sentence exactly from `text`",
                )
            if p.text[-1] not in SENTENCE_END or any(ch in SENTENCE_END for ch in p.text[:-1]):
                yield f.problem(
                    ("provisions", i, "text"),
                    "expected exactly one sentence, ending at its 。 or ； "
                    "(split longer passages into several provisions)",
                )
            yield from _duties(policy, f, i, p)
        if "".join(p.text for p in c.provisions) != c.text:
            yield f.problem(
                ("provisions",),
                "the provisions, read in order, must make up the clause text exactly: "
                "every sentence once, none left out, none repeated",
            )


def words_in(words: str, text: str) -> bool:
    """Whether `words` occur in `text`, its parts (split at ……, which marks words left out) in order."""
    position = 0
    for part in words.split("……"):
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _duties(policy: Policy, f: LoadedFile, i: int, p: Provision) -> Iterator[DataProblem]:
    """Each party at most once, with words copied from the sentence that carry its strength's marker."""
    markers = {s.id: s.markers for s in policy.strengths}
    seen: set[str] = set()
    for j, duty in enumerate(p.duties):
        if duty.party in seen:
            yield f.problem(
                ("provisions", i, "duties", j, "party"),
                f"{duty.party} is listed twice; give each party one strength (the one its own words carry)",
            )
        seen.add(duty.party)
        if not words_in(duty.words, p.text):
            yield f.problem(
                ("provisions", i, "duties", j, "words"),
                "are not the sentence's words; copy them exactly from `text` (…… marks words left out)",
            )
        elif duty.strength in markers and not any(words_in(m, duty.words) for m in markers[duty.strength]):
            yield f.problem(
                ("provisions", i, "duties", j, "words"),
                f"carry none of {duty.strength}'s markers ({'、'.join(markers[duty.strength])}); quote the words "
                "that bind this party, or choose the strength they carry",
            )


def _readings(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    for c, f in _clauses(policy, files):
        for i, r in enumerate(c.readings):
            label_reading = r.kind == "formatting" and r.as_transcribed == c.source_label
            if r.as_transcribed not in c.text and not label_reading:
                yield f.problem(
                    ("readings", i, "as_transcribed"),
                    "does not occur in the clause text; expected the words exactly as transcribed "
                    "(or, for a formatting reading of the label, the source_label)",
                )
    for i, r in enumerate(policy.notice.readings):
        if r.as_transcribed not in policy.notice.title_as_transcribed:
            yield files.notice.problem(("readings", i, "as_transcribed"), "does not occur in title_as_transcribed")


def _mentions(text: str, term: Term) -> bool:
    """Whether a text mentions a glossary term, by its name or an alias (spaces ignored, as in 山区 26 县)."""
    flat = re.sub(r"\s", "", text)
    return any(re.sub(r"\s", "", name) in flat for name in (term.term, *term.aliases))


def _terms_and_documents(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    terms = {t.id: t for t in policy.glossary}
    documents = {d.id: d for d in policy.documents}
    notice = policy.notice
    for c, f in _clauses(policy, files):
        for i, term_id in enumerate(c.terms):
            if term_id in terms and not _mentions(c.text, terms[term_id]):
                yield f.problem(
                    ("terms", i),
                    f"the clause text does not mention {terms[term_id].term!r} "
                    "or any of its aliases; list only terms the clause uses",
                )
        for i, doc_id in enumerate(c.cites):
            if doc_id in documents and documents[doc_id].as_cited not in c.text:
                yield f.problem(
                    ("cites", i),
                    f"the clause text does not contain {documents[doc_id].as_cited!r} "
                    f"(as_cited of {doc_id}); cite only documents the clause names",
                )
    for i, term_id in enumerate(notice.terms):
        if term_id in terms and not _mentions(notice.title + notice.preamble, terms[term_id]):
            yield files.notice.problem(
                ("terms", i), "neither the title nor the preamble mentions this term or its aliases"
            )
    referenced = set(notice.terms) | {t for c in policy.clauses for t in c.terms}
    for i, term_id in enumerate(terms):
        if term_id not in referenced:
            yield files.glossary.problem(
                ("terms", i, "id"),
                f"{term_id} is not referenced by any clause's `terms` "
                "nor by notice.yaml `terms`; reference it or remove it",
            )
    cited = {d for c in policy.clauses for d in c.cites}
    for i, doc_id in enumerate(documents):
        if doc_id not in cited:
            yield files.documents.problem(
                ("documents", i, "id"), f"{doc_id} is not cited by any clause's `cites`; cite it or remove it"
            )


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def _lexicon(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    """Search's synonyms lead to the notice's own words: each term occurs in the notice (in its clause, when one is
    named), each clause resolves, and no word is listed twice or both as a synonym and a question word."""
    notice = policy.notice
    whole = _flat("".join([notice.title, notice.preamble, *(c.text for c in policy.clauses)]))
    clauses = {c.id: c for c in policy.clauses}
    dropped = set(policy.lexicon.question_words) | {w for m in policy.lexicon.modalities for w in m.words}
    seen: set[str] = set()
    for i, synonym in enumerate(policy.lexicon.synonyms):
        clause = clauses.get(synonym.clause)
        if synonym.clause and clause is None:
            yield files.synonyms.problem(
                ("synonyms", i, "clause"),
                f"unknown clause {synonym.clause!r}; expected {CLAUSE_ID_WANTED}",
            )
        for j, term in enumerate(synonym.terms):
            if clause is not None and _flat(term) not in _flat(clause.text):
                yield files.synonyms.problem(
                    ("synonyms", i, "terms", j),
                    f"{term!r} does not occur in the text of {clause.id}; expected the notice's words in that clause "
                    "(spaces ignored), or another clause",
                )
            elif _flat(term) not in whole:
                yield files.synonyms.problem(
                    ("synonyms", i, "terms", j),
                    f"{term!r} does not occur in the notice; expected words of its title, preamble or a clause",
                )
        for field, j, word in [
            *(("words", j, w) for j, w in enumerate(synonym.words)),
            *(("near", j, w) for j, w in enumerate(synonym.near)),
        ]:
            if word in seen or word in dropped:
                yield files.synonyms.problem(
                    ("synonyms", i, field, j),
                    f"{word!r} is listed twice (as a synonym, a question word or a modal word); list each word once",
                )
            seen.add(word)


def _trace(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    notice, where = policy.notice, files.notice
    source_path = files.root / notice.source_file
    if not source_path.is_file():
        yield where.problem(
            ("source_file",),
            f"{source_path.name} is missing; expected the transcription at policy/{notice.source_file}",
        )
        return
    repaired, repair_problems = source_trace.apply_repairs(
        source_path.read_text(encoding="utf-8"), notice.layout_repairs
    )
    for index, message in repair_problems:
        yield where.problem(("layout_repairs", index, "as_transcribed"), message)
    lines = source_trace.source_lines(repaired)
    for c, f in _clauses(policy, files):
        if not source_trace.clause_is_traceable(lines, c.source_label, c.text):
            yield f.problem(
                ("text",),
                "not traceable to the source: expected the transcription's line "
                f"{c.source_label}… character for character (layout repairs only); "
                + source_trace.divergence(lines, c.text),
            )
    for key, text, prefix in (
        ("preamble", notice.preamble, ""),
        ("title_as_transcribed", notice.title_as_transcribed, "## "),
    ):
        if not source_trace.line_is_present(lines, text, prefix):
            yield where.problem(
                (key,),
                "not traceable to the source: expected one line of the transcription, "
                "character for character; " + source_trace.divergence(lines, text),
            )
    title = notice.title_as_transcribed
    for r in notice.readings:
        title = title.replace(r.as_transcribed, r.reading)
    if title != notice.title:
        yield where.problem(("title",), f"expected the transcribed title with its readings applied: {title!r}")


def _parameters(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    """Every parameter the calculators read has its file in policy/parameters/."""
    for name in REQUIRED:
        if name not in policy.parameters:
            yield DataProblem(
                files.root.name / Path("parameters") / f"{name}.yaml",
                None,
                "",
                "file is missing: the calculators need this parameter",
            )


def _regions(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    """What regions.yaml's schema cannot see: every name once, 90 divisions, every group member a division."""
    regions, file = policy.regions, files.regions
    seen: dict[str, str] = {}
    for index, city in enumerate(regions["cities"]):
        for kind in ("districts", "county_cities", "counties"):
            for at, name in enumerate(city[kind]):
                if name in seen:
                    yield file.problem(
                        ("cities", index, kind, at), f"{name} is listed twice (also under {seen[name]}); keep one"
                    )
                seen[name] = city["name"]
    if len(seen) != EXPECTED_DIVISIONS:
        yield file.problem(("cities",), f"{len(seen)} county-level divisions listed; expected {EXPECTED_DIVISIONS}")
    group_ids = [group["id"] for group in regions["groups"]]
    for index, group in enumerate(regions["groups"]):
        if group_ids.count(group["id"]) > 1:
            yield file.problem(("groups", index, "id"), "this id is used twice")
        for start, entry in sorted(group["membership"].items()):
            for at, name in enumerate(entry["members"]):
                if name not in seen:
                    yield file.problem(
                        ("groups", index, "membership", start, "members", at),
                        f"{name} is not one of the divisions under cities; check the spelling",
                    )
    former = regions.get("former_names", {})
    for kind in ("names", "split_but_kept"):
        for index, entry in enumerate(former.get(kind, [])):
            for at, name in enumerate(entry["became"]):
                if name not in seen:
                    yield file.problem(
                        ("former_names", kind, index, "became", at),
                        f"{name} is not one of the divisions under cities; check the spelling",
                    )


def _changes(policy: Policy, files: PolicyFiles) -> Iterator[DataProblem]:
    """The change log names real clauses, calculators and kinds, newest entry first, none before the first date."""
    file, log = files.changes, policy.changes
    clauses = {c.id for c in policy.clauses}
    kinds = {k.id for k in policy.change_kinds}
    names = list(registry.calculators())
    previous = None
    for i, change in enumerate(log.entries):
        if change.kind not in kinds:
            yield file.problem(
                ("entries", i, "kind"),
                f"unknown change kind {change.kind!r}; expected one of vocabularies.yaml change_kinds: "
                + ", ".join(sorted(kinds)),
            )
        for j, clause in enumerate(change.clauses):
            if clause not in clauses:
                yield file.problem(
                    ("entries", i, "clauses", j), f"unknown clause {clause!r}; expected {CLAUSE_ID_WANTED}"
                )
        for j, name in enumerate(change.calculators):
            if name not in names:
                yield file.problem(
                    ("entries", i, "calculators", j),
                    f"unknown calculator {name!r}; expected a registered calculator: {', '.join(names)}",
                )
        for key in ("title", "what", "why"):
            if re.search(f"{HAN} {HAN}", getattr(change, key)):
                yield file.problem(
                    ("entries", i, key),
                    "has a space between Chinese characters (a YAML line folded mid-sentence?); "
                    "write the text on one line",
                )
        if change.date < log.first_date:
            yield file.problem(
                ("entries", i, "date"), f"{change.date} is before the edition's first date {log.first_date}"
            )
        if previous is not None and change.date > previous:
            yield file.problem(
                ("entries", i, "date"),
                f"{change.date} is newer than the entry above it ({previous}); list the entries newest first",
            )
        previous = change.date
