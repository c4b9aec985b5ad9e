"""`python -m calculators NAME` as a user runs it: one JSON object out for any input, exit 0 / 2 / 1."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import calculators

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, stdin: bytes | str = b"", cwd: Path = ROOT) -> tuple[int, dict, str]:
    """Run the command line; returns exit status, the parsed stdout (must be exactly one JSON object), stderr."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    result = subprocess.run(
        [sys.executable, "-m", "calculators", *args], input=data, cwd=cwd, capture_output=True, timeout=60
    )
    out = result.stdout.decode("utf-8")
    assert out.endswith("\n") and out.count("\n") == 1, out
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    return result.returncode, json.loads(out), result.stderr.decode("utf-8", "replace")


def test_the_issues_example_in_a_shell_pipe_gives_review_citing_clause_1() -> None:
    command = """echo '{"area": 98, "unit": "mu", "county": "淳安县"}' | "$PYTHON" -m calculators land"""
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHON": sys.executable, "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0
    verdict = json.loads(result.stdout)
    assert verdict["calculator"] == "land" and verdict["status"] == "review"
    assert [f["clause"] for f in verdict["findings"]] == [1]
    assert "山区26县" in verdict["findings"][0]["message"]


@pytest.mark.parametrize(
    "name, payload, status",
    [
        ("land", {"area": 100, "unit": "mu", "county": "余杭区"}, "pass"),
        ("land", {"area": 66666.66, "unit": "m2", "county": "余杭区"}, "fail"),
        (
            "ratios",
            {
                "total_area": 10,
                "sale_area": 4,
                "self_held_area": 6,
                "contract": {"max_sale_pct": 40, "min_self_held_pct": 60},
            },
            "pass",
        ),
        ("prices", {"rent_rule": "cap", "guidance_rent": 20, "units": [{"id": "A", "area": 1, "rent": 20.01}]}, "fail"),
        ("plan", {"land": {"area": 10, "unit": "mu", "county": "余杭区", "new": False}}, "not_applicable"),
    ],
)
def test_every_verdict_exits_0(name: str, payload: dict, status: str) -> None:
    code, out, _ = cli(name, stdin=json.dumps(payload))
    assert (code, out["status"], out["calculator"]) == (0, status, name)


def test_the_cli_reads_numbers_exactly_from_json_text() -> None:
    """66666.67 as JSON text is read as the decimal typed, never as the float 66666.66999…"""
    code, out, _ = cli("land", stdin='{"area": 66666.67, "unit": "m2", "county": "余杭区"}')
    assert (code, out["area_mu_exact"]) == (0, "100.000005")


@pytest.mark.parametrize(
    "stdin, says",
    [
        ('{"area": 0, "unit": "mu", "county": "淳安县"}', "必须大于 0"),
        ("not json", "不是有效的 JSON"),
        ("", "不是有效的 JSON"),
        ("[1, 2, 3]", "JSON 对象"),
        ('"text"', "JSON 对象"),
        ("null", "JSON 对象"),
        ('{"area": NaN, "unit": "mu", "county": "淳安县"}', "NaN"),
        ('{"area": Infinity, "unit": "mu", "county": "淳安县"}', "Infinity"),
        ('{"area": 1e999999, "unit": "mu", "county": "淳安县"}', "过大"),
        ('{"area": ' + "9" * 5000 + ', "unit": "mu", "county": "淳安县"}', "过大"),
        ('{"area": 0.' + "0" * 5000 + '1, "unit": "mu", "county": "淳安县"}', "小数位数过多"),
        ('{"area": "' + "9" * 3000 + '", "unit": "mu", "county": "淳安县"}', "过大"),
        ('{"area": "' + "9" * 5000 + '", "unit": "mu", "county": "淳安县"}', "过长"),
        ('{"area": 98, "area": 99, "unit": "mu", "county": "淳安县"}', "出现了两次"),
        ("[" * 100000 + "]" * 100000, "嵌套"),
        ('{"area": 98, "unit": "mu", "county": "淳安县"', "不是有效的 JSON"),
    ],
)
def test_any_bad_input_gives_one_clean_error_object_and_exit_2(stdin: str, says: str) -> None:
    code, out, _ = cli("land", stdin=stdin)
    assert code == 2 and out["status"] == "error"
    assert any(says in entry["message"] for entry in out["errors"]), out


def test_bytes_that_are_not_utf8_give_a_clean_error() -> None:
    code, out, _ = cli("land", stdin=b'{"county": "\xff\xfe"}')
    assert code == 2 and "UTF-8" in out["errors"][0]["message"]


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    code, out, _ = cli("land", stdin='\ufeff{"area": 100, "unit": "mu", "county": "余杭区"}')
    assert (code, out["status"]) == (0, "pass")


@pytest.mark.parametrize("args", [(), ("land", "extra"), ("nosuch",)])
def test_a_missing_or_unknown_calculator_name_is_an_error_naming_the_calculators(args: tuple[str, ...]) -> None:
    code, out, _ = cli(*args, stdin="{}")
    assert code == 2 and out["errors"][0]["field"] == "calculator"
    assert "land" in out["errors"][0]["message"] and "plan" in out["errors"][0]["message"]


def test_describe_prints_every_calculators_fields() -> None:
    code, out, _ = cli("--describe")
    assert code == 0 and list(out) == list(calculators.registry.calculators())


def test_help_prints_usage_as_json() -> None:
    code, out, _ = cli("--help")
    assert code == 0 and "python -m calculators" in out["usage"]


def test_a_missing_parameters_file_fails_loudly_naming_the_command_that_makes_it(tmp_path: Path) -> None:
    shutil.copytree(
        ROOT / "calculators", tmp_path / "calculators", ignore=shutil.ignore_patterns("data", "__pycache__")
    )
    code, out, err = cli("land", stdin='{"area": 98, "unit": "mu", "county": "淳安县"}', cwd=tmp_path)
    assert code == 1 and out["status"] == "error"
    assert "python build.py data" in out["errors"][0]["message"] and "python build.py data" in err
