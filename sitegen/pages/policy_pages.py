"""Stage step: render every generated page (home, 原文, clauses, indexes) from templates/pages/ into build/docs/.

Templates are Jinja2 with autoescape on, even though the output is Markdown: every text that comes from policy/
reaches the page HTML-escaped, inside HTML blocks that Markdown leaves alone, so a YAML value can never become
markup, a link or a template expression.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..exports.views import embed_code
from ..loading.model import Clause, Policy, Provision, Reading
from ..urls import clause_path
from .linking import link_text

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "pages"


@dataclass(frozen=True)
class Page:
    """One generated page: its URL (relative to the site root), its template and its file in build/docs/."""

    url: str  # "clauses/clause-08/"
    template: str  # "clause.md.j2"
    file: str  # "clauses/clause-08.md"
    context: dict[str, Any]


def environment() -> Environment:
    """The Jinja2 environment for generated pages: autoescaped, strict about undefined names."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["marked"] = marked_text
    env.filters["linked"] = linked_marked_text
    env.filters["cn_date"] = chinese_date
    env.filters["front_matter"] = front_matter_text
    env.filters["label_marks"] = label_marks
    return env


def front_matter_text(value: str) -> Markup:
    """A YAML front-matter string (title, description) that MkDocs can print as it is.

    MkDocs and Material insert titles and descriptions into pages without escaping them (titles may carry
    markup), so data must arrive HTML-escaped: JSON quoting keeps YAML from reading anything else into it.
    """
    return Markup(json.dumps(str(escape(value)), ensure_ascii=False))


def chinese_date(iso: str) -> str:
    """2022-06-01 → 2022年6月1日 (text that is not an ISO date is returned unchanged)."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        return iso
    year, month, day = match.groups()
    return f"{year}年{int(month)}月{int(day)}日"


def relative_url(from_url: str, to_url: str) -> str:
    """A link from one page to another (or an anchor on it), relative so the site works under any prefix."""
    path, hash_, fragment = to_url.partition("#")
    if path == from_url:
        rel = ""
    else:
        rel = posixpath.relpath("/" + path, "/" + from_url) if path else posixpath.relpath("/", "/" + from_url)
        rel = "./" if rel == "." else rel + "/"
    return rel + (hash_ + fragment if hash_ else "") or "./"


def clause_url(clause: Clause) -> str:
    """The permanent page of a clause."""
    return clause_path(clause.id)


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
                    '<sup class="reading-mark" data-search-exclude><a href="{}#{}" title="编者注 {}" aria-label="编者注 {}">注{}</a></sup>'
                ).format(link_base, anchor, number, number, number)
            )
            start = text.find(needle, start + len(needle))
    return inserts


def linked_marked_text(
    text: str, policy: Policy, readings: tuple[Reading, ...], owner_id: str, root: str, link_base: str = ""
) -> Markup:
    """marked_text() plus glossary tooltips and links to cited documents and clauses (sitegen.linking)."""
    return link_text(
        text, policy, root=root, scope=owner_id, inserts=reading_marks(text, readings, owner_id, link_base)
    )


def label_marks(label: str, readings: tuple[Reading, ...], owner_id: str, link_base: str = "") -> Markup:
    """Only the markers of readings about the whole clause label (e.g. "(六)" printed half-width)."""
    return Markup("").join(reading_marks(label, readings, owner_id, link_base).get(len(label), []))


def strength_markers(policy: Policy, provision: Provision) -> tuple[str, ...]:
    """The words of the provision that signal its strength (应, 原则上, 可 …), in the order the vocabulary lists them."""
    strength = policy.vocabulary(provision.strength)
    return tuple(word for word in strength.markers if word in provision.text)


def members_at(group: dict[str, Any], date: str) -> dict[str, Any]:
    """A region group's membership in force on a date: the entry with the latest start date not after it."""
    dated = sorted((start, entry) for start, entry in group.get("membership", {}).items() if start <= date)
    return dated[-1][1] if dated else {}


def _clauses_citing(policy: Policy, attribute: str, value: str) -> list[Clause]:
    return [c for c in policy.clauses if value in getattr(c, attribute)]


def pages(policy: Policy) -> list[Page]:
    """Every generated page with what its template needs."""
    common: dict[str, Any] = {
        "policy": policy,
        "notice": policy.notice,
        "clause_url": clause_url,
        "reading_anchor": reading_anchor,
        "section_of": {c.id: next(s for s in policy.sections if s.id == c.section) for c in policy.clauses},
        "clauses_by_id": {c.id: c for c in policy.clauses},
        "terms_by_id": {t.id: t for t in policy.glossary},
        "documents_by_id": {d.id: d for d in policy.documents},
        "vocabulary": policy.vocabulary,
        "markers": lambda provision: strength_markers(policy, provision),
        "citing": lambda attribute, value: _clauses_citing(policy, attribute, value),
        "provisions_for": lambda party: [(c, p) for c in policy.clauses for p in c.provisions if party in p.parties],
        "members_at": members_at,
        "embed_code": lambda clause: embed_code(policy, clause),
    }
    listed = [
        Page("", "home.md.j2", "index.md", {}),
        Page("text/", "text.md.j2", "text/index.md", {}),
        Page("clauses/", "clauses.md.j2", "clauses/index.md", {}),
        Page("topics/", "topics.md.j2", "topics/index.md", {}),
        Page("parties/", "parties.md.j2", "parties/index.md", {}),
        Page("glossary/", "glossary.md.j2", "glossary/index.md", {}),
        Page("documents/", "documents.md.j2", "documents/index.md", {}),
        Page("regions/", "regions.md.j2", "regions/index.md", {"regions": policy.regions}),
    ]
    clauses = policy.clauses
    for position, clause in enumerate(clauses):
        neighbours = {
            "previous": clauses[position - 1] if position > 0 else None,
            "next": clauses[position + 1] if position + 1 < len(clauses) else None,
        }
        listed.append(
            Page(
                clause_url(clause),
                "clause.md.j2",
                f"clauses/{clause.id}.md",
                {"clause": clause, "citation": policy.citation(clause), **neighbours},
            )
        )
    return [Page(p.url, p.template, p.file, {**common, **p.context}) for p in listed]


def _url_function(page_url: str) -> Callable[[str], str]:
    return lambda target: relative_url(page_url, target)


def write_pages(policy: Policy, staging: Path) -> None:
    """Stage step: render every generated page into build/docs/."""
    env = environment()
    for page in pages(policy):
        html = env.get_template(page.template).render(page=page, url=_url_function(page.url), **page.context)
        target = staging / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
