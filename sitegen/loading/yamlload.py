"""Read a YAML file into plain JSON-like data, remembering the line of every field.

Dates stay strings ("2022-06-01") so that the data round-trips to JSON unchanged and schemas check their form.
Duplicate keys, which PyYAML would silently overwrite, are reported as problems.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

FieldPath = tuple[str | int, ...]


# libyaml's parser when PyYAML has it (its wheels do): the same nodes and lines, some 5 times faster than PyYAML's
# own, which matters to every build and to the tests that load a broken copy of policy/ again and again.
_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringDatesLoader(_SafeLoader):  # type: ignore[misc]
    """SafeLoader without the timestamp resolver: dates are kept as text."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class LoadedYaml:
    """A YAML document's data and the 1-based line where each field path starts."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[FieldPath, int]] = field(default_factory=list)

    def line_of(self, field_path: FieldPath) -> int | None:
        """The line of a field, or of its nearest enclosing field that exists."""
        for cut in range(len(field_path), -1, -1):
            line = self.lines.get(tuple(field_path[:cut]))
            if line is not None:
                return line
        return None


def format_path(field_path: FieldPath) -> str:
    """`("provisions", 2, "party")` → `provisions[2].party`."""
    text = ""
    for part in field_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path) -> LoadedYaml:
    """Parse one YAML file; raises yaml.YAMLError (with its own line) when it is not valid YAML."""
    text = path.read_text(encoding="utf-8")
    loader = _StringDatesLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    loaded = LoadedYaml(path=path, data=data)
    if node is not None:
        _record_lines(node, (), loaded)
    return loaded


def _record_lines(node: yaml.Node, here: FieldPath, loaded: LoadedYaml) -> None:
    loaded.lines.setdefault(here, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*here, key)
            if key in seen:
                loaded.duplicate_keys.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            loaded.lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, loaded)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*here, index), loaded)
