"""The 变更记录 (policy/changes.yaml): its page, its Atom feed as a feed reader reads it (feedparser), the 最后更改
date of every clause and calculator page, the data version reports name, and /data/changes.json.

The feed and the data are checked from the generators (fast lane); the pages from the session's built site.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from calculators import registry
from sitegen import urls
from sitegen.exports.data import changes_json
from sitegen.loading.model import Change, ChangeLog, Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.changes import atom_feed, atom_id, last_change
from sitegen.pages.selfcheck import page_data


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def atom_problems(text: str) -> list[str]:
    """What RFC 4287 requires of a feed and its entries (the MUSTs of sections 4.1.1–4.2.7 this feed can break):
    feedparser reads much that is not Atom (a feed without its namespace, an entry without an id)."""
    root = etree.fromstring(text.encode("utf-8"))
    if root.tag != f"{ATOM}feed":
        return [f"the root is {root.tag}, not atom:feed"]
    problems = []

    def check(element: etree._Element, where: str) -> None:
        for name in ("id", "title", "updated"):
            if len(element.findall(f"{ATOM}{name}")) != 1:
                problems.append(f"{where}: needs exactly one atom:{name}")
        for name in ("updated", "published"):
            for node in element.findall(f"{ATOM}{name}"):
                if not RFC3339.match(node.text or ""):
                    problems.append(f"{where}: atom:{name} {node.text!r} is not an RFC 3339 date-time")
        for node in element.findall(f"{ATOM}id"):
            if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", node.text or ""):
                problems.append(f"{where}: atom:id {node.text!r} is not an absolute IRI")
        for link in element.findall(f"{ATOM}link"):
            if not (link.get("href") or "").startswith(("http://", "https://")):
                problems.append(f"{where}: a link without an absolute href")
        alternates = [(x.get("type"), x.get("hreflang")) for x in element.findall(f"{ATOM}link[@rel='alternate']")]
        if len(alternates) != len(set(alternates)):
            problems.append(f"{where}: two alternate links of one type")
        if any(not c.get("term") for c in element.findall(f"{ATOM}category")):
            problems.append(f"{where}: a category without a term")

    check(root, "feed")
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author") and not all(e.findall(f"{ATOM}author") for e in entries):
        problems.append("feed: no atom:author, and not every entry has one")
    if not root.findall(f"{ATOM}link[@rel='self']"):
        problems.append("feed: no link rel=self")
    for n, entry in enumerate(entries):
        check(entry, f"entry {n}")
        contents = entry.findall(f"{ATOM}content")
        if len(contents) > 1 or (not contents and not entry.findall(f"{ATOM}link[@rel='alternate']")):
            problems.append(f"entry {n}: needs one atom:content or an alternate link")
        if any(c.get("type") not in (None, "text", "html", "xhtml") for c in contents):
            problems.append(f"entry {n}: content of a type a reader cannot show inline")
    return problems


def read_feed(text: str) -> feedparser.FeedParserDict:
    """The feed checked against RFC 4287, then read as a feed reader reads it (feedparser)."""
    assert atom_problems(text) == []
    parsed = feedparser.parse(text.encode("utf-8"))
    assert not parsed.bozo, f"the feed is not well-formed: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10"
    return parsed


def test_the_atom_check_finds_what_feed_readers_would_let_pass(policy: Policy) -> None:
    good = atom_feed(policy)
    assert atom_problems(good.replace('xmlns="http://www.w3.org/2005/Atom" ', "")) == [
        "the root is feed, not atom:feed"
    ]
    first_id = good.split("<entry>")[1].split("</id>")[0] + "</id>"
    assert "entry 0: needs exactly one atom:id" in atom_problems(good.replace(first_id, "", 1))
    assert any("RFC 3339" in p for p in atom_problems(good.replace("T00:00:00Z", "", 1)))


def test_the_feed_is_atom_with_every_entry_newest_first(policy: Policy) -> None:
    parsed = read_feed(atom_feed(policy))
    log = policy.changes
    feed = parsed.feed
    assert feed.id == atom_id("changes") and feed.title and feed.author
    assert feed.updated.startswith(log.version)
    links = {link.rel: link.href for link in feed.links}
    assert links == {"self": urls.absolute(urls.CHANGES_FEED), "alternate": urls.absolute(urls.CHANGES)}
    assert [e.id for e in parsed.entries] == [atom_id(c.id) for c in log.entries]
    assert len({e.id for e in parsed.entries}) == len(log.entries) > 0
    kinds = {k.id: k.name for k in policy.change_kinds}
    for entry, change in zip(parsed.entries, log.entries, strict=True):
        assert entry.title == change.title
        assert entry.updated.startswith(change.date) and entry.published.startswith(change.date)
        assert entry.link == urls.absolute(urls.url_for("change", change.id))
        assert [(t.term, t.label) for t in entry.tags] == [(change.kind, kinds[change.kind])]
        content = entry.content[0].value
        assert change.what in content and change.why in content
        for clause in change.clauses:  # the clauses it touches, linked by absolute address
            assert urls.absolute(urls.url_for("clause", clause)) in content


def test_entry_ids_never_change_even_when_the_site_moves(policy: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    """A feed reader shows an entry again when its id changes: the ids are names of the entries, not addresses."""
    assert atom_id("change-far-never-fails") == "urn:uuid:46c3e57e-4120-5ca7-9570-ccc8f51a9eaf"
    here = read_feed(atom_feed(policy))
    monkeypatch.setenv("SITE_URL", "https://elsewhere.test/zxwyb/")
    urls.site_url.cache_clear()
    try:
        moved = read_feed(atom_feed(policy))
    finally:
        monkeypatch.undo()
        urls.site_url.cache_clear()
    assert [e.id for e in moved.entries] == [e.id for e in here.entries]
    assert moved.entries[0].link.startswith("https://elsewhere.test/zxwyb/changes/#")
    assert moved.entries[0].link != here.entries[0].link


def _log() -> ChangeLog:
    def change(id: str, date: str, clauses: tuple[str, ...], calculators: tuple[str, ...]) -> Change:
        return Change(id, date, "change-reading", "标题", "改了什么", "为什么", clauses, calculators)

    return ChangeLog(
        "2026-11-26",
        (
            change("change-c", "2026-12-06", ("clause-04",), ("far", "plan")),
            change("change-b", "2026-11-30", ("clause-01", "clause-04"), ("land",)),
            change("change-a", "2026-11-30", (), ("plan",)),
        ),
    )


def test_the_data_version_is_the_newest_change_and_older_versions_list_what_came_after() -> None:
    log = _log()
    assert log.version == "2026-12-06"
    assert [c.id for c in log.since("2026-11-30")] == ["change-c"]
    assert [c.id for c in log.since("2026-11-26")] == ["change-c", "change-b", "change-a"]
    assert log.since("2026-12-06") == ()
    assert ChangeLog("2026-11-26", ()).version == "2026-11-26"


def test_last_change_is_the_newest_entry_naming_it_or_the_first_date() -> None:
    log = _log()
    assert log.last_changed(clause="clause-04")[1].id == "change-c"  # type: ignore[union-attr]
    assert log.last_changed(clause="clause-01")[0] == "2026-11-30"
    assert log.last_changed(calculator="plan")[1].id == "change-c"  # type: ignore[union-attr]
    assert log.last_changed(clause="clause-16") == ("2026-11-26", None)
    assert log.last_changed(calculator="prices") == ("2026-11-26", None)


def test_an_untouched_page_links_to_the_editions_first_date(policy: Policy) -> None:
    import dataclasses

    empty = dataclasses.replace(policy, changes=ChangeLog(policy.changes.first_date, ()))
    shown = last_change(empty, clause="clause-08")
    assert (shown.date, shown.title, shown.path) == (policy.changes.first_date, "", "changes/#first-date")


def test_reports_and_changes_json_name_the_same_data_version(policy: Policy) -> None:
    """The self-check report prints page data's dataVersion; the review compares it with changes.json's dates."""
    data = changes_json(policy)
    assert page_data(policy, [], "../../")["dataVersion"] == data["data_version"] == policy.changes.version
    assert data["data_version"] == max(c["date"] for c in data["changes"])
    names = set(registry.calculators())
    clauses = {c.id for c in policy.clauses}
    for change in data["changes"]:
        assert set(change["clauses"]) <= clauses and set(change["calculators"]) <= names
        assert change["url"] == urls.absolute(f"changes/#{change['id']}")
    json.dumps(data)


# The built site ------------------------------------------------------------------------------------------------


def parse(site_dir: Path, url: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((site_dir / url / "index.html").read_text(encoding="utf-8"))


def test_the_change_log_page_shows_every_entry_at_its_permanent_anchor(site_dir: Path, policy: Policy) -> None:
    page = parse(site_dir, "changes/")
    kinds = {k.id: k.name for k in policy.change_kinds}
    articles = page.xpath("//article[contains(@class, 'change')]")
    assert [a.get("id") for a in articles] == [c.id for c in policy.changes.entries]
    for article, change in zip(articles, policy.changes.entries, strict=True):
        text = article.text_content()
        assert change.title in text and change.what in text and change.why in text and kinds[change.kind] in text
        assert article.xpath(".//time/@datetime")[0] == change.date
        linked = {posixpath.normpath(posixpath.join("changes", h)) for h in article.xpath(".//a/@href")}
        assert {f"clauses/{c}" for c in change.clauses} <= linked
        assert {f"calculators/{n}" for n in change.calculators} <= linked
    version = page.xpath("//*[@id='data-version']//time/@datetime")
    assert version == [policy.changes.version]
    assert page.xpath("//*[@id='first-date']//time/@datetime") == [policy.changes.first_date]


def test_the_changes_page_offers_the_feed_and_no_page_head_names_an_alternate(site_dir: Path) -> None:
    """The feed is offered where the 变更记录 is read, as a link feed readers recognise (rel=alternate, its type).
    Not in a page's head: the theme takes every <link rel=alternate> for another language's site and fetches
    sitemap.xml beside it (/changes/sitemap.xml: a 404 on every page view, on a weak link too)."""
    page = parse(site_dir, "changes/")
    (href,) = page.xpath("//a[@rel='alternate'][@type='application/atom+xml']/@href")
    assert posixpath.normpath(posixpath.join("changes", href)) == "changes/feed.atom"
    for url in ["", "changes/", "clauses/clause-08/", "calculators/land/"]:
        assert not parse(site_dir, url).xpath("//head/link[@rel='alternate']"), url


def test_the_published_feed_is_the_generated_one_and_reads_as_atom(site_dir: Path, policy: Policy) -> None:
    text = (site_dir / "changes" / "feed.atom").read_text(encoding="utf-8")
    assert text == atom_feed(policy)
    read_feed(text)


def _shown_last_change(page: lxml_html.HtmlElement, url: str) -> tuple[str, str]:
    """The 最后更改 date a page shows, and the site path (with anchor) its link leads to."""
    (line,) = page.xpath("//p[contains(@class, 'last-change')]")
    assert "最后更改" in line.text_content()
    href = line.xpath(".//a/@href")[0]
    path, _, anchor = href.partition("#")
    return line.xpath(".//time/@datetime")[0], posixpath.normpath(posixpath.join(url, path)) + "/#" + anchor


def test_every_clause_and_calculator_page_shows_its_last_change(site_dir: Path, policy: Policy) -> None:
    log = policy.changes
    anchors = set(parse(site_dir, "changes/").xpath("//@id"))
    pages = [(f"clauses/{c.id}/", {"clause": c.id}) for c in policy.clauses]
    pages += [(f"calculators/{name}/", {"calculator": name}) for name in registry.calculators()]
    for url, which in pages:
        date, link = _shown_last_change(parse(site_dir, url), url)
        expected_date, change = log.last_changed(**which)
        assert date == expected_date, url
        assert link == f"changes/#{change.id if change else 'first-date'}", url
        assert link.partition("#")[2] in anchors, url
