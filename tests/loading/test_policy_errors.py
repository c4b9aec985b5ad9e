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
