"""Broken copies of policy/ stop the load (and the build) with the file, line and field named."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitegen.loading import schemas
from sitegen.loading.errors import PolicyDataError
from sitegen.loading.policy import load_policy

ROOT = Path(__file__).resolve().parents[2]
BREAKAGES = yaml.safe_load((ROOT / "tests" / "fixtures" / "policy" / "breakages.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def policy_copy(tmp_path: Path) -> Path:
    """A fresh copy of the real policy/ to break."""
    copy = tmp_path / "policy"
    shutil.copytree(ROOT / "policy", copy)
    return copy


def break_file(root: Path, case: dict) -> int:
    """Apply one breakage; returns the 1-based line where the problem is expected."""
    path = root / case["file"]
    text = path.read_text(encoding="utf-8")
    assert case["find"] in text, f"fixture {case['name']} no longer matches {case['file']}"
    text = text.replace(case["find"], case["replace"], -1 if case.get("all") else 1)
    path.write_text(text, encoding="utf-8")
    hits = [n for n, line in enumerate(text.splitlines(), 1) if case["line_of"] in line]
    return hits[case.get("occurrence", 1) - 1]


def problems_of(root: Path) -> str:
    with pytest.raises(PolicyDataError) as caught:
        load_policy(root)
    return caught.value.report()


@pytest.mark.parametrize("case", BREAKAGES, ids=[c["name"] for c in BREAKAGES])
def test_breakage_names_file_line_and_field(policy_copy: Path, case: dict) -> None:
    line = break_file(policy_copy, case)
    report = problems_of(policy_copy)
    expected = f"policy/{case['file']}:{line}: {case['field']}: "
    matching = [row for row in report.splitlines() if row.strip().startswith(expected)]
    assert matching, f"no problem at {expected!r} in:\n{report}"
    assert any(case["message"] in row for row in matching), f"{case['message']!r} not in:\n{report}"


def test_problems_from_several_files_are_reported_together(policy_copy: Path) -> None:
    by_name = {c["name"]: c for c in BREAKAGES}
    lines = [break_file(policy_copy, by_name[name]) for name in ("wrong-type", "malformed-yaml", "bad-enum")]
    report = problems_of(policy_copy)
    assert "has 3 problem(s)" in report
    for name, line in zip(("wrong-type", "malformed-yaml", "bad-enum"), lines, strict=True):
        assert f"policy/{by_name[name]['file']}:{line}:" in report


def test_a_missing_file_is_named(policy_copy: Path) -> None:
    (policy_copy / "documents.yaml").unlink()
    assert "policy/documents.yaml: (whole file): file is missing" in problems_of(policy_copy)


def test_untraceable_text_shows_where_it_parts_from_the_source(policy_copy: Path) -> None:
    break_file(policy_copy, next(c for c in BREAKAGES if c["name"] == "text-not-traceable"))
    report = problems_of(policy_copy)
    assert "停车位" in report and "停车泊位" in report
    # Reported once (the text, not again for its provision); synonyms.yaml's 停车泊位 is now missing too.
    assert sum("not traceable" in row for row in report.splitlines()) == 1


def test_a_missing_regions_file_is_named(policy_copy: Path) -> None:
    """regions.yaml is part of policy/ like any other file: without it the build stops (no page quietly empty)."""
    (policy_copy / "regions.yaml").unlink()
    assert "policy/regions.yaml: (whole file): file is missing" in problems_of(policy_copy)


def test_a_present_file_without_its_schema_is_a_problem(
    policy_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_copy = tmp_path / "schemas"
    shutil.copytree(ROOT / "policy" / "schemas", schema_copy)
    (schema_copy / "regions.schema.json").unlink(missing_ok=True)
    (policy_copy / "regions.yaml").write_text("cities: []\n", encoding="utf-8")
    monkeypatch.setattr(schemas, "SCHEMA_DIR", schema_copy)
    report = problems_of(policy_copy)
    assert (
        "policy/regions.yaml: (whole file): cannot be checked: policy/schemas/regions.schema.json is missing" in report
    )


# regions.yaml broken in ways its schema cannot see: (find, replace, field, what is said).
REGION_BREAKAGES = [
    (
        "counties: [桐庐县, 淳安县]",
        "counties: [桐庐县, 淳安县, 余杭区]",
        "cities[0].counties[2]",
        "余杭区 is listed twice",
    ),
    ("counties: [桐庐县, 淳安县]", "counties: [桐庐县]", "cities", "89 county-level divisions listed; expected 90"),
    (
        "members: [淳安县, 永嘉县",
        "members: [北京区, 永嘉县",
        "groups[0].membership.2021-01-01.members[0]",
        "北京区 is not one of the divisions",
    ),
]


@pytest.mark.parametrize("find, replace, field, says", REGION_BREAKAGES, ids=["twice", "89", "unknown member"])
def test_regions_that_disagree_stop_the_load_naming_file_line_and_field(
    policy_copy: Path, find: str, replace: str, field: str, says: str
) -> None:
    path = policy_copy / "regions.yaml"
    text = path.read_text(encoding="utf-8")
    assert find in text, f"regions.yaml no longer holds {find!r}"
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    # A count is reported where the list starts; a name where it stands.
    line = text.splitlines().index("cities:") + 1 if field == "cities" else text[: text.index(find)].count("\n") + 1
    assert f"policy/regions.yaml:{line}: {field}: {says}" in problems_of(policy_copy)


def test_a_missing_parameter_file_stops_the_load(policy_copy: Path) -> None:
    (policy_copy / "parameters" / "majority_share.yaml").unlink()
    report = problems_of(policy_copy)
    assert "policy/parameters/majority_share.yaml" in report and "the calculators need this parameter" in report


def test_build_stops_with_the_problem_and_keeps_the_old_site(policy_copy: Path, tmp_path: Path) -> None:
    case = next(c for c in BREAKAGES if c["name"] == "unknown-clause-reference")
    line = break_file(policy_copy, case)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous site", encoding="utf-8")
    env = {**os.environ, "POLICY_DIR": str(policy_copy), "BUILD_DIR": str(tmp_path / "build"), "SITE_DIR": str(site)}
    result = subprocess.run(
        [sys.executable, "build.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 1
    assert f"policy/clauses/clause-08.yaml:{line}: related[1]: unknown clause 'clause-17'" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"


# The 变更记录 grows at its top with every change, so its breakages edit a small log of its own, not the real one
# (whose entries' positions shift): each replaces `find` by `replace`, and names the line, field and message.
SMALL_CHANGE_LOG = """first_date: "2026-11-26"
entries:
  - id: change-b
    date: "2026-12-06"
    kind: change-verdict-rule
    title: 容积率的判定
    what: 改了什么
    why: 为什么
    clauses: [clause-04]
    calculators: [far, plan]
  - id: change-a
    date: "2026-11-30"
    kind: change-reading
    title: 一项解读
    what: 改了什么
    why: 为什么
    clauses: []
    calculators: []
"""
CHANGE_BREAKAGES = {  # find → replace (at its last occurrence), the line it names (its last), field, message
    "unknown clause": (
        "clauses: [clause-04]",
        "clauses: [clause-40]",
        "clause-40",
        "entries[0].clauses[0]",
        "unknown clause 'clause-40'; expected a clause id, clause-01 … clause-16",
    ),
    "unknown calculator": (
        "calculators: [far, plan]",
        "calculators: [far, plot]",
        "plot",
        "entries[0].calculators[1]",
        "unknown calculator 'plot'; expected a registered calculator: land, ratios",
    ),
    "unknown kind": (
        "kind: change-reading",
        "kind: change-readings",
        "change-readings",
        "entries[1].kind",
        "unknown change kind 'change-readings'; expected one of vocabularies.yaml change_kinds",
    ),
    "out of order": (
        '"2026-11-30"',
        '"2026-12-07"',
        "2026-12-07",
        "entries[1].date",
        "is newer than the entry above it (2026-12-06); list the entries newest first",
    ),
    "before the first date": ('"2026-11-30"', '"2026-11-25"', "2026-11-25", "entries[1].date", "is before the edition"),
    "id reused": ("id: change-a", "id: change-b", "id: change-b", "entries[1].id", "duplicate change id 'change-b'"),
    "not a date": ('"2026-11-30"', '"2026-11-31"', "2026-11-31", "entries[1].date", "is not a 'date'"),
    "folded mid-sentence": (
        "title: 一项解读",
        "title: >-\n      一项\n      解读",
        "title: >-",
        "entries[1].title",
        "has a space between Chinese characters",
    ),
    "no why": ("    why: 为什么\n    clauses: []", "    clauses: []", "id: change-a", "entries[1]", "field(s): why"),
}


@pytest.mark.parametrize("case", CHANGE_BREAKAGES, ids=list(CHANGE_BREAKAGES))
def test_a_broken_change_log_names_file_line_and_field(policy_copy: Path, case: str) -> None:
    find, replace, line_of, field, message = CHANGE_BREAKAGES[case]
    assert (policy_copy / "changes.yaml").is_file()
    (policy_copy / "changes.yaml").write_text(SMALL_CHANGE_LOG, encoding="utf-8")
    load_policy(policy_copy)  # the small log itself is valid
    at = SMALL_CHANGE_LOG.rindex(find)
    broken = SMALL_CHANGE_LOG[:at] + replace + SMALL_CHANGE_LOG[at + len(find) :]
    (policy_copy / "changes.yaml").write_text(broken, encoding="utf-8")
    line = max(n for n, text in enumerate(broken.splitlines(), 1) if line_of in text)
    rows = [row.strip() for row in problems_of(policy_copy).splitlines()]
    matching = [row for row in rows if row.startswith(f"policy/changes.yaml:{line}: {field}: ")]
    assert any(message in row for row in matching), f"{message!r} at line {line}, {field}, not in:\n{rows}"
