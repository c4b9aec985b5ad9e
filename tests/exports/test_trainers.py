"""The built site's material for trainers, used as a trainer would: decks read back with python-pptx, QR codes
scanned (zbarimg), decks opened by LibreOffice (soffice, the same converter a WPS-less training room falls back on),
the links to them on the clause pages, 数据下载, 关于本站 and the home page, and 一图读懂's three files.

Fast checks of the same generators without a build: tests/exports/test_slides.py.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from sitegen.exports import overview, slides
from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.checklist import human_size
from sitegen.urls import absolute, is_preview, url_for


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def deck_path(site_dir: Path, deck_id: str) -> Path:
    return site_dir / url_for("slides", deck_id)


def slide_texts(path: Path) -> list[str]:
    """Each slide's text, its text boxes joined."""
    prs = Presentation(str(path))
    return ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in prs.slides]


def scan(image: bytes, tmp_path: Path, name: str) -> str:
    """What a phone reads from a QR picture (zbarimg, as installed by .ci/install-system-packages)."""
    picture = tmp_path / f"{name}.png"
    picture.write_bytes(image)
    result = subprocess.run(["zbarimg", "--raw", "-q", str(picture)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, f"zbarimg found no code in {name}: {result.stderr}"
    return result.stdout.strip()


def test_a_deck_per_clause_and_one_for_the_notice(site_dir: Path, policy: Policy) -> None:
    found = {p.stem for p in (site_dir / "slides").glob("*.pptx")}
    assert found == {slides.NOTICE_DECK, *(c.id for c in policy.clauses)}


def test_each_clause_verbatim_with_its_citation_and_a_qr_code_to_its_page(
    site_dir: Path, policy: Policy, tmp_path: Path
) -> None:
    whole = "".join(slide_texts(deck_path(site_dir, slides.NOTICE_DECK))).replace("\n", "")
    for clause in policy.clauses:
        path = deck_path(site_dir, clause.id)
        text = "".join(slide_texts(path)).replace("\n", "")
        assert clause.text in text and clause.text in whole, f"{clause.id}: text not verbatim"
        assert policy.citation(clause) in text
        assert ("预览·占位地址" in text) == is_preview()  # a preview's QR codes say they lead nowhere
        pictures = [
            shape
            for slide in Presentation(str(path)).slides
            for shape in slide.shapes
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
        ]
        assert pictures, f"{clause.id}: no QR code"
        assert scan(pictures[0].image.blob, tmp_path, clause.id) == absolute(url_for("clause", clause.id))


def test_every_clause_slide_of_the_notice_deck_has_its_qr_code(site_dir: Path, policy: Policy, tmp_path: Path) -> None:
    prs = Presentation(str(deck_path(site_dir, slides.NOTICE_DECK)))
    scanned: dict[str, set[bytes]] = {}
    for slide in prs.slides:
        heading = slide.shapes[0].text_frame.text
        label = re.match(r"第(（[一二三四五六七八九十]+）)条", heading)
        if not label or "编者校读" in heading:
            continue
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, f"{heading}: {len(pictures)} pictures"
        blob = pictures[0].image.blob
        scanned.setdefault(label.group(1), set()).add(blob)
    assert len(scanned) == len(policy.clauses)
    for clause in policy.clauses:
        (blob,) = scanned[clause.label]
        assert scan(blob, tmp_path, f"notice-{clause.id}") == absolute(url_for("clause", clause.id))


def test_libreoffice_opens_the_decks_page_for_slide(site_dir: Path, tmp_path: Path) -> None:
    """The whole-notice deck and one clause deck in one soffice run (start-up is most of its time)."""
    sample = "clause-08"
    decks = [deck_path(site_dir, slides.NOTICE_DECK), deck_path(site_dir, sample)]
    profile = (tmp_path / "profile").as_uri()  # its own profile: parallel runs never share one
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
        + [str(d) for d in decks],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    for deck in decks:
        pdf = tmp_path / f"{deck.stem}.pdf"
        assert pdf.exists(), f"LibreOffice could not open {deck.name}: {result.stdout} {result.stderr}"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
        assert pages == len(Presentation(str(deck)).slides)
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
        assert round(width / height, 2) == round(16 / 9, 2)
    # The clause deck's first slide, drawn: the text and the QR code are there (dark pixels left and right).
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(tmp_path / f"{sample}.pdf"), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    image = Image.open(png).convert("L")
    left = image.crop((0, image.height // 5, image.width * 2 // 3, image.height * 4 // 5))
    right = image.crop((image.width * 3 // 4, image.height // 5, image.width, image.height // 2))
    assert left.getextrema()[0] < 80 and right.getextrema()[0] < 80


def _links(page: Path) -> list[lxml.html.HtmlElement]:
    return lxml.html.parse(str(page)).getroot().iter("a")


def _resolve(page: Path, href: str) -> Path:
    target = (page.parent / href.split("#")[0]).resolve()
    return target / "index.html" if target.is_dir() else target


def test_clause_pages_offer_their_deck_with_its_size(site_dir: Path, policy: Policy) -> None:
    for clause in policy.clauses:
        page = site_dir / url_for("clause", clause.id) / "index.html"
        (link,) = [a for a in _links(page) if "slides-download" in (a.get("class") or "")]
        target = _resolve(page, link.get("href"))
        assert target == deck_path(site_dir, clause.id).resolve()
        assert link.get("download") == slides.deck_file_name(policy, clause)
        assert "下载幻灯片" in link.text_content()
        assert human_size(target.stat().st_size) in link.text_content()


def test_data_about_and_home_pages_link_the_trainers_files(site_dir: Path) -> None:
    wanted = {url_for("slides", slides.NOTICE_DECK), *(url_for("overview", kind) for kind in overview.FORMATS)}
    for page_url in ("data/", "about/", ""):
        page = site_dir / page_url / "index.html"
        linked = {
            _resolve(page, a.get("href")).relative_to(site_dir.resolve()).as_posix()
            for a in _links(page)
            if a.get("href", "").endswith((".pptx", ".png", ".pdf", ".svg")) and "://" not in a.get("href")
        }
        expected = wanted - {url_for("slides", slides.NOTICE_DECK)} if page_url == "" else wanted
        assert expected <= linked, f"/{page_url}: missing {expected - linked}"
    data = (site_dir / "data" / "index.html").read_text(encoding="utf-8")
    for path in wanted:
        assert human_size((site_dir / path).stat().st_size) in data


def test_the_overview_in_three_formats(site_dir: Path, policy: Policy) -> None:
    svg = etree.parse(str(site_dir / url_for("overview", "svg")))
    text = "".join(svg.getroot().itertext())
    assert all(f"第{c.label}条 {c.title}" in text for c in policy.clauses)
    png = Image.open(site_dir / url_for("overview", "png"))
    assert png.width == overview.WIDTH and png.height > 2 * png.width
    info = subprocess.run(
        ["pdfinfo", str(site_dir / url_for("overview", "pdf"))], capture_output=True, text=True, check=True
    ).stdout
    assert "(A4)" in info
