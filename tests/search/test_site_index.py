"""The query set on the index the built site serves (search/index.json: every page, not only the notice's
entries), ranked under Node by the module the search box loads (tests/browser/test_search.py checks that the box
shows its answers). A file of its own: it waits for the site build, the fast ranking tests do not."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_core
from search_queries import misranked, query_set

from sitegen.loading.model import Policy


def test_every_query_gives_its_expected_first_result_from_the_sites_own_index(site_dir: Path, policy: Policy) -> None:
    queries = query_set(policy)
    index = json.loads((site_dir / "search" / "index.json").read_text(encoding="utf-8"))
    wrong = misranked(queries, run_core(index, [q.text for q in queries]))
    assert not wrong, f"{len(wrong)} of {len(queries)}:\n" + "\n".join(wrong)
