"""The 变更记录 (policy/changes.yaml) as readers meet it: its Atom feed /changes/feed.atom (RFC 4287), and what a
clause or calculator page says about its last change. The page /changes/ is rendered with the other generated
pages (policy_pages.pages) from templates/pages/changes.md.j2.

Feed and entry ids are `urn:uuid:` names made from a fixed namespace and the entry's permanent id, not from the
site's address: a feed reader keeps an entry it has shown even when the site moves (the links, absolute from
sitegen/urls.py, follow the site). Dates are days; the feed gives them as midnight UTC. Nothing here reads the
clock, so two builds of one commit write the same feed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from markupsafe import Markup

from ..loading.model import Change, Policy
from ..urls import CHANGES, CHANGES_FEED, absolute, url_for

ATOM = "http://www.w3.org/2005/Atom"
# Never change: every feed and entry id is made from it (a new namespace would make every entry new to readers).
ID_NAMESPACE = uuid.UUID("6f3c1a52-8e0d-5b7a-9c44-2a1f0e9d3b61")
FEED_TITLE = "变更记录"
# Where an entry of the page is for a clause or calculator no entry touches: the edition's first date.
FIRST_DATE_ANCHOR = "first-date"


def atom_id(name: str) -> str:
    """The permanent Atom id of the feed ("changes") or of an entry (its change id)."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, name)}"


def atom_time(date: str) -> str:
    """An ISO day as an RFC 3339 time (midnight UTC)."""
    return f"{date}T00:00:00Z"


@dataclass(frozen=True)
class LastChange:
    """What a clause or calculator page shows as 最后更改: the date, and where on /changes/ it is explained."""

    date: str
    title: str  # the entry's title, or "" for the edition's first date
    path: str  # site-relative: changes/#change-… or changes/#first-date


def last_change(policy: Policy, *, clause: str | None = None, calculator: str | None = None) -> LastChange:
    """The last change of one clause (by id) or calculator (by name), as its page shows it."""
    log = policy.changes
    date, change = log.last_changed(clause=clause, calculator=calculator)
    if change is None:
        return LastChange(date, "", f"{CHANGES}#{FIRST_DATE_ANCHOR}")
    return LastChange(date, change.title, url_for("change", change.id))


def _content(policy: Policy, change: Change) -> str:
    """An entry's content as HTML (the feed carries it escaped, type="html"): what, why, and links to what it
    touches."""
    from calculators import registry

    calculators = registry.calculators()
    clauses = [policy.clause(c) for c in change.clauses]
    parts = [
        Markup("<p>{}</p>").format(change.what),
        Markup("<p>原因：{}</p>").format(change.why),
    ]
    if clauses:
        links = Markup("、").join(
            Markup('<a href="{}">第{}条 {}</a>').format(absolute(url_for("clause", c.id)), c.label, c.title)
            for c in clauses
        )
        parts.append(Markup("<p>涉及条款：{}</p>").format(links))
    if change.calculators:
        links = Markup("、").join(
            Markup('<a href="{}">{}</a>').format(absolute(url_for("calculator", n)), calculators[n].TITLE)
            for n in change.calculators
        )
        parts.append(Markup("<p>涉及自查：{}</p>").format(links))
    return str(Markup("").join(parts))


def atom_feed(policy: Policy) -> str:
    """The change log as an Atom 1.0 feed, newest entry first, every link absolute."""
    ET.register_namespace("", ATOM)
    log = policy.changes
    kinds = {k.id: k.name for k in policy.change_kinds}

    def child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    child(feed, "id", atom_id("changes"))
    child(feed, "title", f"{FEED_TITLE} · {policy.notice.doc_number} 参考在线版")
    child(
        feed,
        "subtitle",
        f"{policy.notice_citation()}非官方参考在线版：数据和判定规则的每项更改，涉及的条款和自查，以及原因。"
        f"当前数据版本 {log.version}。",
    )
    child(feed, "updated", atom_time(log.version))
    child(feed, "link", rel="self", type="application/atom+xml", href=absolute(CHANGES_FEED))
    child(feed, "link", rel="alternate", type="text/html", href=absolute(CHANGES))
    author = child(feed, "author")
    child(author, "name", "本站编者")
    child(author, "uri", absolute("about/"))
    for change in log.entries:
        entry = child(feed, "entry")
        child(entry, "id", atom_id(change.id))
        child(entry, "title", change.title)
        child(entry, "published", atom_time(change.date))
        child(entry, "updated", atom_time(change.date))
        child(entry, "link", rel="alternate", type="text/html", href=absolute(url_for("change", change.id)))
        child(entry, "category", term=change.kind, label=kinds[change.kind])
        child(entry, "content", _content(policy, change), type="html")
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def write_changes_feed(policy: Policy, staging: Path) -> None:
    """Stage step: build/docs/changes/feed.atom (MkDocs copies it to the site as it is)."""
    target = staging / CHANGES_FEED
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(atom_feed(policy), encoding="utf-8")
