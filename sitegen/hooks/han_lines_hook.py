"""MkDocs hook (registered under `hooks:` in mkdocs.yml): a wrapped Chinese sentence reads without a gap where
its source breaks the line (sitegen/han.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

# MkDocs loads this file by path, not as part of the sitegen package.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from sitegen.han import join_wrapped_lines  # noqa: E402


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Every page's Markdown, its wrapped Chinese lines joined."""
    return join_wrapped_lines(markdown)
