"""Word-level Chinese search in real Chromium: typing a policy term puts the clause that contains it first.

The expected clause is not written down here: it is the one clause whose verbatim text contains the term
(spaces ignored, so 100亩 finds "100 亩"). Typing follows what was measured with Material's search
(fill() then End; at desktop width the input itself is clicked, on a phone the search button first).
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest

from sitegen.loading.model import Clause, Policy
from sitegen.loading.policy import load_policy

QUERIES = ["自持比例", "厂中厂", "预售", "物业费", "100亩", "指导价格", "三产化", "数字化管理平台"]
INPUT = "input.md-search__input"


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def clause_containing(policy: Policy, query: str) -> Clause:
    """The one clause whose text contains the query, spaces ignored."""
    found = [c for c in policy.clauses if query in c.text.replace(" ", "")]
    assert len(found) == 1, f"{query!r} should be in exactly one clause, found {[c.id for c in found]}"
    return found[0]


def search(page, query: str, timeout: float = 20.0) -> list[str]:
    """Type a query into Material's search box; the result links, best first."""
    page.fill(INPUT, query)
    page.press(INPUT, "End")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        links = page.evaluate("""() => Array.from(
            document.querySelectorAll('.md-search-result__list > .md-search-result__item > a'),
            a => a.href)""")
        if links:
            time.sleep(0.3)  # results for a prefix of the query may still be replaced: read once more
            return page.evaluate("""() => Array.from(
                document.querySelectorAll('.md-search-result__list > .md-search-result__item > a'),
                a => a.href)""")
        time.sleep(0.1)
    raise AssertionError(f"no search results for {query!r} within {timeout} s")


@pytest.mark.parametrize("query", QUERIES)
def test_query_puts_its_clause_first(query: str, policy: Policy, base_url: str, page) -> None:
    expected = clause_containing(policy, query)
    page.goto(base_url + "/")
    page.click(INPUT)  # at 1280 px the input is visible in the header
    results = search(page, query)
    assert urlsplit(results[0]).path == f"/clauses/{expected.id}/", f"{query}: results {results[:4]}"


def test_search_on_a_phone(policy: Policy, base_url: str, browser) -> None:
    query = QUERIES[1]
    expected = clause_containing(policy, query)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        page.goto(base_url + "/text/")
        page.click("label.md-header__button[for='__search']")
        results = search(page, query)
        assert urlsplit(results[0]).path == f"/clauses/{expected.id}/"
        page.click(".md-search-result__list > .md-search-result__item > a")
        page.wait_for_url(f"**/clauses/{expected.id}/**")
        assert query in page.text_content("blockquote.verbatim")
    finally:
        context.close()
