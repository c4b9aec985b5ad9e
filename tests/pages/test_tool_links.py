"""Tools are found from where people read: the home page offers the four things people come for and the trainers'
kit; every clause page links the calculators that check it (each declares its CLAUSES in calculators/) and its
questions in the 全文自查, one link per party it addresses, at the question.

Rendered from the templates (no MkDocs run): the fast lane.
"""

from __future__ import annotations

import posixpath
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html as lxml_html

from calculators import registry, selfcheck
from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.policy_pages import _url_function, pages
from sitegen.templating import render
from sitegen.urls import url_for


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def rendered(policy: Policy) -> dict[str, lxml_html.HtmlElement]:
    """Each generated page's HTML by its URL (the Markdown files hold their content as HTML blocks)."""
    trees = {}
    for page in pages(policy):
        if page.url == "" or page.url.startswith("clauses/clause-"):
            # size_of reads files staged before the pages (the trainers' decks): a stand-in here
            text = render(
                page.template, page=page, url=_url_function(page.url), size_of=lambda path: "1 KB", **page.context
            )
            trees[page.url] = lxml_html.fromstring(f"<div>{text.split('---', 2)[2]}</div>")
    return trees


def targets(tree: lxml_html.HtmlElement, page_url: str, within: str = ".") -> list[str]:
    """The site paths the links of a part of a page point at, with their query and anchor ("calculators/land/")."""
    found = []
    for href in tree.xpath(f"{within}//a/@href"):
        path, _, rest = href.partition("?") if "?" in href else href.partition("#")
        joined = posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/") + "/"
        found.append(joined + ("?" if "?" in href else "#" if rest else "") + rest)
    return found


def test_every_clause_page_links_the_calculators_that_check_it(
    policy: Policy, rendered: dict[str, lxml_html.HtmlElement]
) -> None:
    checked = set()
    for clause in policy.clauses:
        url = url_for("clause", clause.id)
        links = targets(rendered[url], url, "//section[@id='check-this-clause']//ul[@class='tool-list']")
        expected = [
            url_for("calculator", name)
            for name, module in registry.calculators().items()
            if clause.number in module.CLAUSES and name != selfcheck.NAME
        ]
        assert links == expected, clause.id
        checked.update(expected)
    assert len(checked) == len(registry.calculators()) - 1, "every calculator but the self-check is linked somewhere"


def test_every_clause_page_links_its_questions_in_the_self_check_by_party(
    policy: Policy, rendered: dict[str, lxml_html.HtmlElement]
) -> None:
    page = url_for("calculator", selfcheck.NAME)
    for clause in policy.clauses:
        url = url_for("clause", clause.id)
        links = targets(rendered[url], url, "//dl[contains(@class, 'self-check-items')]")
        expected = [
            f"{page}?role={party}#q-{p.id}"
            for party in (entry.id for entry in policy.parties)
            for p in clause.provisions
            if party in p.parties
        ]
        assert expected, f"{clause.id} addresses nobody"
        assert links == expected, clause.id
        for link in links:  # each role is one the self-check offers
            assert parse_qs(urlsplit(link).query)["role"][0] in {o.value for o in selfcheck.fields()[0].options}


def test_the_home_page_offers_the_four_tasks_and_the_trainers_kit(rendered: dict[str, lxml_html.HtmlElement]) -> None:
    home = rendered[""]
    tasks = {task.get("id"): task for task in home.xpath("//div[contains(concat(' ', @class, ' '), ' task ')]")}
    assert list(tasks)[:5] == ["task-read", "task-plan", "task-selfcheck", "task-review", "task-trainers"]
    assert {"text/", "clauses/"} <= set(targets(tasks["task-read"], ""))
    calculators = [url_for("calculator", name) for name in registry.calculators() if name != selfcheck.NAME]
    assert set(calculators) <= set(targets(tasks["task-plan"], ""))
    assert url_for("calculator", selfcheck.NAME) in targets(tasks["task-selfcheck"], "")
    assert url_for("calculator", selfcheck.NAME) + "review/" in targets(tasks["task-review"], "")
    kit = tasks["task-trainers"].text_content()
    assert all(word in kit for word in ("嵌入", "卡片", "二维码", "数据下载"))
    assert {"data/#per-clause", "data/"} <= set(targets(tasks["task-trainers"], ""))
