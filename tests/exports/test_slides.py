"""Slide decks and 一图读懂 as a trainer gets them, built in-process from policy/ (fast lane: no site build).

The built site's decks (QR codes decoded, LibreOffice opening them) are checked in tests/exports/test_trainers.py.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterator

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from sitegen.exports import overview, slides
from sitegen.loading.model import Clause, Policy
from sitegen.loading.policy import load_policy
from sitegen.urls import absolute, url_for


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(autouse=True)
def build_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def texts(deck: bytes) -> Iterator[tuple[int, str, float]]:
    """Every run on every slide: (slide number, text, size in pt)."""
    for number, slide in enumerate(Presentation(io.BytesIO(deck)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        yield number, run.text, run.font.size.pt


def body_text(deck: bytes) -> str:
    """The clause text as the slides show it: the runs at body size, in slide order."""
    return "".join(text for _, text, size in texts(deck) if size == slides.BODY_PT)


def test_split_text_cuts_after_sentences_and_loses_nothing() -> None:
    text = "第一句话很短。第二句话稍微长一点；第三句，有逗号，而且更长一些！最后一句？"
    assert slides.split_text(text, 20) == [
        "第一句话很短。第二句话稍微长一点；",
        "第三句，有逗号，而且更长一些！最后一句？",
    ]
    pieces = slides.split_text(text, 10)  # the third sentence alone is longer: cut after a comma
    assert "".join(pieces) == text
    assert all(len(p) <= 10 and p[-1] in "。；！？，" for p in pieces)


@pytest.fixture(scope="module")
def notice_deck(policy: Policy) -> bytes:
    return slides.notice_deck(policy)


def test_deck_is_16_9_verbatim_and_never_under_20_pt(policy: Policy, notice_deck: bytes) -> None:
    prs = Presentation(io.BytesIO(notice_deck))
    assert round(Emu(prs.slide_width).inches / Emu(prs.slide_height).inches, 3) == round(16 / 9, 3)
    small = [(n, t, size) for n, t, size in texts(notice_deck) if size < slides.MIN_PT]
    assert not small, f"text under {slides.MIN_PT} pt: {small[:3]}"
    all_text = "".join(t for _, t, _ in texts(notice_deck))
    for clause in policy.clauses:
        assert clause.text in body_text(notice_deck)
        assert policy.citation(clause) in all_text
        assert f"第{clause.label}条" in all_text


def test_a_long_clause_continues_on_slides_marked_xu(policy: Policy) -> None:
    clause = policy.clause("clause-01")
    long = dataclasses.replace(clause, text="".join(c.text for c in policy.clauses[:4]))  # 479 characters
    deck = slides.clause_deck(policy, long)
    headings = [t for _, t, size in texts(deck) if size == slides.TITLE_PT]
    text_slides = [h for h in headings if "编者校读" not in h]
    assert len(text_slides) >= 3
    assert text_slides[0] == f"第{clause.label}条" and all(h.endswith(slides.CONTINUED) for h in text_slides[1:])
    assert body_text(deck) == long.text
    for _, text, size in texts(deck):
        if size == slides.BODY_PT and text in long.text:
            assert text[-1] in "。；！？", f"a slide ends mid-sentence: …{text[-10:]}"


def test_readings_are_marked_and_kept_out_of_the_text(policy: Policy) -> None:
    clause = next(c for c in policy.clauses if c.readings)
    deck = slides.clause_deck(policy, clause)
    prs = Presentation(io.BytesIO(deck))
    reading_slides = [s for s in prs.slides if "编者校读" in s.shapes[0].text_frame.text]
    assert reading_slides and all("非通知原文" in s.shapes[0].text_frame.text for s in reading_slides)
    assert body_text(deck) == clause.text  # the text slides carry the transcription, no reading applied
    shown = "".join(s.shapes[1].text_frame.text for s in reading_slides)
    assert all(r.basis[:20] in shown.replace("\n", "") for r in clause.readings)


def test_speaker_notes_give_provisions_with_party_and_strength_and_related_clauses(policy: Policy) -> None:
    clause = policy.clause("clause-08")
    notes = Presentation(io.BytesIO(slides.clause_deck(policy, clause))).slides[0].notes_slide.notes_text_frame.text
    for provision in clause.provisions:
        assert provision.text in notes
        for duty in provision.duties:  # each party with its own strength in the sentence
            assert f"{policy.vocabulary(duty.party).name}：{policy.vocabulary(duty.strength).name}" in notes
    for related in clause.related:
        assert f"第{policy.clause(related).label}条 {policy.clause(related).title}" in notes


def test_fonts_set_for_east_asian_text(policy: Policy) -> None:
    deck = slides.clause_deck(policy, policy.clause("clause-05"))  # no readings: one slide
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        xml = etree.fromstring(package.read("ppt/slides/slide1.xml"))
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    runs = xml.iter(f"{a}rPr")
    assert all(r.find(f"{a}ea").get("typeface") == slides.FONT for r in runs)


def test_decks_are_byte_identical_and_dated_with_the_build(policy: Policy) -> None:
    clause = policy.clause("clause-03")
    first, second = slides.clause_deck(policy, clause), slides.clause_deck(policy, clause)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert b"2023-11-14T22:13:20Z" in package.read("docProps/core.xml")


def test_the_whole_notice_deck_has_title_and_section_slides(policy: Policy, notice_deck: bytes) -> None:
    deck = notice_deck
    prs = Presentation(io.BytesIO(deck))
    title = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    notice = policy.notice
    assert notice.doc_number in title and notice.issuer in title and "2022年6月1日" in title
    headings = [slide.shapes[0].text_frame.text for slide in prs.slides]
    for section in policy.sections:
        assert f"{section.label}、{section.title}" in headings
    assert body_text(deck) == "".join(c.text for s in policy.sections for c in map(policy.clause, s.clauses))


def test_overview_holds_every_part_and_clause_title_and_the_figure_from_parameters(policy: Policy) -> None:
    svg = overview.svg(policy)
    text = "".join(etree.fromstring(svg.encode()).itertext())
    for section in policy.sections:
        assert f"{section.label}、{section.title}" in text
    for clause in policy.clauses:
        assert f"第{clause.label}条 {clause.title}" in text
    assert "100 亩" in text and "山区 26 县和海岛县可适当放宽" in text
    assert "条款标题为本站编者所加" in text
    assert absolute("") in text
    # The figure comes from policy/parameters: change its unit there and the overview follows.
    parameters = {**policy.parameters, "land_min_area_mu": {**policy.parameters["land_min_area_mu"], "unit": "ha"}}
    assert "100 公顷" in overview.svg(dataclasses.replace(policy, parameters=parameters))


def test_overview_is_readable_on_a_phone(policy: Policy) -> None:
    drawn = overview.layout(policy)
    smallest = min(item.size for item in drawn.items if isinstance(item, overview.Text))
    assert smallest * 390 / overview.WIDTH >= 11  # CSS px at 390 px wide; twice that after one zoom step
    assert drawn.y > overview.WIDTH  # portrait
    right = max(
        item.x + overview.font(item.size, item.bold).getlength(item.text)
        for item in drawn.items
        if isinstance(item, overview.Text)
    )
    assert right <= overview.WIDTH - overview.MARGIN + 1  # no line runs off the image


def test_overview_pdf_is_a4(policy: Policy) -> None:
    data = overview.pdf(policy)  # byte-identical between builds: tests/quality/test_deterministic.py
    assert data.count(b"/MediaBox [0 0 595.28 841.89]") >= 2
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")


def test_clause_page_url_is_what_the_deck_qr_encodes(policy: Policy) -> None:
    clause: Clause = policy.clause("clause-08")
    assert slides.clause_notes(policy, clause)[-1] == f"本条页面：{absolute(url_for('clause', clause.id))}"
