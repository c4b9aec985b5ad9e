"""MkDocs hook (registered under `hooks:` in mkdocs.yml): helpers for the theme's templates.

`module_imports` lets templates/overrides/main.html preload what the head's boot.js imports, from the imports
themselves rather than a list kept by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from jinja2 import Environment

# MkDocs loads this file by path, not as part of the sitegen package.
_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

from sitegen.modules import module_imports  # noqa: E402


def on_env(env: Environment, **kwargs: Any) -> Environment:
    """Give the theme's templates `module_imports`."""
    env.globals["module_imports"] = module_imports
    return env
