"""MkDocs hooks (registered under `hooks:` in mkdocs.yml) for the search index: whole words, page text only.

Tooltips (role="tooltip", e.g. a glossary definition shown on hover inside a clause) are not the page's text:
they are marked `data-search-exclude`, so a clause's search entry and snippet hold its own words only.

Let Chinese search try the whole typed word:
mkdocs-material's search worker segments a Chinese query greedily against the words of the index, but its
loop stops one character short (`j < query.length`), so the whole query is never looked up: with 指导 in the
index, 指导价格 is searched as 指导* and the clause that sets 租售指导价格 is drowned by every 指导. The fix is
that one comparison (`<=`), applied to the built worker; if a Material upgrade changes the code the build stops
here, and tests/browser/test_search.py says whether the fix is still needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

# for(let o=s+1;o<t.length;o++)t.slice(s,o)in e  — minified names vary, the shape does not.
_SEGMENT_LOOP = re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in ")


_TOOLTIP = re.compile(r'<(span|div)(\s[^>]*\brole="tooltip"[^>]*)>')


def exclude_tooltips(html: str) -> str:
    """The page HTML with every tooltip element marked for the search plugin to skip."""
    return _TOOLTIP.sub(
        lambda m: (
            m.group(0) if "data-search-exclude" in m.group(2) else f"<{m.group(1)}{m.group(2)} data-search-exclude>"
        ),
        html,
    )


def on_page_content(html: str, **kwargs: Any) -> str:
    """Mark tooltips before the search plugin indexes the page (it reads the content afterwards)."""
    return exclude_tooltips(html)


def patch_worker(source: str) -> str:
    """The worker's code with the segmentation loop reaching the end of the query; raises if not found once."""
    patched, count = _SEGMENT_LOOP.subn(lambda m: m.group(0).replace(f"{m.group(1)}<", f"{m.group(1)}<=", 1), source)
    if count != 1:
        raise PluginError(
            f"search worker: expected the query segmentation loop once, found it {count} times "
            "(mkdocs-material changed?): see sitegen/search/hooks.py"
        )
    return patched


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """Patch the built search worker(s) in site_dir."""
    workers = sorted((Path(config["site_dir"]) / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if not workers:
        raise PluginError("search worker not found in the built site: see sitegen/search/hooks.py")
    for worker in workers:
        worker.write_text(patch_worker(worker.read_text(encoding="utf-8")), encoding="utf-8")
