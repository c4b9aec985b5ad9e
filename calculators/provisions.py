"""The notice's provisions as the self-check reads them: calculators/data/provisions.json, made by `python build.py
data` from policy/ (clauses, parties, strengths). Verbatim text, parties and strength come from there, never code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .parameters import read_generated

DATA_FILE = Path(__file__).resolve().parent / "data" / "provisions.json"  # same format number as parameters.json


@dataclass(frozen=True)
class Provision:
    """One sentence of the notice, with its clause, the parties it addresses and how strongly."""

    id: str  # "clause-10-p2"
    clause: int
    clause_id: str
    clause_label: str  # "（十）"
    clause_title: str
    clause_path: str  # site-relative page of the clause, e.g. "clauses/clause-10/"
    clause_qr: str  # site-relative QR code of that page
    text: str  # verbatim
    summary: str  # editorial
    parties: tuple[str, ...]
    strength: str
    contract: bool  # the sentence names the project management contract

    @property
    def sentence(self) -> int:
        """Its position in the clause: clause-10-p2 → 2."""
        return int(self.id.rsplit("-p", 1)[1])


@cache
def load() -> dict[str, Any]:
    """The whole file; raises ParametersMissing (the engine's "build data first" error) when it is absent."""
    return read_generated(DATA_FILE, "条文数据文件")


@cache
def provisions() -> tuple[Provision, ...]:
    """Every provision in the notice's order."""
    return tuple(
        Provision(
            id=p["id"],
            clause=clause["number"],
            clause_id=clause["id"],
            clause_label=clause["label"],
            clause_title=clause["title"],
            clause_path=clause["path"],
            clause_qr=clause["qr"],
            text=p["text"],
            summary=p["summary"],
            parties=tuple(p["parties"]),
            strength=p["strength"],
            contract=p["contract"],
        )
        for clause in load()["clauses"]
        for p in clause["provisions"]
    )


def parties() -> dict[str, str]:
    """Party id → Chinese name, in vocabularies.yaml's order."""
    return {party["id"]: party["name"] for party in load()["parties"]}


def strengths() -> dict[str, dict[str, Any]]:
    """Strength id → {name, short, binding}."""
    return {strength["id"]: strength for strength in load()["strengths"]}


def addressed_to(party: str) -> tuple[Provision, ...]:
    """The provisions that address one party, in the notice's order."""
    return tuple(p for p in provisions() if party in p.parties)


def notice() -> dict[str, str]:
    """The notice's title, 文号 and date."""
    return dict(load()["notice"])
