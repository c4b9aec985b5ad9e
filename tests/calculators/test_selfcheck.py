"""The self-check asks each role about exactly the provisions policy/ addresses to it: each once, verbatim, with
the role's own strength as vocabularies.yaml names it; an encouragement is never reported as 不符合."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import calculators
from calculators import selfcheck

POLICY = Path(__file__).resolve().parents[2] / "policy"
VOCABULARY = yaml.safe_load((POLICY / "vocabularies.yaml").read_text(encoding="utf-8"))
CLAUSES = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((POLICY / "clauses").glob("clause-*.yaml"))]
STRENGTHS = {s["id"]: s for s in VOCABULARY["strengths"]}
PARTIES = [party["id"] for party in VOCABULARY["parties"]]


def expected_for(party: str) -> list[dict]:
    """The provisions policy/ addresses to a party, in the notice's order (read from the YAML, not the engine)."""
    return [p for clause in CLAUSES for p in clause["provisions"] if party in [d["party"] for d in p["duties"]]]


def strength_of(provision: dict, party: str) -> str:
    """The party's own strength in the provision."""
    return next(d["strength"] for d in provision["duties"] if d["party"] == party)


@pytest.mark.parametrize("party", PARTIES)
def test_each_role_is_asked_every_provision_addressed_to_it_once_verbatim_with_its_strength(party: str) -> None:
    report = calculators.run("selfcheck", {"role": party})
    expected = expected_for(party)
    assert expected, party
    assert [item["id"] for item in report["items"]] == [p["id"] for p in expected]
    for item, provision in zip(report["items"], expected, strict=True):
        assert item["text"] == provision["text"]
        strength = strength_of(provision, party)
        assert item["strength"] == strength
        assert item["strength_label"] == STRENGTHS[strength]["name"].split("（")[0]
        assert item["binding"] is STRENGTHS[strength]["binding"]
    assert report["role"]["name"] == next(p["name"] for p in VOCABULARY["parties"] if p["id"] == party)


def test_every_clause_of_policy_is_one_of_the_self_checks_clauses() -> None:
    numbers = tuple(clause["number"] for clause in CLAUSES)
    assert numbers == selfcheck.CLAUSES


@pytest.mark.parametrize("party", PARTIES)
def test_an_encouragement_answered_no_is_never_reported_as_not_complying(party: str) -> None:
    answers = {p["id"]: {"answer": "no"} for p in expected_for(party)}
    report = calculators.run("selfcheck", {"role": party, "answers": answers})
    for item in report["items"]:
        if STRENGTHS[item["strength"]]["binding"]:
            assert item["outcome_label"] == "不符合"
        else:
            assert item["outcome"] == STRENGTHS[item["strength"]]["not_done"]
            assert item["outcome_label"] in ("未采用（非强制）", "未做到（不计为不符合）")
            if item["outcome"] == "not_adopted":
                assert item["id"] not in {entry["id"] for entry in report["attention"]}
    binding = sum(STRENGTHS[strength_of(p, party)]["binding"] for p in expected_for(party))
    assert report["counts"]["no"] == binding


def test_the_only_encouragements_for_developers_do_not_make_a_fail() -> None:
    developer = "party-developer"
    non_binding = [
        p["id"]
        for p in expected_for(developer)
        if STRENGTHS[strength_of(p, developer)].get("not_done") == "not_adopted"
    ]
    answers = {p["id"]: {"answer": "no" if p["id"] in non_binding else "yes"} for p in expected_for("party-developer")}
    report = calculators.run("selfcheck", {"role": "party-developer", "answers": answers})
    assert non_binding and report["status"] == "pass"


def test_a_received_report_with_an_edited_verdict_is_caught_and_an_untouched_one_matches() -> None:
    request = {**selfcheck.EXAMPLE}
    report = calculators.run("selfcheck", request)
    assert calculators.run("selfcheck", {**request, "report": report})["verification"]["status"] == "match"
    edited = {**report, "findings": [{**f, "status": "pass"} for f in report["findings"]]}
    verification = calculators.run("selfcheck", {**request, "report": edited})["verification"]
    assert verification["status"] == "mismatch"
    assert any("prices.sale" in d["message"] and "不符合" in d["message"] for d in verification["differences"])
