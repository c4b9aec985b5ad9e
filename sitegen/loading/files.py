"""The validated files of policy/: where each part of the typed model was read, so a problem can name its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DataProblem
from .yamlload import FieldPath, LoadedYaml, format_path


@dataclass(frozen=True)
class LoadedFile:
    """One validated YAML file: the name shown to editors and its data with line numbers."""

    shown: Path
    loaded: LoadedYaml

    @property
    def data(self) -> Any:
        return self.loaded.data

    def problem(self, field_path: FieldPath, message: str) -> DataProblem:
        """A problem located at a field of this file."""
        return DataProblem(self.shown, self.loaded.line_of(field_path), format_path(field_path), message)


@dataclass(frozen=True)
class PolicyFiles:
    """The files the model was built from; the clause files in the model's order (by number), one per clause."""

    root: Path
    notice: LoadedFile
    vocabularies: LoadedFile
    glossary: LoadedFile
    documents: LoadedFile
    clauses: tuple[LoadedFile, ...]
    synonyms: LoadedFile
    changes: LoadedFile
    regions: LoadedFile
    parameters: dict[str, LoadedFile]  # file stem → policy/parameters/<stem>.yaml
