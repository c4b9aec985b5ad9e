"""The engine↔page contracts (contracts/*.schema.json): every worked example's output keeps them, their
vocabularies are the engine's own (a status, code or outcome the engine adds needs no schema edit), the JSDoc types
the pages are checked against by tsc (types/engine.d.ts; tests/test_js.py) name the same members, and the built
runtime.json keeps its contract."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from contract_schemas import ROOT, problems, registry, schema
from worked_examples import CALCULATOR_NAMES, load_examples

from calculators import findings

EXAMPLES = load_examples()


def contract_of(calculator: str, output: dict) -> tuple[str, str]:
    """The schema (and definition) an output answers to: the self-check's is a report."""
    if calculator != "selfcheck":
        return "verdict", ""
    return "report", "" if output["status"] == "error" else "#/$defs/report"


@pytest.mark.parametrize("calculator", CALCULATOR_NAMES)
def test_every_worked_example_keeps_the_contract(calculator: str) -> None:
    examples = [example for example in EXAMPLES if example.calculator == calculator]
    assert examples
    broken = {}
    for example in examples:
        name, definition = contract_of(calculator, example.expected)
        if found := problems(name, example.expected, definition):
            broken[example.name] = found
    assert not broken, json.dumps(broken, ensure_ascii=False, indent=1)[:4000]


def first_verdict_with_findings() -> dict:
    return copy.deepcopy(next(e.expected for e in EXAMPLES if e.calculator == "land" and e.expected.get("findings")))


def test_the_contract_refuses_what_the_engine_never_says() -> None:
    verdict = first_verdict_with_findings()
    verdict["findings"][0]["status"] = "maybe"
    assert any("findings/0/status" in problem for problem in problems("verdict", verdict, "#/$defs/verdict"))
    verdict = first_verdict_with_findings()
    del verdict["findings"][0]["clause"]
    assert problems("verdict", verdict, "#/$defs/verdict")
    verdict = first_verdict_with_findings()
    verdict["findings"][0]["code"] = "land.min_area.invented"
    assert problems("verdict", verdict, "#/$defs/verdict")


@pytest.fixture
def fresh_registry() -> Iterator[None]:
    registry.cache_clear()
    yield
    registry.cache_clear()


def test_a_status_the_engine_adds_is_valid_without_editing_a_schema(monkeypatch, fresh_registry) -> None:
    verdict = first_verdict_with_findings()
    verdict["findings"][0]["status"] = verdict["status"] = "incomplete"  # e.g. 待补充
    assert problems("verdict", verdict, "#/$defs/verdict")
    registry.cache_clear()
    monkeypatch.setattr(findings, "STATUS_ORDER", (*findings.STATUS_ORDER, "incomplete"))
    assert problems("verdict", verdict) == []


# Each interface in types/engine.d.ts and the schema definition it is written from.
TYPEDEFS = {
    "Verdict": ("verdict", "verdict"),
    "Finding": ("verdict", "finding"),
    "NotRun": ("verdict", "notRun"),
    "UnitRow": ("verdict", "row"),
    "Problem": ("verdict", "problem"),
    "ReportItem": ("report", "item"),
    "Attention": ("report", "attention"),
    "Report": ("report", "report"),
    "RuntimeManifest": ("runtime", None),
    "ManifestMessage": ("worker-messages", "in/0"),
    "RunMessage": ("worker-messages", "in/1"),
    "BackgroundMessage": ("worker-messages", "in/2"),
    "ProgressMessage": ("worker-messages", "out/0"),
    "ReadyMessage": ("worker-messages", "out/1"),
    "FailedMessage": ("worker-messages", "out/2"),
    "ResultMessage": ("worker-messages", "out/3"),
    "ReviewRow": ("review", "row"),
    "ReviewRows": ("review", "rows"),
    "ReviewOpened": ("review", "opened"),
    "PaperLink": ("review", "paper"),
}
INTERFACE = re.compile(r"^interface (\w+) \{\n(.*?)^\}", re.M | re.S)
MEMBER = re.compile(r"^  (\w+)\??:", re.M)


def schema_members(name: str, definition: str | None) -> set[str]:
    node = schema(name)
    if definition:
        head, *index = definition.split("/")
        node = node["$defs"][head]
        if index:
            node = node["oneOf"][int(index[0])]
    return set(node["properties"])


def test_the_pages_types_name_the_members_the_schemas_declare() -> None:
    declared = {
        name: set(MEMBER.findall(body))
        for name, body in INTERFACE.findall((ROOT / "types" / "engine.d.ts").read_text(encoding="utf-8"))
    }
    assert set(TYPEDEFS) <= set(declared), f"types/engine.d.ts lacks {sorted(set(TYPEDEFS) - set(declared))}"
    differ = {}
    for interface, (name, definition) in TYPEDEFS.items():
        want = schema_members(name, definition)
        have = declared[interface]
        if interface == "Report":
            have -= {"errors", "internal", "message"}  # the invalid answer, folded in for the pages
        if interface == "Verdict":  # a verdict, invalid input and an internal error in one type for the pages
            want = want | schema_members("verdict", "invalid") | schema_members("verdict", "internal")
        if have != want:
            differ[interface] = {"only in the type": sorted(have - want), "only in the schema": sorted(want - have)}
    assert not differ, differ


def test_the_built_runtime_json_keeps_its_contract(site_dir: Path) -> None:
    manifest = json.loads((site_dir / "assets" / "calculators" / "py" / "runtime.json").read_text(encoding="utf-8"))
    assert problems("runtime", manifest) == []
