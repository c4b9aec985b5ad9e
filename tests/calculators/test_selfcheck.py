"""The self-check asks each role about exactly the provisions policy/ addresses to it: each once, verbatim, with
the role's own strength as vocabularies.yaml names it; an encouragement is never reported as 不符合."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import calculators
from calculators import provisions, registry, selfcheck

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
    # Each edited finding once, in the report's words; not again in the totals and overall verdict it changed.
    messages = [d["message"] for d in verification["differences"]]
    assert "第（八）条 计算核对“售价不符合合同规定” 申报：符合 → 重新计算：不符合" in messages
    assert len(messages) == len(set(messages)) == sum(f["status"] != "pass" for f in report["findings"])
    assert not any(word in message for message in messages for word in ("counts", "status", "attention", "字段"))


@pytest.mark.parametrize("key", ["[:", "[0", "items[x]"])
def test_a_received_report_whose_own_keys_hold_brackets_is_a_mismatch_not_a_crash(key: str) -> None:
    """Found by the property test: a key like "[:" in a received file was read as a list position (a traceback)."""
    verification = calculators.run("selfcheck", {**selfcheck.EXAMPLE, "report": {key: []}})["verification"]
    assert verification["status"] == "mismatch" and verification["differences"]


def test_a_file_made_from_the_example_says_so_and_one_made_before_that_mark_still_matches() -> None:
    report = calculators.run("selfcheck", selfcheck.EXAMPLE)
    assert report["example"] is True
    own = calculators.run("selfcheck", {**selfcheck.EXAMPLE, "example": False})
    assert own["example"] is False
    older = {k: v for k, v in own.items() if k != "example"}
    verification = calculators.run("selfcheck", {**selfcheck.EXAMPLE, "example": False, "report": older})
    assert verification["verification"]["status"] == "match"


def _declared(answer: str, area: int) -> dict:
    """The example with 第（一）条第2句 (用地面积不少于 100 亩) answered, and the plan's one plot of `area` 亩 in a
    county that may not relax the rule (余杭区): 85 亩 computes 不符合, 120 亩 符合."""
    request = copy.deepcopy(selfcheck.EXAMPLE)
    request["answers"]["clause-01-p2"] = {"answer": answer}
    for part in ("land", "far"):
        request["plan"][part]["area"] = area
    request["plan"]["land"]["county"] = "余杭区"
    return calculators.run("selfcheck", request)


@pytest.mark.parametrize(
    ("answer", "area", "conflicts"),
    [("yes", 85, ["land.min_area.below"]), ("no", 120, ["land.min_area.meets"]), ("yes", 120, []), ("no", 85, [])],
)
def test_a_declared_answer_the_figures_contradict_is_flagged_and_listed(
    answer: str, area: int, conflicts: list
) -> None:
    report = _declared(answer, area)
    item = next(i for i in report["items"] if i["id"] == "clause-01-p2")
    assert item["conflicts"] == conflicts
    flagged = [e for e in report["attention"] if e["kind"] == "conflict"]
    if conflicts:
        said, computed = ("符合", "不符合") if answer == "yes" else ("不符合", "符合")
        assert f"申报为“{said}”，按所填项目数据计算为“{computed}”" in item["conflict"]
        assert flagged == [{"kind": "conflict", "id": "clause-01-p2", "clause": 1, "label": "回答与计算不一致"}]
        assert report["attention"][0] == flagged[0]  # listed first: a 不符合 of clause (一)
    else:
        assert item["conflict"] is None and not flagged


def test_every_check_a_provision_names_is_a_check_of_the_engine() -> None:
    checks = {code.rsplit(".", 1)[0] for code in registry.codes()} | {
        ".".join(c.split(".")[:2]) for c in registry.codes()
    }
    named = [check for p in provisions.provisions() for check in p.checks]
    assert named and set(named) <= checks, set(named) - checks
