"""The search query set: what officials type, each with the first result it must give.

Generated from policy/, so a new clause, term or cited document joins the set by itself:
- a phrase taken from every provision → that provision's anchor on its clause page;
- every clause in five citation forms (第十条, 第（十）条, （十）, 第10条, 十条) → the clause page;
- every section in two forms (第三部分, 三、) → the section on 原文;
- every glossary term and alias → a clause that contains it, with the term's definition second
  (the definition first where no clause contains it);
- every cited document by 文号 in three forms (59号, 浙政办发〔2021〕59号, 浙政办发[2021]59号) → the document's
  entry, the citing clause second; by its name as cited → the citing clause, the entry second;
plus the hand-written questions in tests/search/questions.yaml and the plain-language questions of
tests/search/plain_questions.yaml (each → its answering clause, any anchor on its page).

Expected URLs are site-relative, as in the index: "clauses/clause-10/#clause-10-p1" must match exactly;
one without "#" (e.g. "clauses/clause-10/") accepts any anchor on that page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitegen.loading.checks import chinese_numeral
from sitegen.loading.model import Policy

QUESTIONS = Path(__file__).resolve().parent / "search" / "questions.yaml"
PLAIN_QUESTIONS = QUESTIONS.with_name("plain_questions.yaml")
PHRASE_LENGTH = 8  # characters of a sampled phrase (shorter if the provision has no longer run of Han text)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")


@dataclass(frozen=True)
class Query:
    text: str
    first: tuple[str, ...]  # any of these is a correct first result
    second: str = ""  # if set, the second result (or among the next `named` results: see named_entries)
    why: str = ""
    named: int = 1

    def accepts(self, expected: str, url: str) -> bool:
        return url == expected or ("#" not in expected and url.split("#")[0] == expected)

    def first_ok(self, urls: list[str]) -> bool:
        return bool(urls) and any(self.accepts(e, urls[0]) for e in self.first)

    def second_ok(self, urls: list[str]) -> bool:
        return not self.second or any(self.accepts(self.second, url) for url in urls[1 : 1 + self.named])


def plain(text: str) -> str:
    """Text as search compares it (an independent statement of the rule, not the browser code): full/half width
    folded, lower case, no white space or punctuation (except . and %)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(
        c for c in folded if not (c.isspace() or (unicodedata.category(c).startswith("P") and c not in ".%"))
    )


def provision_urls(policy: Policy) -> dict[str, str]:
    """provision id → its URL; each provision's text."""
    return {p.id: f"clauses/{c.id}/#{p.id}" for c in policy.clauses for p in c.provisions}


def _containing(policy: Policy, words: str) -> list[str]:
    """URLs of the provisions whose text contains the words (as search compares them)."""
    target = plain(words)
    return [f"clauses/{c.id}/#{p.id}" for c in policy.clauses for p in c.provisions if target in plain(p.text)]


def named_entries(policy: Policy, name: str) -> int:
    """How many terms and documents the name names exactly: they all come right after the first clause."""
    names = [(t.term, *t.aliases) for t in policy.glossary]
    names += [(d.title, d.as_cited, d.number) for d in policy.documents]
    return sum(plain(name) in {plain(n) for n in group if n} for group in names)


def sampled_phrase(policy: Policy, provision_text: str) -> str:
    """A phrase of the provision that no other provision contains, taken nearest the sentence's middle."""
    others = [plain(p.text) for c in policy.clauses for p in c.provisions if p.text != provision_text]
    candidates = []
    for run in _HAN_RUN.finditer(provision_text):
        length = min(PHRASE_LENGTH, len(run.group()))
        for start in range(run.start(), run.end() - length + 1):
            phrase = provision_text[start : start + length]
            if not any(phrase in other for other in others):
                candidates.append((abs(start + length / 2 - len(provision_text) / 2), phrase))
    assert candidates, f"no phrase unique to: {provision_text}"
    return min(candidates)[1]


def generated(policy: Policy) -> list[Query]:
    queries = []
    for clause in policy.clauses:
        for p in clause.provisions:
            phrase = sampled_phrase(policy, p.text)
            queries.append(Query(phrase, (f"clauses/{clause.id}/#{p.id}",), why=f"phrase of {p.id}"))
    for clause in policy.clauses:
        cn, label, n = chinese_numeral(clause.number), clause.label, clause.number
        for form in (f"第{cn}条", f"第{label}条", label, f"第{n}条", f"{cn}条"):
            queries.append(Query(form, (f"clauses/{clause.id}/",), why=f"citation of {clause.id}"))
    for section in policy.sections:
        for form in (f"第{section.label}部分", f"{section.label}、"):
            queries.append(Query(form, (f"text/#{section.id}",), why=f"citation of {section.id}"))
    for term in policy.glossary:
        definition = f"glossary/#{term.id}"
        for name in (term.term, *term.aliases):
            clauses = _containing(policy, name)
            if clauses:
                named = named_entries(policy, name)
                queries.append(Query(name, tuple(clauses), definition, f"term {term.id}", named))
            else:
                queries.append(Query(name, (definition,), why=f"term {term.id}, in no clause"))
    for document in policy.documents:
        entry = f"documents/#{document.id}"
        citing = _containing(policy, document.as_cited)
        if document.number:
            square = document.number.replace("〔", "[").replace("〕", "]")
            short = re.search(r"[0-9]+号$", document.number).group()
            for form in (document.number, square, short):
                queries.append(Query(form, (entry,), second=citing[0] if citing else "", why=f"文号 of {document.id}"))
        if citing:
            named = named_entries(policy, document.as_cited)
            queries.append(Query(document.as_cited, tuple(citing), entry, f"{document.id} as cited", named))
    queries.append(Query(policy.notice.doc_number, ("text/",), why="the notice's own 文号"))
    return queries


def hand_written() -> list[Query]:
    """tests/search/questions.yaml: questions as people type them."""
    data = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return [Query(q["query"], (q["first"],), why=q.get("why", "question")) for q in data["questions"]]


def plain_questions() -> list[Query]:
    """tests/search/plain_questions.yaml: questions in people's own words, each answered by one clause."""
    data = yaml.safe_load(PLAIN_QUESTIONS.read_text(encoding="utf-8"))
    return [
        Query(q["q"], (f"clauses/{q['clause']}/",), why=f"plain question on {q['clause']}") for q in data["questions"]
    ]


def query_set(policy: Policy) -> list[Query]:
    return generated(policy) + hand_written() + plain_questions()


def urls(results: list[dict]) -> list[str]:
    """The addresses of search-core.mjs's results, best first."""
    return [result["url"] for result in results]


def misranked(queries: list[Query], answers: dict[str, list[dict]]) -> list[str]:
    """The queries whose results miss their expected first or second result, each with what came instead."""
    wrong = []
    for q in queries:
        found = urls(answers[q.text])
        if not (q.first_ok(found) and q.second_ok(found)):
            wrong.append(f"{q.text!r} ({q.why}): expected {q.first[0]} {q.second}, got {found[:3]}")
    return wrong
