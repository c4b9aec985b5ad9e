"""Stage step: the 义务清单 page (/obligations/) and the 数据下载 page (/data/, beside the files it lists).

The checklist lists every provision exactly once, in the notice's order, with who it addresses and how strongly,
then a matrix of parties × clauses. The downloads page lists every file in sitegen.exports.EXPORTS with its real
size, so it must run after the exports step.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..exports.data import EXPORTS, TRAINER_EXPORTS, Export, obligation_rows
from ..exports.slides import deck_file_name
from ..loading.model import Clause, Policy, Provision, VocabularyEntry
from ..templating import render

CHECKLIST_FILE = "obligations/index.md"
DOWNLOADS_FILE = "data/index.md"
ROOT_FROM_PAGE = "../"  # both pages sit one folder below the site root


@dataclass(frozen=True)
class MatrixCell:
    """The provisions of one clause that address one party."""

    clause: Clause
    provisions: tuple[Provision, ...]


@dataclass(frozen=True)
class Download:
    """An export as the 数据下载 page shows it."""

    export: Export
    size: str


def short_name(entry: VocabularyEntry) -> str:
    """A vocabulary name without its parenthesised gloss: 义务（应、要） → 义务."""
    return entry.name.split("（", 1)[0]


def party_matrix(policy: Policy) -> list[tuple[VocabularyEntry, list[MatrixCell]]]:
    """For each party, one cell per clause holding the provisions addressed to it (empty when none)."""
    return [
        (
            party,
            [
                MatrixCell(clause, tuple(p for p in clause.provisions if party.id in p.parties))
                for clause in policy.clauses
            ],
        )
        for party in policy.parties
    ]


def human_size(size: int) -> str:
    """Bytes as a reader expects them: 812 字节, 12.4 KB, 1.2 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _common(policy: Policy) -> dict[str, Any]:
    return {
        "policy": policy,
        "notice": policy.notice,
        "root": ROOT_FROM_PAGE,
        "vocabulary": policy.vocabulary,
        "short_name": short_name,
    }


def write_reuse_pages(policy: Policy, staging: Path) -> None:
    """Render checklist/index.md and downloads/index.md into build/docs/."""
    downloads = [Download(e, human_size((staging / e.path).stat().st_size)) for e in EXPORTS]
    trainers = [Download(e, human_size((staging / e.path).stat().st_size)) for e in TRAINER_EXPORTS]
    pages = {
        CHECKLIST_FILE: render(
            "pages/checklist.md.j2", rows=obligation_rows(policy), matrix=party_matrix(policy), **_common(policy)
        ),
        DOWNLOADS_FILE: render(
            "pages/downloads.md.j2",
            downloads=downloads,
            trainers=trainers,
            deck_name=lambda clause=None: deck_file_name(policy, clause),
            size_of=lambda path: human_size((staging / path).stat().st_size),
            **_common(policy),
        ),
    }
    for file, text in pages.items():
        target = staging / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
