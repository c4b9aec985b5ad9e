"""Linked clause text: glossary terms with their definition on hover and keyboard focus, cited documents and
references to other clauses as links. Everything in the text is escaped; only the markup added here is HTML.

The clause pages call `link_text()` (through policy_pages.linked_marked_text); URLs come from sitegen/urls.py.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from calculators.chinese import DIGITS, numeral_value

from ..loading.model import CitedDocument, Policy, Term
from ..urls import url_for

# 《title》 optionally followed by its 文号 in full- or half-width brackets, as the notice writes citations.
_DOCUMENT = re.compile(r"《(?P<title>[^》]+)》(?:[（(](?P<number>[^）)]*[〔\[]\d{4}[〕\]][^）)]*)[）)])?")
_CLAUSE_REF = re.compile(rf"第[（(](?P<numeral>[{DIGITS}十]+)[）)]条")
# A 《…》 title this close to a known document's title is the same document with a transcription slip.
_TITLE_SIMILARITY = 0.85


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    html: Markup


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


def find_document(title: str, number: str | None, policy: Policy) -> CitedDocument | None:
    """The cited document a 《title》（number） in the text refers to: by 文号, by title, or a near-identical title."""
    if number:
        for doc in policy.documents:
            if doc.number and _normalise(doc.number) == _normalise(number):
                return doc
    wanted = _normalise(title)
    best, best_ratio = None, 0.0
    for doc in policy.documents:
        ratio = difflib.SequenceMatcher(None, wanted, _normalise(doc.title)).ratio()
        if ratio > best_ratio:
            best, best_ratio = doc, ratio
    return best if best_ratio >= _TITLE_SIMILARITY else None


def _document_spans(text: str, policy: Policy, root: str, new_tab: bool) -> list[_Span]:
    """Each document where the text cites it: its exact `as_cited` wording first, then any 《title》 that matches."""
    found: list[tuple[int, int, CitedDocument]] = []
    for doc in policy.documents:
        start = text.find(doc.as_cited) if doc.as_cited else -1
        while start >= 0:
            found.append((start, start + len(doc.as_cited), doc))
            start = text.find(doc.as_cited, start + len(doc.as_cited))
    for match in _DOCUMENT.finditer(text):
        titled = find_document(match["title"], match["number"], policy)
        if titled is not None and not any(s < match.end() and match.start() < e for s, e, _ in found):
            found.append((match.start(), match.end(), titled))
    return [
        _Span(
            start,
            end,
            _link(root + url_for("document", doc.id), "doc-ref", text[start:end], new_tab, title=_document_hint(doc)),
        )
        for start, end, doc in found
    ]


def _document_hint(doc: CitedDocument) -> str:
    return f"被引文件：{doc.title}" + (f"（{doc.number}）" if doc.number else "")


def _clause_spans(text: str, policy: Policy, root: str, new_tab: bool) -> list[_Span]:
    numbers = {c.number: c for c in policy.clauses}
    spans = []
    for match in _CLAUSE_REF.finditer(text):
        clause = numbers.get(numeral_value(match["numeral"]) or 0)
        if clause is not None:
            href = root + url_for("clause", clause.id)
            spans.append(_Span(match.start(), match.end(), _link(href, "clause-ref", match.group(0), new_tab)))
    return spans


def _term_spans(text: str, policy: Policy, root: str, scope: str, taken: list[_Span], new_tab: bool) -> list[_Span]:
    """The first occurrence of each glossary term (longest spelling first), outside already linked spans."""
    spellings = sorted(
        ((spelling, term) for term in policy.glossary for spelling in (term.term, *term.aliases) if spelling),
        key=lambda pair: -len(pair[0]),
    )
    spans: list[_Span] = []
    done: set[str] = set()
    for spelling, term in spellings:
        if term.id in done:
            continue
        for match in re.finditer(re.escape(spelling), text):
            if any(s.start < match.end() and match.start() < s.end for s in (*taken, *spans)):
                continue
            tip_id = f"{scope}-tip-{term.id}"
            spans.append(_Span(match.start(), match.end(), _term_markup(term, spelling, root, tip_id, new_tab)))
            done.add(term.id)
            break
    return spans


def _term_markup(term: Term, shown: str, root: str, tip_id: str, new_tab: bool) -> Markup:
    notes = (["本版释义"] if term.editorial else []) + ([f"可信度 {term.confidence}"] if term.confidence != "H" else [])
    caveat = f"（{'，'.join(notes)}）" if notes else ""
    link = _link(root + url_for("term", term.id), "term", shown, new_tab, describedby=tip_id)
    tip = Markup('<span class="term-tip" role="tooltip" id="{}"><strong>{}</strong>：{}{}</span>').format(
        tip_id, term.term, term.definition, caveat
    )
    return Markup('<span class="term-wrap">{}{}</span>').format(link, tip)


def _link(href: str, css_class: str, text: str, new_tab: bool, *, title: str = "", describedby: str = "") -> Markup:
    attrs = Markup(' href="{}" class="{}"').format(href, css_class)
    if title:
        attrs += Markup(' title="{}"').format(title)
    if describedby:
        attrs += Markup(' aria-describedby="{}"').format(describedby)
    if new_tab:
        attrs += Markup(' target="_blank" rel="noopener"')
    return Markup("<a{}>{}</a>").format(attrs, text)


def link_text(
    text: str,
    policy: Policy,
    root: str = "../../",
    scope: str = "text",
    new_tab: bool = False,
    inserts: Mapping[int, Sequence[Markup]] | None = None,
) -> Markup:
    """Escape `text` and mark up its glossary terms, cited documents and clause references.

    `root` is the relative path from the page to the site root ("../../" on /clauses/clause-08/);
    `scope` makes the tooltip ids unique when several texts share one page (use the clause id);
    `new_tab` opens the links in a new tab (for embeds inside another site's page);
    `inserts` is markup to place after the character at each position (e.g. editorial reading marks); one that
    falls inside a link goes right after the link, so the text itself is never split or changed.
    """
    taken = _document_spans(text, policy, root, new_tab) + _clause_spans(text, policy, root, new_tab)
    taken = [s for i, s in enumerate(taken) if not any(o.start < s.end and s.start < o.end for o in taken[:i])]
    spans = sorted(taken + _term_spans(text, policy, root, scope, taken, new_tab), key=lambda s: s.start)
    pending: dict[int, list[Markup]] = {}
    for at, marks in sorted((inserts or {}).items()):
        inside = next((s for s in spans if s.start < at < s.end), None)
        pending.setdefault(inside.end if inside else at, []).extend(marks)
    cuts = sorted({0, len(text), *pending, *(s.start for s in spans), *(s.end for s in spans)})
    starts = {s.start: s for s in spans}
    out, skip_to = Markup(""), 0
    for here, following in zip(cuts, [*cuts[1:], len(text)], strict=True):
        out += Markup("").join(pending.get(here, []))
        if here < skip_to or here == len(text):
            continue
        span = starts.get(here)
        if span is not None:
            out += span.html
            skip_to = span.end
        else:
            out += escape(text[here:following])
    return out
