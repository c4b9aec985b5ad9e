"""Validate loaded YAML against the JSON Schemas in policy/schemas/, reporting file, line and field."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .errors import DataProblem
from .yamlload import LoadedYaml, format_path, load_yaml

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "policy" / "schemas"


@cache
def validator_for(schema_name: str) -> Draft202012Validator:
    """The validator for `policy/schemas/<schema_name>.schema.json`."""
    schema_path = SCHEMA_DIR / f"{schema_name}.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def load_and_validate(
    path: Path, schema_name: str, shown_as: Path | None = None
) -> tuple[LoadedYaml | None, list[DataProblem]]:
    """Load one YAML file and check it against a schema; returns the data (None if unreadable) and its problems."""
    shown = shown_as or path
    try:
        loaded = load_yaml(path)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        return None, [DataProblem(shown, line, "", f"not valid YAML: {problem}")]
    problems = [
        DataProblem(shown, line, format_path(field_path), "this key appears twice; keep one")
        for field_path, line in loaded.duplicate_keys
    ]
    for error in validator_for(schema_name).iter_errors(loaded.data):
        field_path = tuple(error.absolute_path)
        problems.append(DataProblem(shown, loaded.line_of(field_path), format_path(field_path), explain(error)))
    return loaded, problems


def explain(error: ValidationError) -> str:
    """A schema error in words that say what is wrong and what is expected."""
    expected: Any = error.validator_value
    if error.validator == "required":
        missing = [name for name in expected if isinstance(error.instance, dict) and name not in error.instance]
        return f"missing required field(s): {', '.join(missing)}"
    if error.validator == "type":
        return f"expected {_one_of(expected)}, found {type(error.instance).__name__} {error.instance!r:.60}"
    if error.validator == "enum":
        return f"{error.instance!r} is not allowed; expected one of: {', '.join(map(str, expected))}"
    if error.validator == "pattern":
        return f"{error.instance!r} does not have the expected form (pattern {expected})"
    if error.validator == "additionalProperties":
        return f"unknown field(s) — check the spelling; {error.message}"
    if error.validator in ("minItems", "minLength"):
        return f"must not be empty (at least {expected})"
    return error.message


def _one_of(expected: str | list[str]) -> str:
    return " or ".join(expected) if isinstance(expected, list) else expected
