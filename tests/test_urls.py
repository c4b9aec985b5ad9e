"""Permanent URLs (sitegen/urls.py): one pattern per kind, used by Python and templates alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen.urls import PATTERNS, url_for

ROOT = Path(__file__).resolve().parent.parent


def test_the_permanent_urls_of_architecture_md() -> None:
    assert url_for("clause", "clause-08") == "clauses/clause-08/"
    assert url_for("clause", "clause-08") + "#clause-08-p1" == "clauses/clause-08/#clause-08-p1"
    assert url_for("text", "clause-08") == "text/#clause-08" and url_for("text", "section-1") == "text/#section-1"
    assert url_for("embed", "clause-08") == "embed/clause-08/"
    assert url_for("card", "clause-08") == "cards/clause-08/"
    assert url_for("qr", "clause-08") == "qr/clause-08-qr.svg"
    assert url_for("calculator", "land") == "calculators/land/"
    assert url_for("term", "term-self-held") == "glossary/#term-self-held"
    assert url_for("document", "doc-zjzfbf-2021-59") == "documents/#doc-zjzfbf-2021-59"
    assert url_for("topic", "topic-rent-sale") == "topics/#topic-rent-sale"
    assert url_for("party", "party-developer") == "parties/#party-developer"


def test_an_unknown_kind_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(KeyError, match="clause"):
        url_for("clauses", "clause-08")


# A URL of a permanent kind spelled out around an id: "clauses/" followed by a template expression ({{ … }} or
# '…' ~ x) or an f-string field. Staged file names (clauses/clause-08.md) and policy/ file paths are not URLs.
_HAND_MADE = re.compile(
    r"""(clauses|embed|cards|qr|calculators|glossary|documents|topics|parties)/#?"""
    r"""(\{\{|["']\s*~|\{(?!path\.)[^}]*\}(?!\.md))"""
)


@pytest.mark.parametrize(
    "path",
    [*sorted((ROOT / "sitegen").rglob("*.py")), *sorted((ROOT / "templates").glob("[!o]*/*.j2"))],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_url_of_a_permanent_kind_is_built_by_hand(path: Path) -> None:
    """Python and templates ask url_for(); only sitegen/urls.py spells the patterns out."""
    if path == ROOT / "sitegen" / "urls.py":
        assert set(PATTERNS) >= {"clause", "embed", "card", "qr"}
        return
    code = "\n".join(
        line for line in path.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")
    )
    assert not _HAND_MADE.search(code), _HAND_MADE.search(code)
