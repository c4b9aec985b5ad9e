"""The notice's provisions as the self-check reads them: calculators/data/provisions.json, made by `python build.py
data` from policy/ (clauses, parties, strengths). Verbatim text and each party's strength and binding words come
from there, never code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .parameters import read_generated

DATA_FILE = Path(__file__).resolve().parent / "data" / "provisions.json"  # same format number as parameters.json


@dataclass(frozen=True)
class Duty:
    """How the sentence binds one party: its strength id and the verbatim words that carry it."""

    party: str
    strength: str
    words: str  # "鼓励……回购": …… marks words left out


@dataclass(frozen=True)
class Provision:
    """One sentence of the notice, with its clause and, for each party it addresses, how strongly it binds it."""

    id: str  # "clause-10-p2"
    clause: int
    clause_id: str
    clause_label: str  # "（十）"
    clause_title: str
    clause_path: str  # site-relative page of the clause, e.g. "clauses/clause-10/"
    clause_qr: str  # site-relative QR code of that page
    text: str  # verbatim
    summary: str  # editorial
    duties: tuple[Duty, ...]
    contract: bool  # the sentence names the project management contract
    checks: tuple[str, ...]  # the plan's checks computing what it requires (policy/: a provision's checks)

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties it addresses."""
        return tuple(d.party for d in self.duties)

    def duty(self, party: str) -> Duty:
        """One addressed party's duty (its own strength and words)."""
        return next(d for d in self.duties if d.party == party)

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
            duties=tuple(Duty(d["party"], d["strength"], d["words"]) for d in p["duties"]),
            contract=p["contract"],
            checks=tuple(p.get("checks", ())),
        )
        for clause in load()["clauses"]
        for p in clause["provisions"]
    )


def parties() -> dict[str, str]:
    """Party id → Chinese name, in vocabularies.yaml's order."""
    return {party["id"]: party["name"] for party in load()["parties"]}


def strengths() -> dict[str, dict[str, Any]]:
    """Strength id → {name, short, binding, not_done, not_done_basis}."""
    return {strength["id"]: strength for strength in load()["strengths"]}


def addressed_to(party: str) -> tuple[Provision, ...]:
    """The provisions that address one party, in the notice's order."""
    return tuple(p for p in provisions() if party in p.parties)


def data_version() -> str:
    """The data version this engine computes with (the build's date, sitegen/reproducible.py): a review names it."""
    return str(load().get("data_version") or "")


def changes() -> list[dict[str, Any]]:
    """The 变更记录 entries, newest first: {date, title, clauses, calculators} (policy/changes.yaml)."""
    return list(load().get("changes", []))


def notice() -> dict[str, str]:
    """The notice's title, 文号 and date."""
    return dict(load()["notice"])
