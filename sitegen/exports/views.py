"""Stage step: the standalone views of each clause, written as finished HTML that MkDocs copies verbatim.

/embed/clause-NN/index.html  a minimal page for an <iframe> on another site (no site chrome)
/cards/clause-NN/index.html  a card with text, citation and QR code, for print (A4/A5) and slides

Both carry the site's Content-Security-Policy (sitegen.csp) and load only their own stylesheet.
"""

from __future__ import annotations

from pathlib import Path

from .. import csp
from ..loading.model import Clause, Policy
from ..templating import render
from ..urls import absolute, is_preview, url_for

ROOT_FROM_VIEW = "../../"  # every view sits two folders below the site root
# The height (px) the copied embed code starts with, by clause text length, for a frame 390 px wide (a phone): the
# frame's own script (embed.js + embed-resize.js) then fits it to the content at any width. The browser test checks
# that each clause fits its starting height at 390 px, so a page that strips the script still clips nothing there.
EMBED_WIDTH = 390
_EMBED_BASE_HEIGHT = 150
_EMBED_PX_PER_CHAR = 1.1


def embed_height(clause: Clause) -> int:
    """A frame height (px) that shows the whole clause at about EMBED_WIDTH px wide, rounded up to 10 px."""
    raw = _EMBED_BASE_HEIGHT + _EMBED_PX_PER_CHAR * len(clause.text)
    return int(-(-raw // 10) * 10)


def _context(policy: Policy, clause: Clause) -> dict[str, object]:
    page_url = absolute(url_for("clause", clause.id))
    return {
        "notice": policy.notice,
        "clause": clause,
        "citation": policy.citation(clause),
        "root": ROOT_FROM_VIEW,
        "page_url": page_url,
        "page_url_short": page_url.split("://", 1)[-1],
        "preview": is_preview(),
    }


def render_view(policy: Policy, clause: Clause, view: str) -> str:
    """One view ("embed" or "card") of a clause as complete HTML, with its CSP meta tag."""
    html = render(f"views/{view}.html.j2", **_context(policy, clause))
    path = url_for(view, clause.id) + "index.html"
    # The MkDocs hook applies the policy to every HTML file too; applying it here keeps build/docs/ safe to serve.
    return csp.apply(html, path)


def write_views(policy: Policy, staging: Path) -> None:
    """Write embed/clause-NN/index.html and cards/clause-NN/index.html for every clause."""
    for clause in policy.clauses:
        for view in ("embed", "card"):
            target = staging / url_for(view, clause.id) / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_view(policy, clause, view), encoding="utf-8")
