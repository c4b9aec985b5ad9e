"""The generated pages: every clause has its page and its anchor in 原文, verbatim, with its citation and every
editorial reading; the indexes list every clause; data from policy/ can never become markup.

The built site comes from the session's `site_dir` fixture (`python build.py`, which builds with --strict, so a
single MkDocs warning fails it). The escaping tests render a hostile stand-in Policy through the same steps.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import html as lxml_html

from sitegen.loading.model import Clause, Policy, Reading
from sitegen.loading.policy import load_policy
from sitegen.pages.policy_pages import relative_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def parse(site_dir: Path, url: str) -> lxml_html.HtmlElement:
    """The built page at a site URL such as "clauses/clause-08/"."""
    file = site_dir / url / "index.html"
    assert file.exists(), f"/{url} was not built"
    return lxml_html.fromstring(file.read_text(encoding="utf-8"))


def text_without_markers(element: lxml_html.HtmlElement) -> str:
    """An element's text as a reader copies it: no reading markers, no glossary tooltips (hidden until asked)."""
    copy = lxml_html.fromstring(lxml_html.tostring(element, encoding="unicode"))
    for mark in copy.xpath(".//sup[contains(@class, 'reading-mark')] | .//*[@role='tooltip']"):
        mark.drop_tree()
    return copy.text_content().strip()


def linked_paths(tree: lxml_html.HtmlElement, page_url: str) -> set[str]:
    """Every link on the page as a site path ("clauses/clause-08/"), anchors dropped."""
    import posixpath

    paths = set()
    for href in tree.xpath(".//a/@href"):
        if "://" in href or href.startswith(("mailto:", "#")):
            continue
        path = href.split("#")[0].split("?")[0]
        joined = posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/")
        paths.add(
            joined + "/" if joined and not joined.endswith((".html", ".svg", ".json", ".csv", ".xml")) else joined
        )
    return paths


def test_every_clause_page_shows_its_verbatim_text(site_dir: Path, policy: Policy) -> None:
    for clause in policy.clauses:
        tree = parse(site_dir, f"clauses/{clause.id}/")
        quoted = tree.xpath("//blockquote[contains(@class, 'verbatim')]")
        assert len(quoted) == 1, clause.id
        assert text_without_markers(quoted[0]) == f"{clause.source_label} {clause.text}", clause.id


def test_every_clause_page_gives_its_citation_to_read_and_to_copy(site_dir: Path, policy: Policy) -> None:
    for clause in policy.clauses:
        tree = parse(site_dir, f"clauses/{clause.id}/")
        citation = policy.citation(clause)
        assert tree.xpath("string(//*[contains(@class, 'citation-text')])") == citation
        buttons = tree.xpath("//button[@data-copy-text]")
        assert buttons and buttons[0].text_content().strip() == "复制引用"
        assert buttons[0].get("data-copy-text") == citation
        assert tree.xpath("//button[@data-copy-url]"), f"{clause.id}: no 复制链接 button"


def test_every_reading_is_shown_beside_the_text_and_labelled_editorial(site_dir: Path, policy: Policy) -> None:
    for clause in policy.clauses:
        tree = parse(site_dir, f"clauses/{clause.id}/")
        aside = tree.xpath("//aside[contains(@class, 'readings')]")
        if not clause.readings:
            assert not aside, clause.id
            continue
        assert "编者注" in aside[0].text_content() and "非原文" in aside[0].text_content()
        items = aside[0].xpath(".//ol[contains(@class, 'readings-list')]/li")
        assert len(items) == len(clause.readings), clause.id
        for item, reading in zip(items, clause.readings, strict=True):
            shown = item.text_content()
            for part in (reading.as_transcribed, reading.reading, reading.basis):
                assert part.strip() in shown, f"{clause.id}: reading part {part!r} not shown"


def test_reading_markers_link_to_readings_that_exist(site_dir: Path, policy: Policy) -> None:
    for clause in policy.clauses:
        tree = parse(site_dir, f"clauses/{clause.id}/")
        ids = set(tree.xpath("//@id"))
        marks = tree.xpath("//blockquote//sup[contains(@class, 'reading-mark')]/a/@href")
        located = [
            r for r in clause.readings if r.as_transcribed in clause.text or r.as_transcribed == clause.source_label
        ]
        assert len(marks) >= len(located), f"{clause.id}: a reading found in the text has no marker"
        for href in marks:
            assert href.lstrip("#") in ids, f"{clause.id}: marker {href} points nowhere"


def test_every_section_and_clause_has_an_anchor_in_the_full_text(site_dir: Path, policy: Policy) -> None:
    tree = parse(site_dir, "text/")
    for section in policy.sections:
        assert tree.xpath(f"//*[@id='{section.id}']"), section.id
    for clause in policy.clauses:
        block = tree.xpath(f"//*[@id='{clause.id}']")
        assert len(block) == 1, clause.id
        assert text_without_markers(block[0]) == f"{clause.source_label} {clause.text}", clause.id
        assert f"clauses/{clause.id}/" in linked_paths(block[0], "text/")


def test_full_text_keeps_the_notice_around_the_clauses(site_dir: Path, policy: Policy) -> None:
    text = parse(site_dir, "text/").text_content()
    notice = policy.notice
    for part in (notice.doc_number, notice.addressees, notice.preamble, notice.issuer, notice.cc, notice.printed_by):
        assert part.strip() in text, part


def test_index_pages_list_every_clause(site_dir: Path, policy: Policy) -> None:
    wanted = {f"clauses/{c.id}/" for c in policy.clauses}
    for url in ("", "clauses/"):
        missing = wanted - linked_paths(parse(site_dir, url), url)
        assert not missing, f"/{url} does not link {sorted(missing)}"


def test_topic_and_party_indexes_file_every_clause_and_provision(site_dir: Path, policy: Policy) -> None:
    topics = parse(site_dir, "topics/")
    for clause in policy.clauses:
        for topic in clause.topics:
            group = topics.xpath(f"//*[@id='{topic}']")
            assert group and f"clauses/{clause.id}/" in linked_paths(group[0], "topics/"), (topic, clause.id)
    parties = parse(site_dir, "parties/")
    for clause in policy.clauses:
        for provision in clause.provisions:
            for party in provision.parties:
                group = parties.xpath(f"//*[@id='{party}']")
                assert group and provision.text in group[0].text_content(), (party, provision.id)
    for strength in policy.strengths:
        assert parties.xpath(f"//*[@id='{strength.id}']"), strength.id
    # Each party's group shows that party's own strength: （十）第 2 句 binds tenants, only encourages developers.
    for party, strength in (("party-tenant", "strength-obligation"), ("party-developer", "strength-encouragement")):
        duty = parties.xpath(f"//*[@id='{party}']//a[contains(@href, 'clause-10-p2')]/ancestor::tr//p[@class='duty']")
        assert len(duty) == 1 and policy.vocabulary(strength).name in duty[0].text_content(), party


def test_clause_page_lists_provisions_with_each_partys_own_strength_and_words(site_dir: Path, policy: Policy) -> None:
    clause = policy.clause("clause-10")  # its second sentence binds one party and encourages two
    tree = parse(site_dir, f"clauses/{clause.id}/")
    for provision in clause.provisions:
        row = tree.xpath(f"//tr[@id='{provision.id}']")
        assert row, provision.id
        assert provision.text in row[0].text_content()
        for duty in provision.duties:
            shown = row[0].xpath(f".//p[@data-party='{duty.party}']")
            assert len(shown) == 1, (provision.id, duty.party)
            text = shown[0].text_content()
            assert policy.vocabulary(duty.party).name in text and policy.vocabulary(duty.strength).name in text
            assert f"“{duty.words}”" in text


def test_glossary_documents_and_regions_pages(site_dir: Path, policy: Policy) -> None:
    glossary = parse(site_dir, "glossary/")
    for term in policy.glossary:
        entry = glossary.xpath(f"//dt[@id='{term.id}']")
        assert entry and term.term in entry[0].text_content(), term.id
    documents = parse(site_dir, "documents/")
    for document in policy.documents:
        assert documents.xpath(f"//*[@id='{document.id}']"), document.id
    regions = parse(site_dir, "regions/").text_content()
    for city in policy.regions.get("cities", []):
        for kind in ("districts", "county_cities", "counties"):
            for name in city.get(kind, []):
                assert name in regions, name


def test_the_glossary_teaches_the_notice_s_words_for_everyday_ones(site_dir: Path, policy: Policy) -> None:
    """A term shows the everyday words search knows for it (也称), never one the notice itself uses (房价 is the
    notice's word in （六）); the table lists every synonym of policy/synonyms.yaml with its clause."""
    glossary = parse(site_dir, "glossary/")
    also = glossary.xpath("//dt[@id='term-guide-price']//*[contains(@class, 'also-called')]")
    assert also and "“租金”" in also[0].text_content() and "“房价”" not in also[0].text_content()
    rows = glossary.xpath("//h2[@id='synonyms']/following-sibling::table[1]//tbody/tr")
    assert len(rows) == len(policy.lexicon.synonyms)
    charging = next(row for row in rows if "充电桩" in row.text_content())
    assert "充电泊位" in charging.text_content() and charging.xpath(".//a[contains(@href, 'clause-02')]")


def test_permanent_links_and_neighbours(site_dir: Path, policy: Policy) -> None:
    for position, clause in enumerate(policy.clauses):
        tree = parse(site_dir, f"clauses/{clause.id}/")
        pager = linked_paths(tree.xpath("//nav[contains(@class, 'clause-pager')]")[0], f"clauses/{clause.id}/")
        expected = {f"clauses/{c.id}/" for c in policy.clauses[max(position - 1, 0) : position + 2] if c != clause}
        assert pager == expected, clause.id


@pytest.mark.parametrize(
    ("source", "target", "link"),
    [
        ("clauses/clause-08/", "clauses/clause-09/", "../clause-09/"),
        ("clauses/clause-08/", "text/#clause-08", "../../text/#clause-08"),
        ("clauses/clause-08/", "", "../../"),
        ("", "text/", "text/"),
        ("text/", "text/#section-2", "#section-2"),
        ("", "", "./"),
        ("clauses/clause-08/", "qr/clause-08-qr.svg", "../../qr/clause-08-qr.svg"),  # a file: no trailing slash
    ],
)
def test_relative_links(source: str, target: str, link: str) -> None:
    assert relative_url(source, target) == link


# --- Data can never become markup -------------------------------------------------------------------------

HOSTILE = (
    "<script>alert(\"x\")</script> {{ 7*7 }} {% if %} *不是强调* [链接](javascript:alert(1)) & '引号' "
    "<img src=x onerror=alert(2)>"
)


def hostile_policy(policy: Policy) -> tuple[Policy, Clause]:
    """The real policy with one clause, its title and a reading carrying markup, template syntax and Markdown."""
    clause = policy.clauses[0]
    bad = dataclasses.replace(
        clause,
        title='<b>标题</b>"{{ x }}"',
        text=HOSTILE + clause.text,
        readings=(
            Reading(
                as_transcribed="<script>", reading="<i>读法</i>", basis=HOSTILE, confidence="probable", kind="slip"
            ),
        ),
    )
    return dataclasses.replace(policy, clauses=(bad, *policy.clauses[1:])), bad


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory, policy: Policy) -> tuple[Path, Clause]:
    """Stage the hostile policy (pages only: the runtime shows no policy text) and build it with MkDocs --strict,
    by build.py's own steps."""
    import build

    work = tmp_path_factory.mktemp("hostile")
    staging, site = work / "docs", work / "site"
    bad_policy, bad = hostile_policy(policy)
    build.stage(bad_policy, staging, pages_only=True)
    build.run_mkdocs(build.mkdocs_config(bad_policy, staging, site, pages_only=True, strict=True))
    return site, bad


def test_markup_in_policy_text_is_shown_as_text(hostile_site: tuple[Path, Clause]) -> None:
    site, bad = hostile_site
    for url in (f"clauses/{bad.id}/", "text/"):
        raw = (site / url / "index.html").read_text(encoding="utf-8")
        assert '<script>alert("x")' not in raw and "<img src=x" not in raw and "<b>标题</b>" not in raw
        assert "javascript:alert" not in "".join(lxml_html.fromstring(raw).xpath("//a/@href"))
        tree = lxml_html.fromstring(raw)
        assert not tree.xpath("//em[contains(., '不是强调')]"), "Markdown in the data was interpreted"
        block = tree.xpath("//blockquote[contains(@class, 'verbatim')]") or tree.xpath(f"//*[@id='{bad.id}']")
        assert HOSTILE in text_without_markers(block[0]), url  # shown literally: {{ 7*7 }} not evaluated


def test_markup_in_titles_and_readings_is_shown_as_text(hostile_site: tuple[Path, Clause]) -> None:
    site, bad = hostile_site
    tree = parse(site, f"clauses/{bad.id}/")
    assert bad.title in tree.xpath("string(//h1)")
    assert tree.xpath("//title")[0].text_content().startswith(bad.label)
    reading = tree.xpath("//aside[contains(@class, 'readings')]")[0].text_content()
    assert "<i>读法</i>" in reading and HOSTILE in reading
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<b>标题</b>" not in home and "&lt;b&gt;标题&lt;/b&gt;" in home
