"""The browser modules a page's script imports, found by reading their static imports, so that the page can ask
for all of them at once (`<link rel="modulepreload">`) instead of discovering them one round trip at a time."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path, PurePosixPath

DOCS_DIR = Path(__file__).resolve().parent.parent / "docs"

# `import … from "./x.js"` and `import "./x.js"`: relative specifiers only (the site loads nothing else).
IMPORT = re.compile(r"""^\s*import\s+(?:[^'"]*?\s+from\s+)?["'](\.{1,2}/[^"']+)["']""", re.MULTILINE)


@cache
def module_imports(entry: str) -> tuple[str, ...]:
    """Every module `entry` (a path under docs/, e.g. "assets/calculators/calculator.js") imports, directly or not,
    in the order found; the entry itself is not listed."""
    found: list[str] = []
    pending = [entry]
    while pending:
        path = PurePosixPath(pending.pop(0))
        for specifier in IMPORT.findall((DOCS_DIR / path).read_text(encoding="utf-8")):
            target = posixpath.normpath(f"{path.parent}/{specifier}")
            if target not in found and target != entry:
                found.append(target)
                pending.append(target)
    return tuple(found)
