"""Stage step: one SVG QR code per clause (/qr/clause-NN-qr.svg) that opens the clause's page."""

from __future__ import annotations

import io
from pathlib import Path

import segno

from ..loading.model import Clause, Policy
from ..urls import absolute, is_preview, url_for

# Error correction M survives a smudged print or a slide photographed at an angle; 4 px modules, 4-module quiet zone.
_ERROR = "m"
_SCALE = 4
_BORDER = 4


def qr_svg(url: str, title: str) -> str:
    """A scalable SVG QR code for url (with a viewBox and a default size), titled for screen readers."""
    code = segno.make(url, error=_ERROR, micro=False)
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=1,
        border=_BORDER,
        omitsize=True,
        title=title,
        xmldecl=True,
        nl=True,
        svgclass=None,
        lineclass=None,
    )
    svg = out.getvalue().decode("utf-8")
    side = (code.symbol_size(scale=1, border=_BORDER)[0]) * _SCALE
    # omitsize gives a viewBox (so it scales crisply anywhere); a default size keeps it usable opened on its own.
    return svg.replace("<svg ", f'<svg width="{side}" height="{side}" ', 1)


def qr_png(url: str) -> bytes:
    """The same QR code as a PNG (10 px modules), for slides: PowerPoint and WPS place pictures, not SVG."""
    out = io.BytesIO()
    segno.make(url, error=_ERROR, micro=False).save(out, kind="png", scale=10, border=_BORDER)
    return out.getvalue()


def marked_as_preview(svg: str) -> str:
    """The QR code with "预览" written in red across its bottom quiet zone: it points at a placeholder address."""
    side = int(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0])
    mark = (
        f'<text x="{side / 2}" y="{side - 0.9}" font-size="2.6" text-anchor="middle" fill="#a3221b" '
        'font-family="sans-serif">预览·占位地址</text>'
    )
    return svg.replace("</svg>", mark + "</svg>", 1)


def clause_qr_svg(policy: Policy, clause: Clause) -> str:
    """The QR code that opens this clause's page on the public site (marked 预览 in a preview build)."""
    url = absolute(url_for("clause", clause.id))
    svg = qr_svg(url, f"二维码：打开{policy.notice.doc_number}第{clause.label}条全文 {url}")
    return marked_as_preview(svg) if is_preview() else svg


def write_qr_codes(policy: Policy, staging: Path) -> None:
    """Write qr/clause-NN-qr.svg for every clause."""
    for clause in policy.clauses:
        target = staging / url_for("qr", clause.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(clause_qr_svg(policy, clause), encoding="utf-8")
