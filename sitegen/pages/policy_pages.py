"""Stage step: render every generated page (home, 原文, clauses, indexes) from templates/pages/ into build/docs/.

The templates are rendered by the one Jinja2 environment (sitegen/templating.py: autoescaped, strict); the
functions here give them the clause text with its editorial-reading marks and links.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from calculators.parameters import in_force

from ..exports.overview import FORMATS as OVERVIEW_FORMATS
from ..exports.slides import deck_file_name
from ..exports.views import embed_height
from ..loading.model import (
    CONFIDENCE_LABELS,
    CONFIDENCE_NOTES,
    Clause,
    Policy,
    Provision,
    Reading,
    VocabularyEntry,
)
from ..templating import render
from ..urls import CHANGES_FEED, absolute, is_preview, url_for
from .changes import FIRST_DATE_ANCHOR, last_change
from .checklist import human_size
from .linking import link_text


@dataclass(frozen=True)
class Page:
    """One generated page: its URL (relative to the site root), its template and its file in build/docs/."""

    url: str  # "clauses/clause-08/"
    template: str  # "clause.md.j2"
    file: str  # "clauses/clause-08.md"
    context: dict[str, Any]


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one page to another (or an anchor on it), relative so the site works under any prefix."""
    path, hash_, fragment = to_url.partition("#")
    if path == from_url:
        rel = ""
    else:
        rel = posixpath.relpath("/" + path, "/" + from_url) if path else posixpath.relpath("/", "/" + from_url)
        # Pages are folders (…/clause-08/); a file (…/embed-resize.js, …-qr.svg) keeps its name as it is.
        rel = "./" if rel == "." else rel + ("/" if not path or path.endswith("/") else "")
    return rel + (hash_ + fragment if hash_ else "") or "./"


def reading_anchor(owner_id: str, index: int) -> str:
    """The anchor of a clause's (or the title's) n-th editorial reading, 1-based."""
    return f"{owner_id}-reading-{index}"


def marked_text(text: str, readings: tuple[Reading, ...], owner_id: str, link_base: str = "") -> Markup:
    """The verbatim text, escaped, with a small superscript after each passage an editorial reading concerns.

    The text itself is never changed: markers are inserted between characters, each linking to its reading.
    Readings whose passage is not found verbatim (e.g. a page-break join) are still listed beside the text.
    """
    inserts = reading_marks(text, readings, owner_id, link_base)
    pieces: list[str] = []
    last = 0
    for position in sorted(inserts):
        pieces.append(escape(text[last:position]))
        pieces.extend(inserts[position])
        last = position
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def reading_marks(
    text: str, readings: tuple[Reading, ...], owner_id: str, link_base: str = ""
) -> dict[int, list[Markup]]:
    """The reading markers to insert into text, by the position right after the passage each reading concerns."""
    inserts: dict[int, list[Markup]] = {}
    for number, reading in enumerate(readings, start=1):
        needle = reading.as_transcribed
        start = text.find(needle) if needle else -1
        while start >= 0:
            anchor = reading_anchor(owner_id, number)
            inserts.setdefault(start + len(needle), []).append(
                Markup(
                    '<sup class="reading-mark" data-search-exclude>'
                    '<a href="{}#{}" title="编者注 {}" aria-label="编者注 {}">注{}</a></sup>'
                ).format(link_base, anchor, number, number, number)
            )
            start = text.find(needle, start + len(needle))
    return inserts


def linked_marked_text(
    text: str, policy: Policy, readings: tuple[Reading, ...], owner_id: str, root: str, link_base: str = ""
) -> Markup:
    """marked_text() plus glossary tooltips and links to cited documents and clauses (sitegen.pages.linking)."""
    return link_text(
        text, policy, root=root, scope=owner_id, inserts=reading_marks(text, readings, owner_id, link_base)
    )


def label_marks(label: str, readings: tuple[Reading, ...], owner_id: str, link_base: str = "") -> Markup:
    """Only the markers of readings about the whole clause label (e.g. "(六)" printed half-width)."""
    return Markup("").join(reading_marks(label, readings, owner_id, link_base).get(len(label), []))


def members_at(group: dict[str, Any], date: str) -> dict[str, Any]:
    """A region group's membership in force on a date: the entry with the latest start date not after it."""
    return in_force(group["membership"], date) or {}


def _clauses_citing(policy: Policy, attribute: str, value: str) -> list[Clause]:
    return [c for c in policy.clauses if value in getattr(c, attribute)]


@dataclass(frozen=True)
class Tool:
    """A calculator as a page links it: its title, one-sentence summary and URL (from the registry)."""

    name: str
    title: str
    summary: str
    path: str  # "calculators/land/"


def tools() -> dict[str, Tool]:
    """Every registered calculator, in the registry's order: a page names them from here, never by hand."""
    from calculators import registry

    return {
        name: Tool(name, module.TITLE, module.SUMMARY, url_for("calculator", name))
        for name, module in registry.calculators().items()
    }


def checks_for(clause: Clause) -> list[Tool]:
    """The calculators that check this clause (each declares its CLAUSES), but the 全文自查, which asks every
    provision and is linked item by item (self_check_items)."""
    from calculators import registry, selfcheck

    return [
        tool
        for name, tool in tools().items()
        if name != selfcheck.NAME and clause.number in registry.calculators()[name].CLAUSES
    ]


def self_check_items(policy: Policy, clause: Clause) -> list[tuple[VocabularyEntry, list[tuple[Provision, str]]]]:
    """Per party the clause addresses (in the vocabulary's order), its provisions as 全文自查 questions, each at
    its question in that role's self-check (…/selfcheck/?role=party-developer#q-clause-08-p1)."""
    from calculators import selfcheck

    if clause.number not in selfcheck.CLAUSES:
        return []
    page = url_for("calculator", selfcheck.NAME)
    return [
        (party, [(p, f"{page}?role={party.id}#q-{p.id}") for p in clause.provisions if party.id in p.parties])
        for party in policy.parties
        if any(party.id in p.parties for p in clause.provisions)
    ]


def pages(policy: Policy) -> list[Page]:
    """Every generated page with what its template needs."""
    from calculators import plan, selfcheck

    every_tool = tools()
    common: dict[str, Any] = {
        "policy": policy,
        "notice": policy.notice,
        "marked": marked_text,
        "linked": linked_marked_text,
        "label_marks": label_marks,
        "reading_anchor": reading_anchor,
        "section_of": {c.id: next(s for s in policy.sections if s.id == c.section) for c in policy.clauses},
        "clauses_by_id": {c.id: c for c in policy.clauses},
        "terms_by_id": {t.id: t for t in policy.glossary},
        "documents_by_id": {d.id: d for d in policy.documents},
        "vocabulary": policy.vocabulary,
        "citing": lambda attribute, value: _clauses_citing(policy, attribute, value),
        "provisions_for": lambda party: [(c, p) for c in policy.clauses for p in c.provisions if party in p.parties],
        "members_at": members_at,
        "confidence_labels": CONFIDENCE_LABELS,
        "confidence_notes": CONFIDENCE_NOTES,
        "embed_height": embed_height,
        "deck_name": lambda clause=None: deck_file_name(policy, clause),
        "overview_formats": OVERVIEW_FORMATS,
        "absolute": absolute,
        "preview": is_preview(),
        # The home page's tasks: check a whole plan, or one rule at a time; answer the whole notice (self-check).
        "plan_tool": every_tool[plan.NAME],
        "single_checks": [t for t in every_tool.values() if t.name not in (plan.NAME, selfcheck.NAME)],
        "self_check_tool": every_tool[selfcheck.NAME],
        "checks_for": checks_for,
        "self_check_items": lambda clause: self_check_items(policy, clause),
        # 最后更改 on a clause page: the newest 变更记录 entry touching it (or the edition's first date)
        "clause_last_change": lambda clause: last_change(policy, clause=clause.id),
    }
    listed = [
        Page("", "pages/home.md.j2", "index.md", {}),
        Page("text/", "pages/text.md.j2", "text/index.md", {}),
        Page("clauses/", "pages/clauses.md.j2", "clauses/index.md", {}),
        Page("topics/", "pages/topics.md.j2", "topics/index.md", {}),
        Page("parties/", "pages/parties.md.j2", "parties/index.md", {}),
        Page("glossary/", "pages/glossary.md.j2", "glossary/index.md", {}),
        Page("documents/", "pages/documents.md.j2", "documents/index.md", {}),
        Page("regions/", "pages/regions.md.j2", "regions/index.md", {"regions": policy.regions}),
        Page(
            "changes/",
            "pages/changes.md.j2",
            "changes/index.md",
            {
                "log": policy.changes,
                "kinds": {k.id: k for k in policy.change_kinds},
                "tool_titles": {name: tool.title for name, tool in every_tool.items()},
                "feed": CHANGES_FEED,
                "first_date_anchor": FIRST_DATE_ANCHOR,
            },
        ),
    ]
    clauses = policy.clauses
    for position, clause in enumerate(clauses):
        neighbours = {
            "previous": clauses[position - 1] if position > 0 else None,
            "next": clauses[position + 1] if position + 1 < len(clauses) else None,
        }
        listed.append(
            Page(
                url_for("clause", clause.id),
                "pages/clause.md.j2",
                f"clauses/{clause.id}.md",
                {"clause": clause, "citation": policy.citation(clause), **neighbours},
            )
        )
    return [Page(p.url, p.template, p.file, {**common, **p.context}) for p in listed]


def _url_function(page_url: str) -> Callable[[str], str]:
    return lambda target: relative_url(page_url, target)


# What the 404 page reads to guess which clause a mistyped address meant (docs/assets/javascripts/not-found.js).
CLAUSE_INDEX = "assets/clause-index.json"


def clause_index(policy: Policy) -> list[dict[str, Any]]:
    """Each clause's number, label as printed, title and page path (from the site root)."""
    return [
        {"number": c.number, "label": c.label, "title": c.title, "path": url_for("clause", c.id)}
        for c in policy.clauses
    ]


def write_pages(policy: Policy, staging: Path) -> None:
    """Stage step: render every generated page into build/docs/, and the clause index the 404 page reads."""
    index = staging / CLAUSE_INDEX
    index.parent.mkdir(parents=True, exist_ok=True)
    index.write_text(json.dumps(clause_index(policy), ensure_ascii=False), encoding="utf-8")

    def size_of(path: str) -> str:  # a file staged before the pages (decks, overview), as a reader reads a size
        return human_size((staging / path).stat().st_size)

    for page in pages(policy):
        html = render(page.template, page=page, url=_url_function(page.url), size_of=size_of, **page.context)
        target = staging / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
