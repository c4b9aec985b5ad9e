"""Issue 24 item 8: policy/'s duties agree with a second, independent reading of the notice.

tests/fidelity/second_reading.yaml was written blind from the source text (its header says how); this test maps
each of its sentences to the provision it reads and fails on any sentence left unread and on any disagreement in
the parties addressed, a party's strength, or the words that carry it. A disagreement is settled by reading the
notice again and recording who was right in the file's `adjudications`, never by loosening this test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).resolve().parent
POLICY = HERE.parents[1] / "policy"
SECOND: dict[str, Any] = yaml.safe_load((HERE / "second_reading.yaml").read_text(encoding="utf-8"))
VOCABULARY: dict[str, Any] = yaml.safe_load((POLICY / "vocabularies.yaml").read_text(encoding="utf-8"))
MARKERS = {s["id"]: s["markers"] for s in VOCABULARY["strengths"]}
CLAUSES = [yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted((POLICY / "clauses").glob("clause-*.yaml"))]
PROVISIONS = {p["id"]: p for clause in CLAUSES for p in clause["provisions"]}
ELIDED = "……"


def _plain(text: str) -> str:
    """The text without whitespace: the data keeps the transcription's "100 亩", the reading wrote "100亩"."""
    return re.sub(r"\s+", "", text)


def _within(inner: str, outer: str) -> bool:
    """Whether `inner` occurs in `outer`, …… in either marking words left out (its parts in order)."""
    inner_parts = [p for p in _plain(inner).split(ELIDED) if p]
    outer_text = _plain(outer)
    position = 0
    for part in inner_parts:
        found = outer_text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def _same_words(mine: str, data: str, sentence: str) -> bool:
    """One quote lies within the other: mine in the data's words (each left-out gap filled from the sentence), or
    the data's in mine."""
    if _within(data, mine):
        return True
    parts = [p for p in _plain(data).split(ELIDED) if p]
    text = _plain(sentence)
    start = text.find(parts[0])
    end = text.find(parts[-1], start)
    return start >= 0 and end >= 0 and _plain(mine) in text[start : end + len(parts[-1])]


def _carries(words: str, marker: str) -> bool:
    return _within(marker, words)


def _readings() -> dict[str, dict[str, Any]]:
    """The reading's sentences by the id of the provision each reads (the provision at the sentence's place)."""
    mapped: dict[str, dict[str, Any]] = {}
    for clause in SECOND["clauses"]:
        for sentence in clause["sentences"]:
            mapped[f"clause-{clause['clause']:02d}-p{sentence['sentence']}"] = sentence
    return mapped


READINGS = _readings()


def test_the_second_reading_reads_every_provision_and_only_those() -> None:
    assert sorted(READINGS) == sorted(PROVISIONS), set(READINGS) ^ set(PROVISIONS)


@pytest.mark.parametrize("provision", sorted(READINGS))
def test_the_sentence_read_is_the_provision_at_its_place(provision: str) -> None:
    assert _plain(PROVISIONS[provision]["text"]).startswith(_plain(READINGS[provision]["starts"])), provision


@pytest.mark.parametrize("provision", sorted(READINGS))
def test_the_reading_quotes_the_notice_and_each_quote_carries_its_strength(provision: str) -> None:
    text = PROVISIONS[provision]["text"]
    for party, reading in READINGS[provision]["parties"].items():
        for entry in [reading, *reading.get("also", [])]:
            assert _within(entry["words"], text), (provision, party, entry["words"])
            assert any(_carries(entry["words"], m) for m in MARKERS[entry["strength"]]), (provision, party)


@pytest.mark.parametrize("provision", sorted(READINGS))
def test_the_data_gives_each_party_the_second_readings_strength_and_words(provision: str) -> None:
    data = {d["party"]: d for d in PROVISIONS[provision]["duties"]}
    mine = READINGS[provision]["parties"]
    assert set(data) == set(mine), (provision, "parties", sorted(data), sorted(mine))
    for party, reading in mine.items():
        assert data[party]["strength"] == reading["strength"], (provision, party, data[party]["strength"])
        assert _same_words(reading["words"], data[party]["words"], PROVISIONS[provision]["text"]), (
            provision,
            party,
            data[party]["words"],
            reading["words"],
        )


def test_every_disagreement_found_is_adjudicated_from_the_notices_words() -> None:
    """Each adjudication names a provision, who was right and why, with words of that provision."""
    adjudications = SECOND["adjudications"]
    assert adjudications
    for entry in adjudications:
        assert entry["provision"] in PROVISIONS and entry["right"] in ("data", "second reading", "neither")
        assert entry["resolution"] and entry["why"], entry["provision"]
        assert _within(entry["words"], PROVISIONS[entry["provision"]]["text"]), entry["provision"]
