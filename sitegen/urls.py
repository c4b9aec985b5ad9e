"""The site's public address (mkdocs.yml `site_url`) and the permanent URLs built on it (see ARCHITECTURE.md)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml

MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing anything its `!!python/name:` tags name."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """MkDocs' `!ENV [NAME, default]`: the first variable that is set, else the default."""
    if not isinstance(node, yaml.SequenceNode):
        raise ValueError(f"!ENV expects a list [NAME, …, default], found {node.value!r}")
    *names, default = loader.construct_sequence(node)
    return next((os.environ[name] for name in names if os.environ.get(name)), default)


_TolerantLoader.add_constructor("!ENV", _env_tag)


@cache
def site_url(config: Path = MKDOCS_YML) -> str:
    """`site_url` from mkdocs.yml, always ending in "/"; QR codes and embed snippets need absolute addresses."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    url = str(data.get("site_url") or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{config}: site_url must be set to the site's absolute address (https://…/); found {url!r}")
    return url if url.endswith("/") else url + "/"


# The permanent site-relative URLs (ARCHITECTURE.md), one pattern per kind of thing. Python, templates (the global
# `url_for`) and, through the data the build writes into pages, the browser's scripts all build URLs from these.
# Never change a pattern: QR codes, embeds and citations elsewhere point at them.
PATTERNS = {
    "clause": "clauses/{id}/",  # a clause's page; a provision is its anchor: url_for("clause", …) + "#clause-08-p1"
    "text": "text/#{id}",  # a section or a clause in 原文
    "embed": "embed/{id}/",
    "card": "cards/{id}/",
    "qr": "qr/{id}-qr.svg",
    "calculator": "calculators/{id}/",
    "term": "glossary/#{id}",
    "document": "documents/#{id}",
    "topic": "topics/#{id}",
    "party": "parties/#{id}",  # parties and provision strengths share the 对象索引 page
}


def url_for(kind: str, id: str) -> str:
    """The site-relative URL of one thing, e.g. url_for("clause", "clause-08") → "clauses/clause-08/"."""
    if kind not in PATTERNS:
        raise KeyError(f"no URL pattern for {kind!r}; known kinds: {', '.join(PATTERNS)}")
    return PATTERNS[kind].format(id=id)


def absolute(path: str) -> str:
    """The absolute URL of a site-relative path."""
    return site_url() + path
