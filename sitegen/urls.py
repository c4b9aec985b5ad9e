"""The site's public address (mkdocs.yml `site_url`) and the permanent URLs built on it (see ARCHITECTURE.md)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

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


# Host names reserved for examples and tests (RFC 2606, RFC 6761): an address under one of them cannot be a
# published site, so a build that carries one is a preview and says so on every QR code, card and snippet.
_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")


def is_placeholder(url: str) -> bool:
    """True for an address no reader can reach (an example, test or loopback host): the site is a preview."""
    host = (urlsplit(url).hostname or "").lower()
    return (
        not host
        or host in ("localhost", "127.0.0.1", "::1")
        or any(host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS)
        or host.endswith(_RESERVED_SUFFIXES)
    )


def is_preview() -> bool:
    """True when this build's site_url is a placeholder: QR codes and snippets are marked 预览 and `dist` refuses."""
    return is_placeholder(site_url())


def release_problem(environ: dict[str, str] | None = None) -> str | None:
    """Why a release build may not go ahead (SITE_URL unset or a placeholder), or None when it may."""
    value = (os.environ if environ is None else environ).get("SITE_URL", "").strip()
    if not value:
        return "SITE_URL is not set: a release needs the address it will be served from (SITE_URL=https://host/path/)"
    if not value.startswith(("https://", "http://")):
        return f"SITE_URL={value!r} is not an absolute http(s) address"
    if is_placeholder(value):
        return f"SITE_URL={value!r} is a placeholder (example, test or loopback host): its QR codes would lead nowhere"
    return None


# The permanent site-relative URLs (ARCHITECTURE.md), one pattern per kind of thing. Python, templates (the global
# `url_for`) and, through the data the build writes into pages, the browser's scripts all build URLs from these.
# Never change a pattern: QR codes, embeds and citations elsewhere point at them.
PATTERNS = {
    "clause": "clauses/{id}/",  # a clause's page; a provision is its anchor: url_for("clause", …) + "#clause-08-p1"
    "text": "text/#{id}",  # a section or a clause in 原文
    "embed": "embed/{id}/",
    "card": "cards/{id}/",
    "qr": "qr/{id}-qr.svg",
    "slides": "slides/{id}.pptx",  # a clause's deck, or the whole notice's: url_for("slides", "notice")
    "overview": "overview/notice-overview.{id}",  # 一图读懂, id = svg | png | pdf
    "calculator": "calculators/{id}/",
    "term": "glossary/#{id}",
    "document": "documents/#{id}",
    "topic": "topics/#{id}",
    "party": "parties/#{id}",  # parties and provision strengths share the 对象索引 page
    "change": "changes/#{id}",  # an entry of the 变更记录 (policy/changes.yaml); also its Atom entry's link
}
CHANGES = "changes/"  # the 变更记录 page
CHANGES_FEED = "changes/feed.atom"  # its Atom feed (served as application/atom+xml by the .atom extension)


def url_for(kind: str, id: str) -> str:
    """The site-relative URL of one thing, e.g. url_for("clause", "clause-08") → "clauses/clause-08/"."""
    if kind not in PATTERNS:
        raise KeyError(f"no URL pattern for {kind!r}; known kinds: {', '.join(PATTERNS)}")
    return PATTERNS[kind].format(id=id)


def absolute(path: str) -> str:
    """The absolute URL of a site-relative path."""
    return site_url() + path
