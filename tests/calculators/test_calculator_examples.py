"""The worked examples (tests/calculators/examples/*.yaml): each input gives exactly its expected output,
through the Python API and through the browser boundary alike."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from worked_examples import CALCULATOR_NAMES, load_examples, request_json

import calculators
from calculators import browser

EXAMPLES = load_examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_worked_example(example) -> None:
    assert calculators.run(example.calculator, example.input) == example.expected


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_browser_boundary_gives_the_same_answer(example) -> None:
    assert json.loads(browser.handle(request_json(example))) == example.expected


def test_at_least_fifteen_examples_per_calculator() -> None:
    counts = Counter(example.calculator for example in EXAMPLES)
    assert {name: counts[name] >= 15 for name in CALCULATOR_NAMES} == dict.fromkeys(CALCULATOR_NAMES, True), counts


def test_examples_cover_every_status_and_every_check() -> None:
    statuses = {(e.calculator, e.expected["status"]) for e in EXAMPLES}
    for name in CALCULATOR_NAMES:
        assert (name, "error") in statuses
        assert (name, "pass") in statuses
        assert (name, "fail") in statuses or name == "far"  # the notice sets no 容积率 figure: never 不符合
    assert ("far", "outside") in statuses and ("far", "not_applicable") in statuses  # beyond another document's bound
    assert ("land", "review") in statuses and ("land", "not_applicable") in statuses
    assert ("plan", "not_applicable") in statuses and ("plan", "review") in statuses
    for name in ("ratios", "plan"):
        assert (name, "unstated") in statuses  # marked 合同未约定 by the user: its own outcome
    for name in ("ratios", "prices", "plan"):
        assert (name, "to_enter") in statuses  # not entered yet: 待补充, neither 合同未约定 nor 不符合
    checks = {(f["check"], f["status"], f["basis"]) for e in EXAMPLES for f in e.expected.get("findings", [])}
    for expected in [
        ("land.min_area", "review", "notice"),
        ("land.min_area", "pass", "local"),
        ("land.min_area", "fail", "local"),
        ("ratios.manufacturing", "fail", "reading"),
        ("ratios.manufacturing", "pass", "reading"),
        ("ratios.manufacturing", "fail", "contract"),
        ("ratios.leading_industry", "fail", "contract"),
        ("prices.rent", "fail", "contract"),
        ("prices.sale", "pass", "contract"),
    ]:
        assert expected in checks


def test_the_examples_describe_gives_are_worked_examples_too() -> None:
    """describe()'s example inputs (shown on the calculator pages) are in the YAML with their verdicts."""
    described = calculators.describe()
    for name in CALCULATOR_NAMES:
        assert any(e.calculator == name and e.input == described[name]["example"] for e in EXAMPLES), name


def test_every_finding_in_the_examples_cites_a_clause_and_says_what_it_rests_on() -> None:
    for example in EXAMPLES:
        for finding in example.expected.get("findings", []):
            assert 1 <= finding["clause"] <= 16, example.id
            assert finding["basis"] in ("notice", "reading", "contract", "local", "document"), example.id
            assert finding["message"].startswith("解读") == (finding["basis"] == "reading"), example.id
            if "海岛县" in finding["message"] and finding["status"] != "fail" and "属于海岛县" in finding["message"]:
                assert "更窄" in finding.get("caveat", ""), example.id


def test_every_figure_a_worked_example_returns_has_a_label() -> None:
    """A figure without a label would show its JSON key on the page: each calculator's FIGURES names them all."""
    from calculators import registry

    unlabelled = {
        example.id: registry.unlabelled_figures(example.calculator, example.expected)
        for example in EXAMPLES
        if example.expected.get("status") != "error"
    }
    assert {key: keys for key, keys in unlabelled.items() if keys} == {}
