"""Post-build step: the calculator pages' service worker, versioned by the files it precaches.

Written after MkDocs so that its version is a hash of the finished files (pages with their CSP meta tags,
scripts, the Pyodide runtime, the package archive and snapshot): any change to any of them gives a new
worker, a new cache name, and the old cache is deleted on activation. Scope: /calculators/ only, so the
clause pages are never touched by it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..modules import VERSION_DIGITS, module_version, versioned_files
from .pyodide_runtime import SNAPSHOT_PREFIX, STDLIB_PREFIX

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "calculators" / "sw.js"
SW_PATH = Path("calculators") / "sw.js"
PRECACHED_DIRS = ("assets/calculators", "assets/pyodide", "assets/selfcheck")
IMMUTABLE_DIRS = ("assets/calculators/py/", "assets/pyodide/")  # hash-named files; Pyodide under its version
# Packed files (the standard library and the memory snapshot; sitegen/runtime/pyodide_runtime.py `write_packed`)
# are listed by their .gz (compressed whatever the host does); their raw form (which a host that encodes sends as
# brotli) is kept instead when the page already downloaded it, and their .br is the host's to send, never a URL
# of its own (see templates/calculators/sw.js). The snapshot's is fetched only on a link that allows it.
PACKED_PREFIXES = (STDLIB_PREFIX, SNAPSHOT_PREFIX)
LISTED_SUFFIX = ".gz"


def is_packed(rel: Path, suffix: str = "") -> bool:
    """Whether rel is one of a packed file's forms (with suffix: that form of it)."""
    return rel.name.startswith(PACKED_PREFIXES) and rel.name.endswith(suffix)


def precached_files(site: Path) -> list[Path]:
    """The calculator pages and everything they need to run, as site-relative paths, sorted."""
    pages = sorted(
        p.relative_to(site) for pattern in ("index.html", "*.mjs") for p in (site / "calculators").rglob(pattern)
    )
    assets = sorted(p.relative_to(site) for folder in PRECACHED_DIRS for p in (site / folder).rglob("*") if p.is_file())
    return pages + [rel for rel in assets if not is_packed(rel) or is_packed(rel, LISTED_SUFFIX)]


def build_hash(site: Path, files: list[Path]) -> str:
    """A short hash of the files' paths and bytes."""
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.as_posix().encode() + b"\0" + (site / rel).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def write_service_worker(site: Path) -> None:
    """Write site/calculators/sw.js with the precache list (URLs relative to the worker) and the version."""
    if not (site / "calculators").is_dir():
        return
    files = precached_files(site)
    # URLs relative to calculators/sw.js; "calculators/land/index.html" is fetched as "land/"; a versioned module
    # as the pages and modules name it, "…/engine.js?v=<hash>" (sitegen/modules.py).
    versioned = set(versioned_files(site))
    urls = []
    for rel in files:
        path = rel.as_posix()
        path = path[: -len("index.html")] if path.endswith("index.html") else path
        path += f"?v={module_version(site / rel)}" if rel in versioned else ""
        urls.append("./" + path[len("calculators/") :] if path.startswith("calculators/") else "../" + path)
    immutable = [
        u
        for u, rel in zip(urls, files, strict=True)
        if (rel.as_posix().startswith(IMMUTABLE_DIRS) and rel.name != "runtime.json") or rel in versioned
    ]
    packed = [u for u, rel in zip(urls, files, strict=True) if is_packed(rel, LISTED_SUFFIX)]
    background = [u for u in packed if u.rsplit("/", 1)[-1].startswith(SNAPSHOT_PREFIX)]
    text = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("__BUILD__", build_hash(site, files))
        .replace("__PRECACHE__", json.dumps(urls, ensure_ascii=False))
        .replace("__IMMUTABLE__", json.dumps(immutable))
        .replace("__PACKED__", json.dumps(packed))
        .replace("__BACKGROUND__", json.dumps(background))
        .replace("__VERSION_DIGITS__", str(VERSION_DIGITS))
    )
    (site / SW_PATH).write_text(text, encoding="utf-8")
