"""The notice as typed objects: what sitegen.loading.policy.load_policy() returns and every generator reads.

Field names follow the YAML files in policy/ (see the schemas in policy/schemas/).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Confidence levels (H, M, L) as a reader sees them: a word, and a sentence saying what it means.
CONFIDENCE_LABELS = {"H": "已核实", "M": "部分核实", "L": "未核实"}
# The glossary entry whose name in a provision marks it as one that leaves terms to the project contract.
CONTRACT_TERM = "term-project-contract"
CONFIDENCE_NOTES = {"H": "见于公开来源", "M": "部分有来源或通行用法支持，请核对", "L": "未经核实，仅供参考"}


@dataclass(frozen=True)
class VocabularyEntry:
    """A party, a provision strength or a topic: an id that never changes, a Chinese name, a description."""

    id: str
    name: str
    description: str
    markers: tuple[str, ...] = ()  # strengths only: the words that signal it (应, 原则上, 可 …)
    binding: bool | None = None  # strengths only: True where the notice's own 应/要 bind the party (may be 不符合)
    not_done: str | None = None  # strengths with binding False: a self-check "no" is not_adopted or not_done
    not_done_basis: str | None = None  # strengths with binding False: why a "no" is not 不符合 (shown on the page)


@dataclass(frozen=True)
class Reading:
    """An editorial reading of a suspected slip, shown beside the verbatim text and never replacing it."""

    as_transcribed: str
    reading: str
    basis: str
    confidence: str  # "probable" | "uncertain"
    kind: str  # "slip" | "spacing" | "formatting" | "page-break" | "punctuation"


@dataclass(frozen=True)
class LayoutRepair:
    """A page-break repair: the only change allowed between the transcription and a clause text."""

    where: str  # "（一）"
    as_transcribed: str  # "按照\n\n打造"
    repaired: str  # "按照打造"
    note: str


@dataclass(frozen=True)
class Duty:
    """How one sentence binds one party: a sentence may bind one party and only encourage another (（十）第 2 句)."""

    party: str  # vocabulary id, e.g. "party-tenant"
    strength: str  # vocabulary id, e.g. "strength-obligation"
    words: str  # the words that carry it, verbatim; …… marks words left out ("鼓励……回购")


@dataclass(frozen=True)
class Provision:
    """One sentence-level provision of a clause: each party it addresses, and how strongly it binds that party."""

    id: str  # "clause-08-p1"
    text: str  # verbatim; a substring of the clause text
    duties: tuple[Duty, ...]  # one per party addressed, in the order the data lists them
    summary: str  # editorial: who must do what, in a few words (the obligations checklist uses it)
    # the plan's checks that compute what the sentence requires (land.min_area): a declared answer they contradict
    # is flagged in the self-check report
    checks: tuple[str, ...] = ()

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties it addresses, e.g. ("party-tenant", "party-local-government")."""
        return tuple(d.party for d in self.duties)

    def duty(self, party: str) -> Duty:
        """The duty of one party it addresses."""
        return next(d for d in self.duties if d.party == party)


@dataclass(frozen=True)
class Clause:
    """One of the 16 numbered clauses."""

    id: str  # "clause-08"
    number: int  # 8
    label: str  # "（八）" as displayed (full-width, as in clauses 一–五)
    source_label: str  # "(八)" exactly as transcribed
    section: str  # "section-3"
    title: str  # editorial short title, e.g. "规范租售管理" (the notice gives clauses no titles)
    text: str  # verbatim as transcribed, layout repairs only (see policy/README.md)
    readings: tuple[Reading, ...]
    topics: tuple[str, ...]
    provisions: tuple[Provision, ...]
    cites: tuple[str, ...]  # document ids
    related: tuple[str, ...]  # clause ids
    terms: tuple[str, ...]  # glossary ids


@dataclass(frozen=True)
class Section:
    """One of the 5 section headings 一 to 五."""

    id: str  # "section-3"
    number: int
    label: str  # "三"
    title: str  # "规范租售和转让"
    clauses: tuple[str, ...]  # clause ids in order


@dataclass(frozen=True)
class Notice:
    """The document's metadata and the text around the clauses."""

    title: str
    doc_number: str  # 浙小微园办〔2022〕3号
    issuer: str
    seal: str  # (浙江省经济和信息化厅代章)
    date: str  # ISO date
    addressees: str  # 主送
    cc: str  # 抄送
    printed_by: str
    printed_date: str
    status: str  # "in-force-as-far-as-known" …
    status_note: str
    preamble: str  # verbatim
    source_file: str  # the transcription, relative to policy/ (a verbatim copy of ../shared/source/…)
    masthead: str = ""  # 浙江省小微企业园工作联席会议办公室文件
    title_as_transcribed: str = ""  # the title exactly as transcribed (with the line-wrap space)
    readings: tuple[Reading, ...] = ()  # title-level readings, shown beside the title
    layout_repairs: tuple[LayoutRepair, ...] = ()  # page-break joins applied to the source before tracing
    terms: tuple[str, ...] = ()  # glossary ids referenced from the title or preamble


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    source: str
    confidence: str  # "H" | "M" | "L"
    editorial: bool  # True when the definition is the edition's reading, not the notice's words


@dataclass(frozen=True)
class CitedDocument:
    """A document the notice cites, with what is known about it."""

    id: str
    title: str
    number: str  # 文号, "" when it has none
    issuer: str
    date: str  # ISO date or ""
    known: str  # what is known about it, with caveats
    confidence: str
    as_cited: str = ""  # the name exactly as the notice's transcription cites it
    kind: str = "document"  # "document" | "standard" | "guideline" | "platform"
    title_note: str = ""  # why the title is shown so when it was not read in a published source


@dataclass(frozen=True)
class Synonym:
    """Everyday words people type for words of the notice (policy/synonyms.yaml): 充电桩 → 充电泊位."""

    words: tuple[str, ...]  # what people type, meaning the terms: their 也称
    terms: tuple[str, ...]  # the notice's words they mean, the main one first
    clause: str = ""  # where it matters: the clause whose text holds the terms
    near: tuple[str, ...] = ()  # what people type for something near the terms (服务业企业 → 三产化): never 也称


@dataclass(frozen=True)
class Modality:
    """A question's modal words (能不能, 必须, 不得) and the notice's modal words of the sentences answering it."""

    words: tuple[str, ...]
    markers: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    """How search reads a question (policy/synonyms.yaml): synonyms, question words to drop, modal words."""

    synonyms: tuple[Synonym, ...]
    question_words: tuple[str, ...]
    modalities: tuple[Modality, ...]


@dataclass(frozen=True)
class Change:
    """One entry of the change log (policy/changes.yaml): what changed in this edition's data or rules, and why."""

    id: str  # permanent: the anchor on /changes/ and the Atom entry's id
    date: str  # ISO date: the data version the change belongs to
    kind: str  # a change kind id from vocabularies.yaml (change-reading, change-verdict-rule …)
    title: str
    what: str
    why: str
    clauses: tuple[str, ...]  # clause ids whose reading, page or verdicts it changes
    calculators: tuple[str, ...]  # registry names whose verdicts or reports it changes
    commits: tuple[str, ...] = ()  # the project's commits it was written from


@dataclass(frozen=True)
class ChangeLog:
    """The change log, newest entry first; its newest date is the data version reports name."""

    first_date: str  # the edition's first date: what a clause or calculator no entry touches shows as last changed
    entries: tuple[Change, ...]

    @property
    def version(self) -> str:
        """The data version: the date of the newest entry (the edition's first date while there is none).

        A report names it, so an office can read on /changes/ what changed since the version a file was made with.
        """
        return max((c.date for c in self.entries), default=self.first_date)

    def touching(self, *, clause: str | None = None, calculator: str | None = None) -> tuple[Change, ...]:
        """The entries that touch a clause or a calculator, newest first."""
        return tuple(
            c for c in self.entries if (clause is not None and clause in c.clauses) or calculator in c.calculators
        )

    def last_changed(self, *, clause: str | None = None, calculator: str | None = None) -> tuple[str, Change | None]:
        """The date a clause or calculator last changed, and the entry that changed it (None: the first date)."""
        found = self.touching(clause=clause, calculator=calculator)
        newest = max(found, key=lambda c: c.date, default=None)
        return (newest.date, newest) if newest else (self.first_date, None)

    def since(self, version: str) -> tuple[Change, ...]:
        """The entries newer than a data version (an ISO date): what changed since a file was made."""
        return tuple(c for c in self.entries if c.date > version)


@dataclass(frozen=True)
class Policy:
    """Everything in policy/, validated and cross-checked."""

    notice: Notice
    sections: tuple[Section, ...]
    clauses: tuple[Clause, ...]
    parties: tuple[VocabularyEntry, ...]
    strengths: tuple[VocabularyEntry, ...]
    topics: tuple[VocabularyEntry, ...]
    glossary: tuple[Term, ...]
    documents: tuple[CitedDocument, ...]
    regions: dict[str, Any]  # policy/regions.yaml as validated data
    parameters: dict[str, dict[str, Any]]  # file stem → policy/parameters/<stem>.yaml as validated data
    lexicon: Lexicon  # policy/synonyms.yaml: how search reads a question
    change_kinds: tuple[VocabularyEntry, ...]  # vocabularies.yaml change_kinds: what a change log entry changed
    changes: ChangeLog  # policy/changes.yaml: the 变更记录, and the data version (changes.version)

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id."""
        return next(c for c in self.clauses if c.id == clause_id)

    def clause_by_number(self, number: int) -> Clause:
        """The clause printed as (number)."""
        return next(c for c in self.clauses if c.number == number)

    def notice_citation(self) -> str:
        """The notice as cited: 《…通知》（浙小微园办〔2022〕3号）."""
        return f"《{self.notice.title}》（{self.notice.doc_number}）"

    def citation(self, clause: Clause) -> str:
        """The usual Chinese citation, e.g. 《…通知》（浙小微园办〔2022〕3号）第（八）条."""
        return f"{self.notice_citation()}第{clause.label}条"

    def also_called(self, names: Sequence[str]) -> tuple[str, ...]:
        """The everyday words (policy/synonyms.yaml) that mean one of these names (a glossary term and its
        aliases), less those the notice itself uses: the term's 也称 on /glossary/."""
        flat = ["".join(n.split()) for n in names]
        notice = "".join("".join([self.notice.title, self.notice.preamble, *(c.text for c in self.clauses)]).split())
        words = [w for s in self.lexicon.synonyms if {"".join(t.split()) for t in s.terms} & set(flat) for w in s.words]
        return tuple(dict.fromkeys(w for w in words if w not in flat and w not in notice))

    def names_contract(self, provision: Provision) -> bool:
        """True when the provision names the 项目管理合同 (or an alias): it leaves terms to that contract."""
        contract = next(term for term in self.glossary if term.id == CONTRACT_TERM)
        return any(name in provision.text for name in (contract.term, *contract.aliases))

    def vocabulary(self, entry_id: str) -> VocabularyEntry:
        """A party, strength, topic or change kind by id."""
        return next(e for e in (*self.parties, *self.strengths, *self.topics, *self.change_kinds) if e.id == entry_id)
