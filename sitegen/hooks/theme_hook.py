"""MkDocs hook (registered under `hooks:` in mkdocs.yml): helpers for the theme's templates.

templates/overrides/main.html uses these in the head (the first two only on the pages that run the engine):
- `module_imports`: what boot.js imports, preloaded from the imports themselves rather than a list kept by hand;
- `runtime_manifest`: runtime.json, which the runtime step staged before MkDocs runs, for the page to hand the
  worker at once (the page is always revalidated, so it names this build's engine as runtime.json does);
- `changes_feed`: the 变更记录's Atom feed (sitegen/urls.py), named on every page for feed readers to find.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

# MkDocs loads this file by path, not as part of the sitegen package.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from sitegen.modules import module_imports  # noqa: E402
from sitegen.runtime.pyodide_runtime import MANIFEST_PATH  # noqa: E402
from sitegen.urls import CHANGES_FEED  # noqa: E402


def on_env(env: Environment, config: MkDocsConfig, **kwargs: Any) -> Environment:
    """Give the theme's templates `module_imports`, `runtime_manifest` and `changes_feed` (the 变更记录's Atom
    feed, which every page names in its head for feed readers to find)."""
    env.globals["module_imports"] = module_imports
    env.globals["changes_feed"] = CHANGES_FEED

    def runtime_manifest() -> Markup:
        """runtime.json on one line, safe inside <script type="application/json"> (no "<" can close it); `null`
        when no runtime was staged (a build of the pages alone, as some tests make): the worker then fetches it."""
        staged = Path(config["docs_dir"]) / MANIFEST_PATH
        manifest = json.loads(staged.read_text(encoding="utf-8")) if staged.exists() else None
        text = json.dumps(manifest, separators=(",", ":"))
        return Markup(text.replace("<", "\\u003c"))

    env.globals["runtime_manifest"] = runtime_manifest
    return env
