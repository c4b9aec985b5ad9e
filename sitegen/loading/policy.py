"""Load policy/ into the typed model: every file validated against its schema, then cross-checked.

Any problem in any file ends in one PolicyDataError listing them all (file, line, field, what is expected).
The folder defaults to <repo>/policy; POLICY_DIR overrides it (tests build from broken copies).
"""

from __future__ import annotations

import os
from dataclasses import fields
from pathlib import Path
from typing import Any

from . import schemas
from .checks import cross_check
from .errors import DataProblem, PolicyDataError
from .files import LoadedFile, PolicyFiles
from .model import (
    Change,
    ChangeLog,
    CitedDocument,
    Clause,
    Duty,
    LayoutRepair,
    Lexicon,
    Modality,
    Notice,
    Policy,
    Provision,
    Reading,
    Section,
    Synonym,
    Term,
    VocabularyEntry,
)

__all__ = ["Policy", "load_policy", "policy_root"]

REPO = Path(__file__).resolve().parents[2]


def policy_root() -> Path:
    """The policy folder: $POLICY_DIR if set, else <repo>/policy."""
    return Path(os.environ.get("POLICY_DIR") or REPO / "policy").resolve()


def load_policy(root: Path | None = None) -> Policy:
    """Load, validate and cross-check policy/; raises PolicyDataError listing every problem found.

    Each file is checked against its schema first; the valid files become the typed model, and the cross-checks
    read that model (the same objects the pages read), naming file and line through the files it came from.
    """
    root = (root or policy_root()).resolve()
    problems: list[DataProblem] = []
    reader = _Reader(root, problems)
    notice = reader.one("notice.yaml", "notice")
    clauses = [reader.one(f"clauses/{path.name}", "clause") for path in sorted((root / "clauses").glob("*.yaml"))]
    vocab = reader.one("vocabularies.yaml", "vocabularies")
    glossary = reader.one("glossary.yaml", "glossary")
    documents = reader.one("documents.yaml", "documents")
    regions = reader.one("regions.yaml", "regions")
    synonyms = reader.one("synonyms.yaml", "synonyms")
    changes = reader.one("changes.yaml", "changes")
    parameters = {
        path.stem: reader.one(f"parameters/{path.name}", "parameter")
        for path in sorted((root / "parameters").glob("*.yaml"))
    }
    if not clauses:
        problems.append(
            DataProblem(
                _shown(root, "clauses"), None, "", "no clause files found; expected clause-01.yaml … clause-16.yaml"
            )
        )
    if problems:
        raise PolicyDataError(problems)
    files = PolicyFiles(
        root=root,
        notice=_read(notice),
        vocabularies=_read(vocab),
        glossary=_read(glossary),
        documents=_read(documents),
        clauses=tuple(sorted((_read(f) for f in clauses), key=lambda f: f.data["number"])),  # the model's order
        synonyms=_read(synonyms),
        changes=_read(changes),
        regions=_read(regions),
        parameters={stem: _read(f) for stem, f in parameters.items()},
    )
    policy = _build(files, files.regions.data, {stem: f.data for stem, f in files.parameters.items()})
    problems.extend(cross_check(policy, files))
    if problems:
        raise PolicyDataError(problems)
    return policy


def _read(file: LoadedFile | None) -> LoadedFile:
    """A file the reader loaded: called only once no problem was found, when no required file is missing."""
    assert file is not None, "a missing file is reported as a problem before the model is built"
    return file


def _shown(root: Path, relative: str) -> Path:
    """How a file is named in messages: policy/clauses/clause-08.yaml, whatever folder it was loaded from."""
    return Path(root.name) / relative


class _Reader:
    """Loads files one by one, collecting every problem instead of stopping at the first."""

    def __init__(self, root: Path, problems: list[DataProblem]):
        self.root = root
        self.problems = problems

    def one(self, relative: str, schema: str) -> LoadedFile | None:
        """A file of policy/, checked by its schema: missing, unreadable or invalid is a problem."""
        path, shown = self.root / relative, _shown(self.root, relative)
        if not path.is_file():
            expected = f"expected a YAML file checked by schemas/{schema}.schema.json"
            self.problems.append(DataProblem(shown, None, "", f"file is missing; {expected}"))
            return None
        if not (schemas.SCHEMA_DIR / f"{schema}.schema.json").is_file():
            missing = f"cannot be checked: policy/schemas/{schema}.schema.json is missing; add the schema"
            self.problems.append(DataProblem(shown, None, "", missing))
            return None
        loaded, problems = schemas.load_and_validate(path, schema, shown_as=shown)
        self.problems.extend(problems)
        if loaded is None or problems:
            return None
        return LoadedFile(shown, loaded)


def _make(cls: type, data: dict[str, Any], **overrides: Any) -> Any:
    """A model object from a YAML mapping whose keys are the dataclass's field names (lists become tuples)."""
    values = {}
    for f in fields(cls):
        if f.name in overrides:
            values[f.name] = overrides[f.name]
        elif f.name in data:
            value = data[f.name]
            values[f.name] = tuple(value) if isinstance(value, list) else value
    return cls(**values)


def _build(files: PolicyFiles, regions: dict[str, Any], parameters: dict[str, dict[str, Any]]) -> Policy:
    notice_data = files.notice.data
    clause_data = [f.data for f in files.clauses]
    clauses = tuple(
        _make(
            Clause,
            c,
            readings=tuple(_make(Reading, r) for r in c.get("readings", [])),
            provisions=tuple(
                _make(Provision, p, duties=tuple(_make(Duty, d) for d in p["duties"])) for p in c.get("provisions", [])
            ),
        )
        for c in clause_data
    )
    sections = tuple(
        _make(Section, s, clauses=tuple(c.id for c in clauses if c.section == s["id"])) for s in notice_data["sections"]
    )
    notice = _make(
        Notice,
        notice_data,
        readings=tuple(_make(Reading, r) for r in notice_data["readings"]),
        layout_repairs=tuple(_make(LayoutRepair, r) for r in notice_data["layout_repairs"]),
    )
    vocab = files.vocabularies.data
    lexicon = _read(files.synonyms).data
    changes = files.changes.data
    return Policy(
        notice=notice,
        sections=sections,
        clauses=clauses,
        parties=tuple(_make(VocabularyEntry, v) for v in vocab["parties"]),
        strengths=tuple(_make(VocabularyEntry, v) for v in vocab["strengths"]),
        topics=tuple(_make(VocabularyEntry, v) for v in vocab["topics"]),
        glossary=tuple(_make(Term, t) for t in files.glossary.data["terms"]),
        documents=tuple(_make(CitedDocument, d) for d in files.documents.data["documents"]),
        regions=regions,
        parameters=parameters,
        lexicon=Lexicon(
            synonyms=tuple(_make(Synonym, s) for s in lexicon["synonyms"]),
            question_words=tuple(lexicon["question_words"]),
            modalities=tuple(_make(Modality, m) for m in lexicon["modalities"]),
        ),
        change_kinds=tuple(_make(VocabularyEntry, v) for v in vocab["change_kinds"]),
        changes=ChangeLog(
            first_date=changes["first_date"], entries=tuple(_make(Change, c) for c in changes["entries"])
        ),
    )
