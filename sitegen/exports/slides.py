"""Stage step: slide decks for trainers (/slides/notice.pptx and /slides/clause-NN.pptx), 16:9, from policy/.

Training rooms run PowerPoint and WPS 演示, often offline: a deck carries each clause verbatim with its label, the
citation in the notice's own form (Policy.citation) and a QR code to the clause page, so a slide never drifts from
the notice. Editorial matter (the site's titles, readings, provision classes) is labelled as such, on its own slide
or in the speaker notes, never inside the text. Nothing on a slide is smaller than MIN_PT (projection).

Fonts: 微软雅黑 as Latin, East Asian and complex-script typeface of every run (Windows has it; WPS maps it to its
own 微软雅黑; LibreOffice substitutes Noto Sans CJK SC / 思源黑体 through fontconfig). See docs/about.md.

Deterministic: python-pptx dates the zip entries and the core properties with the clock, so the saved package is
rewritten with the build's time (SOURCE_DATE_EPOCH) and its entries in the order python-pptx wrote them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.text.text import Font, TextFrame, _Run
from pptx.util import Emu, Inches, Length, Pt

from calculators.chinese import chinese_date

from ..loading.model import Clause, Policy, Provision, Section
from ..reproducible import build_epoch
from ..urls import absolute, is_preview, site_url, url_for
from .qr import qr_png

NOTICE_DECK = "notice"  # url_for("slides", NOTICE_DECK): the whole-notice deck
MIN_PT = 20  # the smallest text on any slide (projected Chinese text below this is hard to read from the back)
FONT = "微软雅黑"  # on Windows and in WPS; fallbacks in docs/about.md
BODY_PT = 28
TITLE_PT = 32
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)  # 16:9
CONTINUED = "（续）"
EDITORIAL_TITLE = "（本站标题）"
INK, MUTED, ACCENT, WARN = "1F1F1F", "555555", "0B4F8A", "A3221B"

# The clause text box (left of the QR code): its size decides how much text one slide holds at BODY_PT.
_BODY = (Inches(0.6), Inches(1.45), Inches(9.0), Inches(4.55))
_QR = (Inches(10.05), Inches(1.5), Inches(2.7))
_FOOT = (Inches(0.6), Inches(6.1), Inches(12.1), Inches(1.15))
_INSET_PT = 7.2 * 2  # python-pptx's default left+right (and top+bottom) text frame insets, 0.1 in each
_LINE = 1.25  # line height as a multiple of the font size (CJK fonts in PowerPoint and WPS)
_SENTENCE_END = re.compile(r"(?<=[。；！？])")
_PHRASE_END = re.compile(r"(?<=[，、：])")


@dataclass(frozen=True)
class Addressed:
    """Who a provision addresses and how strongly, as the speaker notes name them."""

    party: str
    strength: str


def addressed(policy: Policy, provision: Provision) -> list[Addressed]:
    """The parties one provision addresses, each with its own strength (names from vocabularies.yaml).

    The one place the decks read the provision model: a sentence may bind one party and only encourage another.
    """
    return [
        Addressed(policy.vocabulary(duty.party).name, policy.vocabulary(duty.strength).name)
        for duty in provision.duties
    ]


def capacity(width_emu: Length, height_emu: Length, size_pt: int) -> int:
    """How many Chinese characters fit in a text box at size_pt, one line kept spare for punctuation wrapping."""
    per_line = int((Emu(width_emu).pt - _INSET_PT) // size_pt)
    lines = int((Emu(height_emu).pt - _INSET_PT) // (size_pt * _LINE)) - 1
    return max(per_line * lines, per_line)


def split_text(text: str, limit: int) -> list[str]:
    """text in pieces of at most limit characters, cut after a sentence end (。；！？), else after a comma, else
    anywhere; joined again the pieces give text exactly."""
    pieces: list[str] = []
    current = ""
    for sentence in _pieces(text, limit):
        if current and len(current) + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def _pieces(text: str, limit: int) -> Iterable[str]:
    """Sentences; a sentence longer than limit in phrases; a phrase longer than limit in slices."""
    for sentence in filter(None, _SENTENCE_END.split(text)):
        if len(sentence) <= limit:
            yield sentence
            continue
        for phrase in filter(None, _PHRASE_END.split(sentence)):
            yield from (phrase[i : i + limit] for i in range(0, len(phrase), limit))


def _style(font: Font, size: int, bold: bool, color: str) -> None:
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(color)  # type: ignore[no-untyped-call]
    font.name = FONT


def _add_run(
    frame: TextFrame, text: str, size: int, *, bold: bool = False, color: str = INK, new: bool = False
) -> _Run:
    """A run of text in the last (or a new) paragraph, 微软雅黑 for Latin, East Asian and complex scripts."""
    paragraph = frame.add_paragraph() if new else frame.paragraphs[-1]  # type: ignore[no-untyped-call]
    if new:
        paragraph.space_before = Pt(8)  # paragraphs apart: a reading, a note, a listed clause each stand alone
    run = paragraph.add_run()
    run.text = text
    _style(run.font, size, bold, color)
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", "zh-CN")
    rpr.set("altLang", "en-US")
    latin = rpr.find(qn("a:latin"))
    for tag in ("a:cs", "a:ea"):  # after <a:latin>, in schema order: latin, ea, cs
        element = etree.SubElement(rpr, qn(tag))
        element.set("typeface", FONT)
        latin.addnext(element)
    return run


def _box(slide: Slide, left: Length, top: Length, width: Length, height: Length) -> TextFrame:
    frame: TextFrame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    return frame


def _slide(deck: Deck) -> Slide:
    slide: Slide = deck.slides.add_slide(deck.slide_layouts[6])  # blank
    return slide


def _notes(slide: Slide, lines: Iterable[str]) -> None:
    frame = slide.notes_slide.notes_text_frame
    assert frame is not None  # the default notes master has a body placeholder
    frame.text = "\n".join(lines)


def _heading(slide: Slide, label: str, title: str, continued: bool) -> None:
    frame = _box(slide, Inches(0.6), Inches(0.35), Inches(12.1), Inches(1.0))
    _add_run(frame, label + (CONTINUED if continued else ""), TITLE_PT, bold=True, color=ACCENT)
    if title:
        _add_run(frame, "  " + title, 26, bold=True)
        _add_run(frame, EDITORIAL_TITLE, MIN_PT, color=MUTED)


def _qr(slide: Slide, clause: Clause) -> None:
    left, top, side = _QR
    picture = slide.shapes.add_picture(io.BytesIO(qr_png(absolute(url_for("clause", clause.id)))), left, top, side)
    picture.name = f"二维码 {clause.id}"
    frame = _box(slide, Emu(left - Inches(0.1)), Emu(top + side), Emu(side + Inches(0.2)), Inches(1.2))
    _add_run(frame, "扫码打开本条", MIN_PT, color=MUTED)
    if is_preview():
        _add_run(frame, "预览·占位地址，扫码打不开", MIN_PT, color=WARN, new=True)


def clause_notes(policy: Policy, clause: Clause) -> list[str]:
    """The speaker notes of a clause's slides: its provisions (party, strength), readings and related clauses."""
    lines = [
        f"第{clause.label}条 {clause.title}{EDITORIAL_TITLE}",
        "",
        "逐句要点（对象和效力为本站归类，非通知原文）：",
    ]
    for provision in clause.provisions:
        who = "；".join(f"{a.party}：{a.strength}" for a in addressed(policy, provision))
        lines.append(f"· {provision.text}")
        lines.append(f"  对象与效力：{who}")
    if clause.readings:
        lines += ["", "编者校读（非通知原文）："]
        lines += [f"· 原文作“{r.as_transcribed}”，本站读作“{r.reading}”：{r.basis}" for r in clause.readings]
    if clause.related:
        lines += ["", "相关条款："]
        lines += [f"· 第{policy.clause(c).label}条 {policy.clause(c).title}" for c in clause.related]
    lines += ["", f"引用：{policy.citation(clause)}", f"本条页面：{absolute(url_for('clause', clause.id))}"]
    return lines


def clause_slides(deck: Deck, policy: Policy, clause: Clause) -> None:
    """One or more slides with the clause's verbatim text (split at sentence ends, 续 after the first), its label,
    citation and QR code; then its editorial readings, marked as such, on slides of their own."""
    left, top, width, height = _BODY
    parts = split_text(clause.text, capacity(width, height, BODY_PT))
    notes = clause_notes(policy, clause)
    for index, part in enumerate(parts):
        slide = _slide(deck)
        _heading(slide, f"第{clause.label}条", clause.title, continued=index > 0)
        body = _box(slide, left, top, width, height)
        _add_run(body, part, BODY_PT)
        if clause.readings and index == len(parts) - 1:
            _add_run(
                body, f"本条有{len(clause.readings)}处编者校读，见下页（不改原文）。", MIN_PT, color=MUTED, new=True
            )
        _qr(slide, clause)
        foot = _box(slide, *_FOOT)
        _add_run(foot, "引用：" + policy.citation(clause), MIN_PT, color=MUTED)
        _notes(slide, notes)
    if clause.readings:
        readings = [f"原文作“{r.as_transcribed}”，本站读作“{r.reading}”。{r.basis}" for r in clause.readings]
        _list_slides(deck, f"第{clause.label}条 编者校读", "（本站所加，非通知原文）", readings, notes)


def _list_slides(deck: Deck, heading: str, marker: str, items: Sequence[str], notes: list[str]) -> None:
    """items, one paragraph each, on as many slides as they need at MIN_PT (续 after the first)."""
    left, top, width = Inches(0.6), Inches(1.45), Inches(12.1)
    height = Inches(5.6)
    limit = capacity(width, height, MIN_PT) - len(items)  # a paragraph's last line is rarely full
    pages: list[list[str]] = [[]]
    for item in items:
        for piece in split_text(item, limit):
            if pages[-1] and sum(map(len, pages[-1])) + len(piece) > limit:
                pages.append([])
            pages[-1].append(piece)
    for index, page in enumerate(pages):
        slide = _slide(deck)
        frame = _box(slide, Inches(0.6), Inches(0.35), Inches(12.1), Inches(1.0))
        _add_run(frame, heading + (CONTINUED if index else ""), TITLE_PT, bold=True, color=ACCENT)
        _add_run(frame, marker, MIN_PT, color=MUTED)
        body = _box(slide, left, top, width, height)
        for position, item in enumerate(page):
            _add_run(body, item, MIN_PT, new=position > 0)
        _notes(slide, notes)


def _title_slide(deck: Deck, policy: Policy) -> None:
    notice = policy.notice
    slide = _slide(deck)
    frame = _box(slide, Inches(0.8), Inches(0.9), Inches(11.7), Inches(2.6))
    _add_run(frame, f"《{notice.title}》", 36, bold=True)
    facts = _box(slide, Inches(0.8), Inches(3.7), Inches(11.7), Inches(2.2))
    _add_run(facts, notice.doc_number, 30, bold=True, color=ACCENT)
    _add_run(facts, notice.issuer + notice.seal, 24, new=True)
    _add_run(facts, chinese_date(notice.date), 24, new=True)
    foot = _box(slide, Inches(0.8), Inches(6.1), Inches(11.7), Inches(1.1))
    _add_run(foot, f"非官方参考在线版 {site_url()}", MIN_PT, color=MUTED)
    if is_preview():
        _add_run(foot, "（预览·占位地址）", MIN_PT, color=WARN)
    _notes(slide, [f"引用本通知：{policy.notice_citation()}", f"条文均按转录稿照录；条款标题为本站所加。{site_url()}"])


def _section_slide(deck: Deck, policy: Policy, section: Section) -> None:
    slide = _slide(deck)
    frame = _box(slide, Inches(0.8), Inches(0.9), Inches(11.7), Inches(1.4))
    _add_run(frame, f"{section.label}、{section.title}", 40, bold=True, color=ACCENT)
    listing = _box(slide, Inches(0.8), Inches(2.5), Inches(11.7), Inches(4.6))
    for position, clause_id in enumerate(section.clauses):
        clause = policy.clause(clause_id)
        _add_run(listing, f"第{clause.label}条  {clause.title}", 24, new=position > 0)
    _add_run(listing, "条款标题为本站所加，非通知原文。", MIN_PT, color=MUTED, new=True)
    _notes(slide, [f"{section.label}、{section.title}（通知原文的部分标题）"])


def _new_deck() -> Deck:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    return deck


def _build_time() -> datetime:
    return datetime.fromtimestamp(build_epoch(), UTC).replace(tzinfo=None)


def _save(deck: Deck, title: str) -> bytes:
    """The deck's bytes, the same for the same policy/ and build time: core properties and zip entries dated
    with the build time, entries in python-pptx's order, one compression setting."""
    when = _build_time()
    props = deck.core_properties
    props.title, props.author, props.last_modified_by = title, site_url(), site_url()
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    raw = io.BytesIO()
    deck.save(raw)
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            target.writestr(entry, source.read(info.filename), compresslevel=9)
    return out.getvalue()


def notice_deck(policy: Policy) -> bytes:
    """The whole notice: title slide, then per part a section slide and its clauses' slides."""
    deck = _new_deck()
    _title_slide(deck, policy)
    for section in policy.sections:
        _section_slide(deck, policy, section)
        for clause_id in section.clauses:
            clause_slides(deck, policy, policy.clause(clause_id))
    return _save(deck, policy.notice_citation())


def clause_deck(policy: Policy, clause: Clause) -> bytes:
    """One clause's slides, for a trainer who needs just that clause."""
    deck = _new_deck()
    clause_slides(deck, policy, clause)
    return _save(deck, policy.citation(clause))


def deck_file_name(policy: Policy, clause: Clause | None = None) -> str:
    """The name a downloaded deck is saved under: 浙小微园办〔2022〕3号第（八）条.pptx."""
    return f"{policy.notice.doc_number}{f'第{clause.label}条' if clause else '全文'}.pptx"


def write_slides(policy: Policy, staging: Path) -> None:
    """Write slides/notice.pptx and slides/clause-NN.pptx."""
    decks = {NOTICE_DECK: notice_deck(policy)} | {c.id: clause_deck(policy, c) for c in policy.clauses}
    for deck_id, data in decks.items():
        target = staging / url_for("slides", deck_id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
