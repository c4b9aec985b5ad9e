"""MkDocs hooks (registered under `hooks:` in mkdocs.yml): add the rendered pages to the search index.

The stage step (sitegen/search/index.py) has already written the notice's entries into the staged index;
here each rendered page that is not made from those entries (calculators, 关于本站, 主题索引 …) adds its
sections, and the finished index is written into the site. Nothing here depends on the theme: MkDocs hands
over each page's content HTML before any template wraps it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

# MkDocs loads this file by path, not as part of the sitegen package.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from sitegen.search.index import INDEX_PATH, dump  # noqa: E402
from sitegen.search.pages import page_entries  # noqa: E402

_pages: list[tuple[str, str, str]] = []  # (url, title, content HTML) of this build's pages


def on_pre_build(config: MkDocsConfig, **kwargs: Any) -> None:
    _pages.clear()


def on_page_content(html: str, page: Page, **kwargs: Any) -> str:
    """Keep the page's content HTML (unchanged) for on_post_build."""
    _pages.append((page.url, page.title or "", html))
    return html


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """Add the pages' sections to the staged index; pages the notice's entries already cover are skipped."""
    target = Path(config["site_dir"]) / INDEX_PATH
    if not target.exists():
        raise PluginError(f"{target} missing: the stage step sitegen.search.index.write_policy_index did not run")
    index = json.loads(target.read_text(encoding="utf-8"))
    covered = {e["url"].split("#")[0] for e in index["entries"]}
    for url, title, html in sorted(_pages):
        if url not in covered:
            index["entries"] += page_entries(url, title, html)
    target.write_text(dump(index), encoding="utf-8")
