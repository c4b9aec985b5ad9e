"""The engine's contracts (contracts/*.schema.json) as validators, their vocabularies filled in from the engine.

A schema names where a vocabulary lives (`"x-enum-from": "calculators.findings:STATUS_ORDER"`; a mapping gives its
keys, a function is called) instead of copying it, so a status, finding code or outcome the engine adds is valid
at once; `x-keys-from` asks for exactly those keys in an object (counts by status or outcome).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import referencing

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"


def vocabulary(where: str) -> list[str]:
    """The names at "module:attribute": a sequence's items, a mapping's keys, or a function's result's."""
    module, attribute = where.split(":")
    value = getattr(importlib.import_module(module), attribute)
    if callable(value):
        value = value()
    return sorted(value) if isinstance(value, Mapping) else list(value)


def resolved(node: Any) -> Any:
    """The schema with each x-enum-from / x-keys-from turned into standard JSON Schema."""
    if isinstance(node, list):
        return [resolved(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: resolved(value) for key, value in node.items()}
    if "x-enum-from" in out:
        out["enum"] = vocabulary(out["x-enum-from"])
    if "x-keys-from" in out:
        keys = vocabulary(out["x-keys-from"])
        out["required"] = keys
        out["propertyNames"] = {"enum": keys}
    return out


@cache
def registry() -> referencing.Registry:
    """Every contract, by its $id, so that one schema may refer to another."""
    resources = []
    for path in sorted(CONTRACTS.glob("*.schema.json")):
        schema = resolved(json.loads(path.read_text(encoding="utf-8")))
        resources.append((schema["$id"], referencing.Resource.from_contents(schema)))
    return referencing.Registry().with_resources(resources)


def validator(name: str, pointer: str = "") -> jsonschema.Draft202012Validator:
    """A validator for contracts/NAME.schema.json, or for the definition at `pointer` in it ("#/$defs/in")."""
    schema = {"$ref": f"{name}.schema.json{pointer}"}
    return jsonschema.Draft202012Validator(schema, registry=registry())


def problems(name: str, document: Any, pointer: str = "") -> list[str]:
    """What in `document` breaks the contract, one line each ("" path: the document itself)."""
    found = validator(name, pointer).iter_errors(document)
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message[:300]}" for error in found]


def schema(name: str) -> dict[str, Any]:
    """contracts/NAME.schema.json with its vocabularies filled in."""
    resolved_schema: dict[str, Any] = registry().contents(f"{name}.schema.json")
    return resolved_schema
