"""Questions in people's own words (tests/search/plain_questions.yaml, policy/synonyms.yaml) under Node.

That each question's answering clause comes first is checked with the whole query set (test_ranking.py here, and
tests/browser/test_search.py in Chromium); these tests check the set itself and what a reader sees besides the
order: why a result matched, the site's pages after the notice, and never an empty list.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import run_core
from search_queries import PLAIN_QUESTIONS, plain, urls

from sitegen.loading.model import Policy
from sitegen.search.index import index_document, lexicon, policy_entries
from sitegen.search.pages import page_entries

COPIED = 5  # a question sharing this many characters in a row with the notice copies its phrasing
# A page of the site's own that says the words of a question more closely than any clause does.
ABOUT_HTML = """
<h1>关于本站</h1><h2 id="rent">租金怎么定</h2>
<p>租金怎么定：本站的租售指导价格自查按第（八）条核对合同约定的价格。</p>
"""


@pytest.fixture(scope="module")
def questions() -> list[dict]:
    return yaml.safe_load(PLAIN_QUESTIONS.read_text(encoding="utf-8"))["questions"]


@pytest.fixture(scope="module")
def index(policy: Policy) -> dict:
    return index_document(policy_entries(policy) + page_entries("about/", "关于本站", ABOUT_HTML), lexicon(policy))


def test_the_questions_ask_about_every_clause_in_their_own_words(policy: Policy, questions: list[dict]) -> None:
    assert len(questions) >= 60
    assert {q["clause"] for q in questions} == {c.id for c in policy.clauses}
    notice = plain(policy.notice.preamble + "".join(c.text for c in policy.clauses))
    copied = [
        q["q"]
        for q in questions
        if any(plain(q["q"])[i : i + COPIED] in notice for i in range(len(plain(q["q"])) - COPIED + 1))
    ]
    assert not copied, f"these copy {COPIED} characters of the notice in a row: {copied}"


def test_an_everyday_word_finds_the_notice_word_and_says_so(index: dict) -> None:
    first = run_core(index, ["充电桩"])["充电桩"][0]
    assert first["url"] == "clauses/clause-02/#clause-02-p2"
    assert first["why"] == ["也称：充电桩 → 充电泊位"]
    assert [p["text"] for p in first["snippet"] if p["hit"]] == ["充电泊位"]


def test_an_everyday_word_is_said_to_mean_only_what_it_means(index: dict) -> None:
    """The why line teaches the notice's words: 出租 (letting) is 租售 or 转租, never 转让 (selling what one owns);
    出售 never 转租; 土地款 is the land price (出让金), not its unlawful return (变相返还土地出让金)."""
    answers = run_core(index, ["出租", "出售", "土地款"])
    said = {query: " ".join(w for r in results for w in r["why"]) for query, results in answers.items()}
    assert "出租 → 租售" in said["出租"] and "转让" not in said["出租"]
    assert "出售 → 租售" in said["出售"] and "转租" not in said["出售"]
    assert "土地款 → 出让金" in said["土地款"] and "变相返还" not in said["土地款"]


def test_a_word_of_near_meaning_finds_the_clause_but_is_never_called_the_notice_s_word(
    index: dict, policy: Policy
) -> None:
    """服务业企业 is not 三产化 (industrial land turned to services), nor 人才公寓 宿舍型保障性租赁住房, nor 公益事业
    准公共属性: search finds their clause and says 相近, and the glossary never lists them as the term's 也称."""
    answers = run_core(index, ["服务业企业", "人才公寓", "公益事业"])
    for word, clause, term in (
        ("服务业企业", "clause-09", "工业用地三产化"),
        ("人才公寓", "clause-03", "宿舍型保障性租赁住房"),
        ("公益事业", "clause-06", "准公共属性"),
    ):
        first = answers[word][0]
        assert first["url"].startswith(f"clauses/{clause}/") and first["why"] == [f"相近：{word} → {term}"], first
        assert word not in policy.also_called([term, *(t.term for t in policy.glossary if t.term in term)])


def test_clauses_saying_the_notice_s_word_come_before_notes_using_the_everyday_one(index: dict) -> None:
    """出租 is in this edition's glossary notes, never in the notice: the clauses saying 租售 (its first notice
    word) come first, the notes after."""
    results = run_core(index, ["出租"])["出租"]
    assert results[0]["url"] == "clauses/clause-08/#clause-08-p1" and results[0]["why"] == ["也称：出租 → 租售"]
    kinds = [r["kind"] for r in results]
    assert "term" in kinds and kinds.index("term") > max(i for i, k in enumerate(kinds) if k == "clause")


def test_a_question_is_read_without_its_question_words_keeping_its_modality(index: dict) -> None:
    read = run_core(index, ["厂房可以转租吗", "园区里要不要建充电桩", "租售价格谁来定"], mode="understand")
    assert [s["text"] for s in read["厂房可以转租吗"]["slots"]] == ["厂房", "转租"]
    assert "可" in read["厂房可以转租吗"]["markers"]
    charging = read["园区里要不要建充电桩"]
    assert [s["text"] for s in charging["slots"]] == ["园区里", "充电桩"]  # 建 alone is no word
    assert charging["slots"][1]["alts"] == ["充电桩", "充电泊位"] and "应" in charging["markers"]
    # The notice's own word is read whole: 售价 (an everyday word) inside 租售价格 is not cut out.
    assert [s["text"] for s in read["租售价格谁来定"]["slots"]] == ["租售价格"]


def test_the_site_s_pages_come_after_the_notice_unless_named(index: dict) -> None:
    answers = run_core(index, ["租金怎么定", "关于本站"])
    order = urls(answers["租金怎么定"])
    assert order[0] == "clauses/clause-08/#clause-08-p1", order
    assert "about/#rent" in order, order  # still found, after the notice's entries
    assert all(not url.startswith("about/") for url in order[: order.index("about/#rent")])
    assert answers["关于本站"][0]["url"].startswith("about/")


def test_nothing_answers_the_closest_topic_and_the_topic_index_are_offered(index: dict, policy: Policy) -> None:
    answers = run_core(index, ["天气怎么样", "光伏发电补贴多少"])
    assert urls(answers["天气怎么样"]) == ["topics/"]  # no topic is close: 主题索引 itself
    offered = answers["光伏发电补贴多少"]
    assert offered, "a question about the notice never gets an empty list"
    topic = offered[-1]
    assert re.fullmatch(r"topics/#topic-[a-z-]+", topic["url"]), topic
    clauses = {c.id for c in policy.clauses if topic["url"].split("#")[1] in c.topics}
    assert [r["group"] for r in offered[:-1]] and {r["group"] for r in offered[:-1]} <= clauses
    assert all(r["why"] and r["why"][0].startswith("相近主题：") for r in offered)
