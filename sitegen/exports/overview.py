"""Stage step: 一图读懂, one overview image of the notice (/overview/notice-overview.svg, .png, and an A4 .pdf).

Built from policy/: the five parts, the sixteen clauses with the site's editorial titles (labelled 编者标题), whom
each addresses (the site's classification of its provisions, labelled), the one figure the notice sets (the
parameter that cites a clause and is not a reading) with the sentence that sets it, and the sentences that leave
terms to the 项目管理合同 — the notice's words only — plus the site's address and a QR code.

One layout, three renderings: the layout is measured with the font the PNG is drawn in (Noto Sans CJK SC, from
Debian's fonts-noto-cjk, found with fc-match), so the SVG's lines break where the PNG's do. PNG and PDF are drawn
with Pillow (deterministic for one Pillow and one font; the PDF's dates are the build time). Portrait, WIDTH px
wide: on a 390 px phone the smallest text shows at about 11 px, readable after one zoom step.
"""

from __future__ import annotations

import io
import subprocess
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import segno
from PIL import Image, ImageDraw, ImageFont

from calculators.chinese import chinese_date, chinese_numeral
from calculators.land import UNITS
from calculators.parameters import in_force

from ..loading.model import Clause, Policy, Provision
from ..reproducible import build_epoch
from ..urls import is_preview, site_url, url_for
from .slides import addressed

FORMATS = ("svg", "png", "pdf")
WIDTH = 960
MARGIN = 48
PDF_SCALE = 2  # the PDF's pages are drawn at twice the PNG's resolution (about 260 dpi on A4)
A4 = (210, 297)  # mm
FONT_FAMILY = "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"
INK, MUTED, ACCENT, PALE, WARN, WHITE = "#1f1f1f", "#555555", "#0b4f8a", "#eaf1f8", "#a3221b", "#ffffff"


@cache
def font_file(bold: bool) -> tuple[str, int]:
    """The Noto Sans CJK SC file and face index (fc-match); the build needs Debian's fonts-noto-cjk."""
    pattern = "Noto Sans CJK SC:style=Bold" if bold else "Noto Sans CJK SC:style=Regular"
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}:%{index}", pattern], capture_output=True, text=True).stdout
    except OSError as exc:  # no fontconfig
        out = str(exc)
    path, _, index = out.rpartition(":")
    if "NotoSansCJK" not in path:
        raise RuntimeError(f"一图读懂 needs the font Noto Sans CJK SC (Debian: fonts-noto-cjk); fc-match gave {out!r}")
    return path, int(index or 0)


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path, index = font_file(bold)
    return ImageFont.truetype(path, size, index=index)


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # baseline
    size: int
    text: str
    bold: bool = False
    color: str = INK


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Qr:
    x: float
    y: float
    side: float
    matrix: tuple[tuple[bool, ...], ...]


@dataclass
class Layout:
    """What is drawn, top to bottom; breaks are the y positions between blocks where an A4 page may end."""

    items: list[Text | Box | Qr] = field(default_factory=list)
    breaks: list[float] = field(default_factory=list)
    y: float = 0


def wrap(text: str, size: int, width: float, bold: bool = False) -> list[str]:
    """text in lines no wider than width at size (Chinese breaks anywhere; no line starts with closing
    punctuation)."""
    measure = font(size, bold).getlength
    lines: list[str] = []
    current = ""
    for char in text:
        if current and measure(current + char) > width and char not in "，。、；：！？）》”’":
            lines.append(current)
            current = ""
        current += char
    return [*lines, current] if current else lines


def _paragraph(layout: Layout, text: str, size: int, x: float, width: float, **style: Any) -> None:
    for line in wrap(text, size, width, style.get("bold", False)):
        layout.y += size * 1.45
        layout.items.append(Text(x, layout.y - size * 0.3, size, line, **style))


def _addressees(policy: Policy, clause: Clause) -> str:
    """The parties the clause's provisions address, each once, in the order they first appear."""
    names = [who.party for provision in clause.provisions for who in addressed(policy, provision)]
    return "、".join(dict.fromkeys(names))


def the_figure(policy: Policy) -> tuple[str, Provision, Clause]:
    """The one figure the notice sets ("100 亩"), the provision that sets it and its clause: the parameter in
    policy/parameters that cites a clause and is not a reading."""
    (parameter,) = [
        p for p in policy.parameters.values() if p.get("reference", {}).get("clause") and not p.get("reading")
    ]
    value = str((in_force(parameter["values"], policy.notice.date) or {})["value"])
    clause = policy.clause_by_number(parameter["reference"]["clause"])
    provision = next(p for p in clause.provisions if value in p.text)
    return f"{value} {UNITS[parameter['unit']]}", provision, clause


def layout(policy: Policy) -> Layout:
    """The overview, laid out for WIDTH px."""
    out = Layout()
    inner = WIDTH - 2 * MARGIN
    notice = policy.notice
    # Heading band.
    start = out.y
    out.items.append(Box(0, 0, WIDTH, 0, ACCENT))  # height set below
    out.y += 24
    _paragraph(out, "一图读懂", 52, MARGIN, inner, bold=True, color=WHITE)
    _paragraph(out, f"《{notice.title}》", 36, MARGIN, inner, bold=True, color=WHITE)
    _paragraph(out, f"{notice.doc_number}　{chinese_date(notice.date)}", 30, MARGIN, inner, color=WHITE)
    _paragraph(out, notice.issuer + notice.seal, 28, MARGIN, inner, color=WHITE)
    out.y += 28
    out.items[0] = Box(0, start, WIDTH, out.y - start, ACCENT)
    out.y += 12
    _paragraph(
        out,
        "引号内为通知原文；条款标题为本站编者所加，“对象”为编者按条文归类，均非通知原文。",
        28,
        MARGIN,
        inner,
        color=MUTED,
    )
    out.breaks.append(out.y)
    # The one figure, then what is left to the contract.
    figure, provision, clause = the_figure(policy)
    _card(out, "通知规定的唯一数值", [(figure, 88, True, ACCENT)], provision.text, clause)
    for clause in policy.clauses:
        for provision in clause.provisions:
            if policy.names_contract(provision):
                _card(out, "留给项目管理合同约定", [], provision.text, clause)
    # The five parts and their clauses.
    out.y += 20
    _paragraph(
        out,
        f"{chinese_numeral(len(policy.sections))}个部分（原文标题）· "
        f"{chinese_numeral(len(policy.clauses))}条（条款标题为编者所加）",
        30,
        MARGIN,
        inner,
        bold=True,
    )
    for section in policy.sections:
        out.y += 28
        top, index = out.y, len(out.items)
        out.items.append(Box(MARGIN, top, inner, 0, ACCENT))
        out.y += 6
        _paragraph(out, f"{section.label}、{section.title}", 36, MARGIN + 24, inner - 48, bold=True, color=WHITE)
        out.y += 18
        out.items[index] = Box(MARGIN, top, inner, out.y - top, ACCENT)
        for clause_id in section.clauses:
            clause = policy.clause(clause_id)
            out.y += 10
            _paragraph(out, f"第{clause.label}条 {clause.title}", 32, MARGIN + 12, inner - 24, bold=True)
            _paragraph(
                out, f"对象（编者归类）：{_addressees(policy, clause)}", 28, MARGIN + 12, inner - 24, color=MUTED
            )
            out.breaks.append(out.y)
    _footer(out, policy)
    return out


def _card(out: Layout, heading: str, big: list[tuple[str, int, bool, str]], quote: str, clause: Clause) -> None:
    out.y += 28
    index = len(out.items)
    top = out.y
    out.items.append(Box(MARGIN, top, WIDTH - 2 * MARGIN, 0, PALE))
    out.y += 8
    width = WIDTH - 2 * MARGIN - 48
    _paragraph(out, heading, 32, MARGIN + 24, width, bold=True, color=ACCENT)
    for text, size, bold, color in big:
        _paragraph(out, text, size, MARGIN + 24, width, bold=bold, color=color)
    _paragraph(out, f"“{quote}”", 30, MARGIN + 24, width)
    _paragraph(out, f"——第{clause.label}条", 28, MARGIN + 24, width, color=MUTED)
    out.y += 24
    out.items[index] = Box(MARGIN, top, WIDTH - 2 * MARGIN, out.y - top, PALE)
    out.breaks.append(out.y)


def _footer(out: Layout, policy: Policy) -> None:
    out.y += 36
    side = 220
    code = segno.make(site_url(), error="m", micro=False)
    matrix = tuple(tuple(bool(cell) for cell in row) for row in code.matrix_iter(scale=1, border=2))
    top = out.y
    out.items.append(Qr(MARGIN, top, side, matrix))
    x = MARGIN + side + 28
    width = WIDTH - x - MARGIN
    _paragraph(out, "扫码或访问本站", 30, x, width, bold=True)
    _paragraph(out, site_url(), 28, x, width, color=ACCENT)
    _paragraph(out, "非官方参考在线版，逐条原文、引用和自查；以通知原文为准。", 28, x, width, color=MUTED)
    if is_preview():
        _paragraph(out, "预览·占位地址，扫码打不开", 28, x, width, color=WARN)
    out.y = max(out.y, top + side) + MARGIN
    out.breaks.append(out.y)


def _qr_cells(item: Qr) -> Iterator[tuple[float, float, float]]:
    cell = item.side / len(item.matrix)
    for row, cells in enumerate(item.matrix):
        for column, dark in enumerate(cells):
            if dark:
                yield item.x + column * cell, item.y + row * cell, cell


def svg(policy: Policy) -> str:
    """The overview as SVG: real text (searchable, copyable), lines broken as in the PNG."""
    drawn = layout(policy)
    height = round(drawn.y)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="overview-title" font-family="{FONT_FAMILY}">',
        f'<title id="overview-title">一图读懂：{escape(policy.notice_citation())}</title>',
        f'<rect width="{WIDTH}" height="{height}" fill="{WHITE}"/>',
    ]
    for item in drawn.items:
        if isinstance(item, Box):
            parts.append(
                f'<rect x="{item.x:g}" y="{item.y:g}" width="{item.w:g}" height="{item.h:g}" fill="{item.fill}"/>'
            )
        elif isinstance(item, Text):
            weight = ' font-weight="bold"' if item.bold else ""
            parts.append(
                f'<text x="{item.x:g}" y="{item.y:g}" font-size="{item.size}"{weight} fill="{item.color}">'
                f"{escape(item.text)}</text>"
            )
        else:
            path = "".join(f"M{x:g} {y:g}h{c:g}v{c:g}h-{c:g}z" for x, y, c in _qr_cells(item))
            parts.append(f'<path d={quoteattr(path)} fill="{INK}"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _draw(drawn: Layout, scale: int, top: float, bottom: float) -> Image.Image:
    """The part of the layout between top and bottom, drawn at scale."""
    image = Image.new("RGB", (WIDTH * scale, round((bottom - top) * scale)), WHITE)
    pen = ImageDraw.Draw(image)
    for item in drawn.items:
        if isinstance(item, Box):
            pen.rectangle(
                (
                    item.x * scale,
                    (item.y - top) * scale,
                    (item.x + item.w) * scale - 1,
                    (item.y - top + item.h) * scale - 1,
                ),
                fill=item.fill,
            )
        elif isinstance(item, Text):
            pen.text(
                (item.x * scale, (item.y - top) * scale),
                item.text,
                font=font(item.size * scale, item.bold),
                fill=item.color,
                anchor="ls",
            )
        else:
            for x, y, c in _qr_cells(item):
                pen.rectangle((x * scale, (y - top) * scale, (x + c) * scale - 1, (y - top + c) * scale - 1), fill=INK)
    return image


def _few_colours(image: Image.Image) -> Image.Image:
    """A palette image (a few colours and their anti-aliasing shades): a third of the bytes, the same to the eye."""
    return image.quantize(colors=48, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)


def png(policy: Policy) -> bytes:
    drawn = layout(policy)
    out = io.BytesIO()
    _few_colours(_draw(drawn, 1, 0, drawn.y)).save(out, format="PNG", optimize=True)
    return out.getvalue()


def pdf(policy: Policy) -> bytes:
    """A4 pages, each holding the overview's blocks that fit, drawn at PDF_SCALE; dated with the build time."""
    drawn = layout(policy)
    page_height = WIDTH * A4[1] / A4[0]
    pages: list[Image.Image] = []
    top = 0.0
    while top < drawn.y:
        inset = MARGIN if top else 0  # a continuing page starts below the paper's edge
        fits = [b for b in drawn.breaks if top < b <= top + page_height - inset]
        bottom = fits[-1] if fits else min(top + page_height - inset, drawn.y)
        page = Image.new("RGB", (WIDTH * PDF_SCALE, round(page_height * PDF_SCALE)), WHITE)
        page.paste(_draw(drawn, PDF_SCALE, top, bottom), (0, inset * PDF_SCALE))
        pages.append(_few_colours(page))
        top = bottom
    return pdf_document(pages, f"一图读懂：{policy.notice_citation()}", build_epoch())


def pdf_document(pages: list[Image.Image], title: str, epoch: int) -> bytes:
    """A PDF of A4 pages, one palette image each, Flate-compressed (Pillow writes palette images uncompressed)."""
    width_pt, height_pt = (round(mm / 25.4 * 72, 2) for mm in A4)
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for page in pages:
        palette = (page.getpalette() or [])[: 3 * 256]
        colours = len(palette) // 3
        data = zlib.compress(page.tobytes(), 6)
        image = (
            (
                f"<< /Type /XObject /Subtype /Image /Width {page.width} /Height {page.height} "
                f"/ColorSpace [/Indexed /DeviceRGB {colours - 1} <{bytes(palette).hex()}>] /BitsPerComponent 8 "
                f"/Filter /FlateDecode /Length {len(data)} >>\nstream\n"
            ).encode()
            + data
            + b"\nendstream"
        )
        content = f"q {width_pt} 0 0 {height_pt} 0 0 cm /Im0 Do Q".encode()
        objects.append(image)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        first = len(objects) - 1  # the image's object number is first, the content's first + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width_pt} {height_pt}] "
            f"/Resources << /XObject << /Im0 {first} 0 R >> >> /Contents {first + 1} 0 R >>".encode()
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    stamp = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(epoch))
    objects.append(
        f"<< /Title <feff{title.encode('utf-16-be').hex()}> /CreationDate ({stamp}) /ModDate ({stamp}) >>".encode()
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        len(objects),
        xref,
    )
    return bytes(out)


def write_overview(policy: Policy, staging: Path) -> None:
    """Write overview/notice-overview.svg, .png and .pdf."""
    files = {"svg": svg(policy).encode("utf-8"), "png": png(policy), "pdf": pdf(policy)}
    for kind, data in files.items():
        target = staging / url_for("overview", kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
