"""Linked clause text (sitegen.pages.linking): terms, cited documents and clause references marked up, nothing else."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.linking import link_text


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def _visible(html: str) -> str:
    """What a reader sees in the text: tooltips removed, tags stripped, entities decoded."""
    html = re.sub(r'<span class="term-tip".*?</span></span>', "</span>", html)
    return Markup(re.sub(r"<[^>]+>", "", html)).unescape()


def test_every_clause_text_reads_exactly_as_before(policy: Policy) -> None:
    for clause in policy.clauses:
        assert _visible(str(link_text(clause.text, policy, scope=clause.id))) == clause.text, clause.id


def test_text_is_escaped_and_only_our_markup_is_html(policy: Policy) -> None:
    html = str(link_text('<script>alert(1)</script>"厂中厂"&', policy))
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert 'href="../../glossary/#term-factory-in-factory"' in html


def test_a_term_links_to_its_entry_and_carries_its_definition_as_a_tooltip(policy: Policy) -> None:
    clause = policy.clause("clause-08")
    html = str(link_text(clause.text, policy, scope=clause.id))
    term = next(t for t in policy.glossary if t.id == "term-project-contract")
    assert f'href="../../glossary/#{term.id}" class="term" aria-describedby="clause-08-tip-{term.id}"' in html
    assert f'role="tooltip" id="clause-08-tip-{term.id}"' in html
    assert str(Markup.escape(term.definition)) in html
    assert html.count(f"#{term.id}") == 1, "each term is linked once per text, at its first occurrence"


def test_cited_documents_link_even_when_the_transcription_misspells_the_title(policy: Policy) -> None:
    html = str(link_text(policy.clause("clause-07").text, policy))
    assert html.count('class="doc-ref"') == 1
    assert 'href="../../documents/#doc-zjzrzh-2022-23"' in html  # cited as 小微企业的 (slip for 小微企业园)
    three = str(link_text(policy.clause("clause-03").text, policy, root="../"))
    assert 'href="../documents/#doc-zjzfbf-2021-59"' in three


def test_clause_references_link_to_the_clause_page(policy: Policy) -> None:
    html = str(link_text("按第（八）条和第(十六)条执行，第（十七）条不存在", policy, root="../../"))
    assert '<a href="../../clauses/clause-08/" class="clause-ref">第（八）条</a>' in html
    assert '<a href="../../clauses/clause-16/" class="clause-ref">第(十六)条</a>' in html
    assert "clause-17" not in html


def test_inserted_marks_never_split_a_link(policy: Policy) -> None:
    text = policy.clause("clause-08").text
    inside = text.index("项目管理合同") + 2
    html = str(link_text(text, policy, inserts={inside: [Markup("<sup>注</sup>")], 0: [Markup("<i>0</i>")]}))
    assert html.startswith("<i>0</i>")
    assert "项目管理合同</a>" in html and html.index("<sup>注</sup>") > html.index("项目管理合同</a>")


def test_embeds_can_open_links_in_a_new_tab(policy: Policy) -> None:
    html = str(link_text(policy.clause("clause-03").text, policy, new_tab=True))
    assert all('target="_blank" rel="noopener"' in a for a in re.findall(r"<a [^>]+>", html))
