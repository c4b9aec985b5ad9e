"""The search ranking (docs/assets/javascripts/search-core.mjs) run under Node on an index built from policy/.

Fast: no site build, no browser (the query set on the built site's own index: test_site_index.py; the search box
showing the module's answers: tests/browser/test_search.py). The index here is
the notice's entries plus two pages made from HTML by the real extractor: a calculator page that quotes a clause
more often than the clause itself says it, and a page with a table.
"""

from __future__ import annotations

import re

import pytest
from conftest import run_core
from search_queries import Query, misranked, query_set, urls

from sitegen.loading.model import Policy
from sitegen.search.index import index_document, lexicon, policy_entries
from sitegen.search.pages import page_entries

QUOTED = "以制造业小微企业为主"
CALCULATOR_HTML = f"""
<h1>入驻企业比例自查</h1><p>依据第（九）条：入驻企业应{QUOTED}。</p>
<h2 id="result">结果</h2><p>{QUOTED}：是。{QUOTED}：否。</p>
"""
TABLE_HTML = """
<h1>对照表</h1><h2 id="table">逐句</h2>
<table><tr><th>条款</th><th>要点</th></tr><tr><td>（十）</td><td>防范设立厂中厂</td></tr></table>
"""
# A snippet never starts with these (closing punctuation and separators), after the "…" of a cut sentence.
NO_LINE_START = re.compile(r"^…?[\s，、。；：！？,.;:!?）」』】〕》”’·]")


@pytest.fixture(scope="module")
def index(policy: Policy) -> dict:
    pages = page_entries("calculators/ratios/", "入驻企业比例自查", CALCULATOR_HTML)
    pages += page_entries("tables/", "对照表", TABLE_HTML)
    return index_document(policy_entries(policy) + pages, lexicon(policy))


@pytest.fixture(scope="module")
def queries(policy: Policy) -> list[Query]:
    return query_set(policy)


@pytest.fixture(scope="module")
def answers(index: dict, queries: list[Query]) -> dict[str, list[dict]]:
    return run_core(index, [q.text for q in queries])


def snippet_text(result: dict) -> str:
    return "".join(piece["text"] for piece in result["snippet"])


def test_the_query_set_covers_every_provision_clause_term_and_document(policy: Policy, queries: list[Query]) -> None:
    whys = {q.why for q in queries}
    assert len(queries) >= 80
    assert all(f"phrase of {p.id}" in whys for c in policy.clauses for p in c.provisions)
    assert all(f"citation of {c.id}" in whys for c in policy.clauses)
    assert all(f"citation of {s.id}" in whys for s in policy.sections)
    assert all(any(w.startswith(f"term {t.id}") for w in whys) for t in policy.glossary)
    assert all(f"文号 of {d.id}" in whys for d in policy.documents if d.number)


def test_every_query_gives_its_expected_first_result(queries: list[Query], answers: dict) -> None:
    wrong = misranked(queries, answers)
    assert not wrong, "\n".join(wrong)


def test_a_question_typed_a_character_at_a_time_ends_with_the_results_it_has_alone(
    index: dict, queries: list[Query]
) -> None:
    """The ranking remembers where each pair of characters is between keystrokes: what it remembers from the
    prefixes typed before (and from other questions) never changes a question's results."""
    asked = [q.text for q in queries if q.why.startswith("plain")]
    typed = [q[:n] for q in asked for n in range(1, len(q) + 1)]
    alone, after_typing = run_core(index, asked, mode="fresh"), run_core(index, typed)
    assert not [q for q in asked if after_typing[q] != alone[q]], "these end with other results when typed"


def test_a_calculator_quoting_a_clause_ranks_below_it(index: dict) -> None:
    results = run_core(index, [QUOTED])[QUOTED]
    order = urls(results)
    assert order[0] == "clauses/clause-09/#clause-09-p2"
    calculator = next(i for i, url in enumerate(order) if url.startswith("calculators/ratios/"))
    assert calculator > order.index("glossary/#term-tertiarisation")


def test_citation_forms_jump_and_say_so(index: dict, policy: Policy) -> None:
    forms = ["第十条", "第（十）条", "第(十)条", "（十）", "第10条", "十条", "第 10 条"]
    answers = run_core(index, forms)
    for form in forms:
        first = answers[form][0]
        assert first["url"] == "clauses/clause-10/" and first["jump"], form
        assert first["title"].startswith("转到第（十）条"), first["title"]
    # The rest are the places that cite clause （十）, not every text with a 十 in it.
    assert all("第（十）条" in snippet_text(r) for r in answers["（十）"][1:])


def test_a_bare_number_or_word_is_not_a_citation(index: dict) -> None:
    answers = run_core(index, ["十", "10", "三", "部分"])
    assert not any(r["jump"] for results in answers.values() for r in results)


def test_numbers_match_whole(index: dict) -> None:
    """3号 is the notice's own 文号, not the end of 23号; 100亩 is not found inside 1100亩."""
    answers = run_core(index, ["3号", "23号", "2022〕23号"])
    assert urls(answers["3号"])[0] == "text/"
    assert "documents/#doc-zjzrzh-2022-23" not in urls(answers["3号"])
    assert urls(answers["23号"])[0] == urls(answers["2022〕23号"])[0] == "documents/#doc-zjzrzh-2022-23"


def test_width_spaces_and_editor_marks_are_ignored(index: dict) -> None:
    variants = ["100亩", "100 亩", "１００亩", "１００　亩"]
    answers = run_core(index, [*variants, "按照打造注1小微企业", "按照打造小微企业"])
    assert {urls(answers[v])[0] for v in variants} == {"clauses/clause-01/#clause-01-p2"}
    assert urls(answers["按照打造注1小微企业"])[:3] == urls(answers["按照打造小微企业"])[:3]


def test_a_term_named_exactly_comes_right_after_the_first_clause(index: dict, policy: Policy) -> None:
    answers = run_core(index, ["小微企业园"])
    order = urls(answers["小微企业园"])
    assert order[0].startswith("clauses/") and order[1] == "glossary/#term-small-micro-park"
    assert sum(u.startswith("clauses/") for u in order) >= 5  # the other clauses follow


def test_one_result_per_clause_term_document_and_page(index: dict) -> None:
    for query, results in run_core(index, ["园区", "厂房", "小微", "自持"]).items():
        groups = [r["group"] for r in results]
        assert len(groups) == len(set(groups)), query


def test_snippets_are_the_sentence_with_the_hit(index: dict, answers: dict, queries: list[Query]) -> None:
    for q in queries:
        for result in answers[q.text]:
            text = snippet_text(result)
            assert text and not NO_LINE_START.match(text), f"{q.text}: {result['title']}: {text!r}"
    phrase = next(q for q in queries if q.why.startswith("phrase of"))
    first = answers[phrase.text][0]
    hits = [piece["text"] for piece in first["snippet"] if piece["hit"]]
    assert hits == [phrase.text]


def test_table_cells_stay_apart_in_snippets(index: dict) -> None:
    results = run_core(index, ["防范设立厂中厂"])["防范设立厂中厂"]
    table = next(r for r in results if r["url"] == "tables/#table")
    assert snippet_text(table) == "（十） · 防范设立厂中厂"
