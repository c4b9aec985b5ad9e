"""The site's search in real Chromium on the built site: the box shows what the ranking module finds, in its order,
for queries spread over the query set (tests/search_queries.py; that every query of the set gets its expected
first result is checked in Node on the same index: tests/search/test_ranking.py); a hit lands on its sentence,
highlighted; the index is loaded on first use only; snippets read as Chinese text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from search_queries import Query, query_set, urls

from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy

INPUT = "input.md-search__input"
LINKS = ".md-search-result__list > .md-search-result__item > a"
# A line of Chinese text never starts with these; a snippet may start with the "…" of a cut sentence.
NO_LINE_START = re.compile(r"^…?[\s，、。；：！？,.;:!?）」』】〕》”’·]")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def search_page(browser, base_url: str):
    """One desktop page with the search box open, reused for many queries (as a reader types one after another)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base_url + "/")
    page.click(INPUT)
    yield page
    context.close()


def search(page, query: str) -> list[dict]:
    """Type a query; the results shown for it, best first: site-relative url, title, snippet text, why it matched."""
    page.fill(INPUT, query)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__list').dataset.query === q", arg=query, timeout=20000
    )
    return page.evaluate(
        """links => Array.from(document.querySelectorAll(links), a => ({
            url: new URL(a.href).pathname.slice(1) + new URL(a.href).hash,
            title: a.querySelector('h1').textContent,
            snippet: a.querySelector('p:not(.search-why)').textContent,
            why: a.querySelector('p.search-why')?.textContent ?? '',
        }))""",
        LINKS,
    )


# The ranking module's answers, in the page, from the index the box loads (the same files, outside the page's CSP).
CORE_ANSWERS = """async (queries) => {
  const core = await import(new URL("assets/javascripts/search-core.mjs", document.baseURI).href);
  const index = await (await fetch(new URL("search/index.json", document.baseURI))).json();
  const prepared = core.prepare(index);
  return queries.map((q) => core.search(prepared, q).map((r) => r.url));
}"""


def test_the_box_shows_the_ranking_modules_answers_in_its_order(search_page, policy: Policy) -> None:
    """Typed one after another into the search box, queries spread over the query set show the results the ranking
    module gives, in its order (that those are the expected ones, for every query of the set on this site's index:
    tests/search/test_ranking.py)."""
    queries = query_set(policy)
    sample = [q.text for q in queries[:: len(queries) // 8]]
    expected = dict(zip(sample, search_page.evaluate(CORE_ANSWERS, sample), strict=True))
    for text in sample:
        shown = urls(search(search_page, text))
        assert shown and shown == expected[text][: len(shown)], (
            f"{text!r}: the box shows {shown[:4]}, the module {expected[text][:4]}"
        )


def test_a_question_in_everyday_words_says_why_and_is_never_left_empty(search_page) -> None:
    """The reader sees which notice word an everyday word was found as; a question nothing answers offers the
    closest topic's clauses and 主题索引 instead of an empty list."""
    first = search(search_page, "园区里要不要建充电桩")[0]
    assert first["url"] == "clauses/clause-02/#clause-02-p2" and first["why"] == "也称：充电桩 → 充电泊位", first
    marked = search_page.locator(LINKS).first.locator("mark").all_text_contents()
    assert "充电泊位" in marked, marked
    offered = search(search_page, "光伏发电补贴多少")
    assert offered and offered[-1]["url"].startswith("topics/#topic-"), offered
    assert all(r["why"].startswith("相近主题：") for r in offered), offered


def test_titles_say_which_clause_and_snippets_read_as_chinese(search_page, policy: Policy) -> None:
    titles = {f"clauses/{c.id}/": f"第{c.label}条 · {c.title}" for c in policy.clauses}
    for query in ("厂中厂", "自持", "租售价格谁来定", "低效用地再开发", "园区", "第十条", "59号"):
        for result in search(search_page, query):
            page_url = result["url"].split("#")[0]
            if page_url in titles:
                assert result["title"].removeprefix("转到") == titles[page_url], result
            assert result["snippet"] and not NO_LINE_START.match(result["snippet"]), (query, result)


def test_table_rows_keep_their_cells_apart(search_page, policy: Policy) -> None:
    """A hit in a table (主题索引 lists each provision as a row: clause, text, party, strength) shows the row
    with its cells separated, not run together."""
    clause = policy.clause("clause-05")
    results = search(search_page, "低效用地再开发")
    rows = [r["snippet"] for r in results if r["url"].startswith("topics/")]
    assert rows and rows[0].startswith(f"{clause.label} · "), rows


def test_a_phrase_lands_on_its_sentence_highlighted(search_page, base_url: str) -> None:
    page = search_page
    search(page, "低效用地再开发")
    page.click(LINKS)
    page.wait_for_url("**/clauses/clause-05/#clause-05-p1")
    row = page.locator("#clause-05-p1")
    assert "低效用地再开发" in row.text_content()
    background = row.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), background
    box = row.bounding_box()
    assert box and 0 <= box["y"] < page.viewport_size["height"], box
    page.goto(base_url + "/")
    page.click(INPUT)


def test_enter_follows_the_first_result_and_escape_closes(search_page, base_url: str) -> None:
    page = search_page
    search(page, "第十条")
    page.press(INPUT, "Escape")
    assert not page.is_checked("#__search")
    page.click(INPUT)
    assert page.is_checked("#__search")
    page.press(INPUT, "Enter")
    page.wait_for_url("**/clauses/clause-10/")
    page.goto(base_url + "/")
    page.click(INPUT)


def test_the_index_loads_on_first_use_only(new_page, base_url: str) -> None:
    """A calculator page starts without the search index or the ranking module; focusing the box loads them."""
    page = new_page({"width": 1280, "height": 900})
    try:
        requested: list[str] = []
        page.on("request", lambda r: requested.append(urlsplit(r.url).path))
        page.goto(base_url + "/calculators/land/", wait_until="networkidle")
        assert not [p for p in requested if p.endswith(("search/index.json", "search-core.mjs"))], requested
        with page.expect_request("**/search/index.json"):
            page.click(INPUT)
        assert search(page, "第一条")[0]["url"] == "clauses/clause-01/"
    finally:
        page.close()


def test_search_on_a_phone(policy: Policy, base_url: str, new_page) -> None:
    query = Query("厂中厂", ("clauses/clause-10/#clause-10-p1",))
    page = new_page({"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page.goto(base_url + "/text/")
        page.click("label.md-header__button[for='__search']")
        page.wait_for_function("document.activeElement === document.querySelector('input.md-search__input')")
        found = urls(search(page, query.text))
        assert query.first_ok(found), found
        page.click(LINKS)
        page.wait_for_url("**/clauses/clause-10/#clause-10-p1")
        assert query.text in page.text_content("#clause-10-p1")
    finally:
        page.close()
