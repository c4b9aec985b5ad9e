"""Build step 2: calculators/data/parameters.json and provisions.json, the engine's only view of policy/.

The engine never reads YAML (the browser has no YAML parser), so the validated parameters and regions are
written as JSON: exact values as text, sorted keys, written atomically so a reader never sees half a file.
provisions.json holds what the self-check asks about: every provision with its clause, verbatim text and duties (for
each party it addresses: that party's strength and the words that carry it), and the parties and strengths as
vocabularies.yaml names them.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..urls import url_for

if TYPE_CHECKING:
    from ..loading.model import Policy

ROOT = Path(__file__).resolve().parents[2]
ENGINE_DATA = ROOT / "calculators" / "data" / "parameters.json"
PROVISIONS_DATA = ROOT / "calculators" / "data" / "provisions.json"
FORMAT = 1  # calculators.parameters.FORMAT and calculators.provisions.FORMAT read this version


def engine_data(policy: Policy) -> dict[str, Any]:
    """The JSON document the engine reads (regions and parameters were cross-checked on loading:
    sitegen/loading/checks.py)."""
    parameters = {name: _exact_values(record) for name, record in sorted(policy.parameters.items())}
    return {"format": FORMAT, "notice_date": policy.notice.date, "parameters": parameters, "regions": policy.regions}


def provisions_data(policy: Policy) -> dict[str, Any]:
    """The JSON document the self-check reads: clauses with their provisions and duties, parties and strengths."""
    return {
        "format": FORMAT,
        # Which state of policy/ and the engine a report was computed with (the newest 变更记录 date), and what
        # changed on each date: a review names the version a file was made with and lists what changed since.
        "data_version": policy.changes.version,
        "changes": [
            {"date": c.date, "title": c.title, "clauses": list(c.clauses), "calculators": list(c.calculators)}
            for c in policy.changes.entries
        ],
        "notice": {"title": policy.notice.title, "doc_number": policy.notice.doc_number, "date": policy.notice.date},
        "parties": [{"id": p.id, "name": p.name, "description": p.description} for p in policy.parties],
        "strengths": [
            {
                "id": s.id,
                "name": s.name,
                "short": s.name.split("（", 1)[0],
                "binding": s.binding,
                "not_done": s.not_done,
                "not_done_basis": s.not_done_basis,
            }
            for s in policy.strengths
        ],
        "clauses": [
            {
                "id": clause.id,
                "number": clause.number,
                "label": clause.label,
                "title": clause.title,
                "path": url_for("clause", clause.id),
                "qr": url_for("qr", clause.id),
                "provisions": [
                    {
                        "id": p.id,
                        "text": p.text,
                        "duties": [asdict(d) for d in p.duties],
                        "summary": p.summary,
                        "checks": list(p.checks),
                        "contract": policy.names_contract(p),
                    }
                    for p in clause.provisions
                ],
            }
            for clause in policy.clauses
        ],
    }


def write_engine_data(policy: Policy, target: Path = ENGINE_DATA) -> Path:
    """Write calculators/data/parameters.json atomically (temp file + rename); returns its path."""
    return _write_json(engine_data(policy), target)


def write_provisions_data(policy: Policy, target: Path = PROVISIONS_DATA) -> Path:
    """Write calculators/data/provisions.json atomically; returns its path."""
    return _write_json(provisions_data(policy), target)


def _write_json(data: dict[str, Any], target: Path) -> Path:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def _exact_values(record: dict[str, Any]) -> dict[str, Any]:
    """The parameter with every value as exact text ("100", "10000/15"), so JSON never holds a float."""
    values = {start: {**entry, "value": str(entry["value"])} for start, entry in record["values"].items()}
    return {**record, "values": values}
