"""MkDocs hooks (registered under `hooks:` in mkdocs.yml): the Content-Security-Policy on every HTML file.

One sweep after the build covers Markdown pages, theme templates (404.html) and standalone HTML copied from
build/docs (embeds, cards) alike, in `build.py` and in `build.py serve`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

# MkDocs loads this file by path, not as part of the sitegen package.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from sitegen.hooks import csp  # noqa: E402


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    """Add the policy meta tag (with this page's inline-script hashes) to every HTML file MkDocs wrote; the preview
    policy when the command previews (`build.py serve` sets extra.preview in the config it hands MkDocs)."""
    csp.apply_tree(Path(config["site_dir"]), preview=bool(config["extra"].get("preview")))
