"""Stage step: the jieba user dictionary of policy terms, so search finds 厂中厂 or 自持比例 as whole words.

Without it jieba splits policy terms (厂中厂 → 厂/中厂, 指导价格 → 指导/价格) and a search for the term ranks
clauses that merely share a fragment. The words come from the glossary (terms and aliases: a word readers
search for belongs there, e.g. 指导价格 as an alias) and the vocabularies (party and topic names).
mkdocs.yml points the search plugin at the file through $SITE_JIEBA_DICT_USER, which build.py sets.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..loading.model import Policy

FILE_NAME = "jieba_user_dict.txt"
# A high frequency makes jieba keep the word whole even where its parts are common words.
FREQUENCY = 100000


def dictionary_path(build_dir: Path) -> Path:
    """Where the dictionary is written: outside build/docs/, so it is never published."""
    return build_dir / "search" / FILE_NAME


def dictionary_words(policy: Policy) -> list[str]:
    """Every run of two or more Han characters in the names (split at / or 、), each once, in a stable order."""
    words = [t.term for t in policy.glossary]
    words += [alias for t in policy.glossary for alias in t.aliases]
    words += [e.name for e in (*policy.parties, *policy.topics)]
    seen: dict[str, None] = {}
    for word in words:
        # Digits split a name into fragments that are not words (山区26县和海岛县 → 县和海岛县): skip such names.
        if re.search(r"[0-9A-Za-z]", word):
            continue
        # jieba only ever sees runs of Han characters (Material segments nothing else), so only those matter.
        for run in re.findall(r"[\u4e00-\u9fff]+", word):
            if len(run) >= 2:
                seen.setdefault(run, None)
    return [word for word in seen if not _hides_a_word(word, seen)]


def _hides_a_word(word: str, words: dict[str, None]) -> bool:
    """True if a shorter dictionary word sits inside this one other than at its start.

    Search matches the start of indexed words (a query is a prefix), so 分割预售 kept whole would hide 预售 and
    工业用地三产化 would hide 三产化; without the compound, jieba cuts the text into the shorter words.
    """
    return any(other != word and other in word and not word.startswith(other) for other in words)


def write_search_dictionary(policy: Policy, staging: Path) -> None:
    """Stage step: write the jieba user dictionary next to build/docs/ (one `word frequency n` per line)."""
    target = dictionary_path(staging.parent)
    target.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{word} {FREQUENCY} n" for word in dictionary_words(policy)]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
