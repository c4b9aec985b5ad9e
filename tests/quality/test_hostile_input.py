"""Hostile text in policy/ renders as text everywhere (pages, embeds, cards, exports, search), and hostile
calculator input gets a clean answer from the engine: an error or a verdict, never a hang, traceback or markup.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from lxml import etree

from calculators.findings import STATUS_ORDER
from sitetools import serve_folder

from ._calculators import VERDICTS
from ._site import PageRecorder

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"双引号\"'单引号'{{ 7*7 }}{% if 1 %}if{% endif %}&amp;"
# Pages that show the planted fields (clause (八)'s title, reading basis and provision summary, a glossary
# definition, a cited document's note, an everyday word of the search lexicon, a 变更记录 entry).
PAGES = [
    "clauses/clause-08/",
    "text/",
    "glossary/",
    "documents/",
    "embed/clause-08/",
    "cards/clause-08/",
    "obligations/",
    "clauses/",
    "topics/",
    "parties/",
    "changes/",
    "clauses/clause-04/",  # its 最后更改 names the planted change
    "",
]


def _edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def plant(policy: Path) -> None:
    """Put HOSTILE into editorial fields (the verbatim clause text must stay traceable to the source)."""

    def clause(data: dict) -> None:
        data["title"] = HOSTILE
        data["readings"][-1]["basis"] = HOSTILE
        data["provisions"][0]["summary"] = HOSTILE

    def glossary(data: dict) -> None:
        next(t for t in data["terms"] if t["id"] == "term-self-held")["definition"] = HOSTILE

    def documents(data: dict) -> None:
        data["documents"][0]["known"] = HOSTILE

    def synonyms(data: dict) -> None:  # search's lexicon: shown on /glossary/ (也称, the table) and in results
        data["synonyms"][0]["words"].append(HOSTILE)

    def changes(data: dict) -> None:  # the 变更记录's newest entry: its page, its feed, the pages it touches
        data["entries"][0]["title"] = HOSTILE
        data["entries"][0]["what"] = HOSTILE

    _edit_yaml(policy / "clauses" / "clause-08.yaml", clause)
    _edit_yaml(policy / "glossary.yaml", glossary)
    _edit_yaml(policy / "documents.yaml", documents)
    _edit_yaml(policy / "synonyms.yaml", synonyms)
    _edit_yaml(policy / "changes.yaml", changes)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site's pages built by build.py from a copy of policy/ with hostile text planted (pages only: the
    calculators' runtime shows no policy text; hostile input to the engine is tested below on the session's site)."""
    work = tmp_path_factory.mktemp("hostile")
    # Built from a copy of the code (hard links: the build replaces files, never writes into them), since a build
    # writes the engine's data beside the engine (calculators/data/): in the work tree, the planted text would
    # reach the tests and builds that run at the same time in other workers.
    tree = work / "tree"
    for name in ("build.py", "mkdocs.yml", "package.json", "calculators", "sitegen", "templates", "docs", "contracts"):
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, tree / name, copy_function=os.link, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            tree.mkdir(exist_ok=True)
            os.link(ROOT / name, tree / name)
    (tree / "node_modules").symlink_to(ROOT / "node_modules")  # read only: the pinned browser modules it stages
    shutil.copytree(ROOT / "policy", tree / "policy")
    plant(tree / "policy")
    env = {**os.environ, "BUILD_DIR": str(work / "build"), "SITE_DIR": str(work / "site")}
    env.pop("POLICY_DIR", None)
    result = subprocess.run(
        [sys.executable, "build.py", "pages"], cwd=tree, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"the hostile copy did not build:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return work / "site"


def test_no_planted_markup_reaches_any_html_file(hostile_site: Path) -> None:
    leaks = [
        f.relative_to(hostile_site).as_posix()
        for f in sorted(hostile_site.rglob("*.html"))
        if "<script>alert(1)" in f.read_text(encoding="utf-8") or "<img src=x onerror" in f.read_text(encoding="utf-8")
    ]
    assert leaks == []
    shown = (hostile_site / "clauses" / "clause-08" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown, "the planted text is missing from the clause page"


def _hostile_page(new_page, url: str):
    """A new page at url (conftest.py new_page: in the module's shared context), recording any dialog a planted
    script would open; the caller closes it."""
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    PageRecorder(page).visit(url)
    return page, dialogs


def _no_markup_ran(page, dialogs: list[str]) -> None:
    assert dialogs == [], "a planted script ran"
    assert (
        page.evaluate(
            "document.querySelectorAll('img[src=x]').length"
            " + [...document.scripts].filter(s => s.text.includes('alert(')).length"
        )
        == 0
    )


@pytest.fixture(scope="module")
def hostile_base_url(hostile_site: Path):
    """The site built from the planted policy/, served on loopback."""
    server, base = serve_folder(hostile_site)
    yield base
    server.shutdown()


@pytest.mark.parametrize("url", PAGES)
def test_planted_text_shows_literally_and_runs_nothing(url: str, hostile_base_url: str, new_page) -> None:
    page, dialogs = _hostile_page(new_page, f"{hostile_base_url}/{url}")
    try:
        _no_markup_ran(page, dialogs)
        text = page.evaluate("document.body.innerText")
        if url in ("clauses/clause-08/", "glossary/", "documents/", "embed/clause-08/", "changes/"):
            assert HOSTILE in text.replace("\n", ""), f"/{url} does not show the planted text literally"
        assert "49if" not in text  # never evaluated as a template
    finally:
        page.close()


def test_search_results_show_planted_text_as_text(hostile_base_url: str, new_page) -> None:
    page, dialogs = _hostile_page(new_page, f"{hostile_base_url}/")
    try:
        page.click("input.md-search__input")
        page.fill("input.md-search__input", "双引号")
        page.press("input.md-search__input", "End")
        page.wait_for_selector(".md-search-result__item", timeout=15000)
        _no_markup_ran(page, dialogs)
    finally:
        page.close()


def _find(value: object, needle: str) -> int:
    """How many strings in a JSON value equal needle exactly."""
    if isinstance(value, dict):
        return sum(_find(v, needle) for v in value.values())
    if isinstance(value, list):
        return sum(_find(v, needle) for v in value)
    return int(value == needle)


def test_exports_carry_planted_text_exactly(hostile_site: Path) -> None:
    data = hostile_site / "data"
    notice = json.loads((data / "notice.json").read_text(encoding="utf-8"))
    assert _find(notice, HOSTILE) >= 3  # title, reading basis, summary (and glossary, document note)
    with (data / "clauses.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(HOSTILE in row.values() for row in rows)
    with (data / "obligations.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) > 1
    akn = etree.parse(str(data / "notice.akn.xml"))  # a stray "<" or "&" would not parse
    assert "<script>" not in etree.tostring(akn, encoding="unicode")
    assert _find(json.loads((data / "changes.json").read_text(encoding="utf-8")), HOSTILE) == 2
    feed = etree.parse(str(hostile_site / "changes" / "feed.atom"))  # the title as text, the content escaped HTML
    atom = "{http://www.w3.org/2005/Atom}"
    entry = feed.getroot().find(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == HOSTILE
    assert "&lt;script&gt;" in entry.findtext(f"{atom}content") and "<script>" not in entry.findtext(f"{atom}content")


# --- the engine, as `python -m calculators` ------------------------------------------------------------------

MANY_DIGITS = "1" + "0" * 5000
ENGINE_CASES = {
    "html in a field": ("land", '{"area": "<img src=x onerror=alert(1)>", "unit": "mu", "county": "<b>淳安县</b>"}'),
    "html as the unit": ("land", '{"area": 98, "unit": "<script>alert(1)</script>", "county": "淳安县"}'),
    "1e400 as a number": ("land", '{"area": 1e400, "unit": "mu", "county": "淳安县"}'),
    "1e400 as text": ("land", '{"area": "1e400", "unit": "mu", "county": "淳安县"}'),
    "5000 digits as a number": ("land", '{"area": ' + MANY_DIGITS + ', "unit": "mu", "county": "淳安县"}'),
    "5000 digits as text": ("land", '{"area": "' + MANY_DIGITS + '", "unit": "m2", "county": "淳安县"}'),
    "1e-400": ("land", '{"area": "1e-400", "unit": "mu", "county": "淳安县"}'),
    "NaN": ("land", '{"area": NaN, "unit": "mu", "county": "淳安县"}'),
    "NaN as text": ("land", '{"area": "NaN", "unit": "mu", "county": "淳安县"}'),
    "Infinity": ("land", '{"area": "-Infinity", "unit": "mu", "county": "淳安县"}'),
    "negative": ("land", '{"area": -98, "unit": "mu", "county": "淳安县"}'),
    "zero": ("land", '{"area": 0, "unit": "mu", "county": "淳安县"}'),
    "ratios negative": ("ratios", '{"total_area": 100, "sale_area": -1, "self_held_area": 50, "rental_area": 0}'),
    "ratios zero total": ("ratios", '{"total_area": 0, "sale_area": 0, "self_held_area": 0, "rental_area": 0}'),
    "ratios huge": (
        "ratios",
        '{"total_area": "1e400", "sale_area": "1e399", "self_held_area": "1e399", "rental_area": "1e398"}',
    ),
    "prices nan": ("prices", '{"guidance_sale_price": "NaN", "units": [{"id": "A", "area": 1, "sale_price": 1}]}'),
    "prices html id": (
        "prices",
        '{"guidance_sale_price": 5000, "units": [{"id": "<script>", "area": 10, "sale_price": 5100}]}',
    ),
    "plan garbage": ("plan", '{"land": "<script>", "ratios": [1, 2], "prices": null}'),
    "not json": ("land", '{"area": '),
    "a list": ("land", "[1, 2, 3]"),
    "null": ("land", "null"),
    "deep nesting": ("plan", "[" * 100000 + "]" * 100000),
}


def run_engine(name: str, text: str | bytes, timeout: float = 20) -> tuple[int, dict, str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    result = subprocess.run(
        [sys.executable, "-m", "calculators", name], cwd=ROOT, input=data, capture_output=True, timeout=timeout
    )
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    out = json.loads(result.stdout.decode("utf-8"))
    return result.returncode, out, stderr


def assert_clean(code: int, out: dict) -> None:
    """A verdict (exit 0) or a list of Chinese field errors (exit 2); nothing else."""
    assert isinstance(out, dict)
    if out.get("status") == "error":
        assert code == 2
        assert out["errors"], "an error with no explanation"
        for error in out["errors"]:
            assert set(error) >= {"field", "message"}
            assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), f"not Chinese: {error}"
    else:
        assert code == 0
        assert out["status"] in STATUS_ORDER


@pytest.mark.parametrize("case", ENGINE_CASES)
def test_engine_answers_hostile_input_cleanly(case: str) -> None:
    name, text = ENGINE_CASES[case]
    code, out, _ = run_engine(name, text)
    assert_clean(code, out)
    if case in (
        "NaN",
        "NaN as text",
        "Infinity",
        "negative",
        "zero",
        "html in a field",
        "not json",
        "a list",
        "null",
        "1e400 as a number",
        "ratios negative",
        "ratios zero total",
        "prices nan",
        "plan garbage",
    ):
        assert out["status"] == "error", f"{case} should be refused, got {out['status']}"


def test_engine_rejects_bytes_that_are_not_utf8() -> None:
    code, out, _ = run_engine("land", b'{"area": "\xff\xfe", "unit": "mu"}')
    assert_clean(code, out)
    assert out["status"] == "error"


def _units(count: int) -> list[dict]:
    return [{"id": f"U{i:05d}", "area": 100 + i % 50, "sale_price": 5000 + (i % 400)} for i in range(count)]


def test_engine_answers_ten_thousand_units_cleanly() -> None:
    """Either a correct verdict or a clear refusal naming the units table; within the time limit either way."""
    payload = json.dumps(
        {"sale_rule": "cap_float", "guidance_sale_price": 5200, "sale_float_pct": 5, "units": _units(10_000)}
    )
    code, out, _ = run_engine("prices", payload, timeout=30)
    assert_clean(code, out)
    if out["status"] == "error":
        assert [e["field"] for e in out["errors"]] == ["units"]
    else:
        assert out["status"] == "pass"


def test_engine_checks_a_long_table_correctly() -> None:
    units = _units(4_000)
    code, out, _ = run_engine(
        "prices",
        json.dumps({"sale_rule": "cap_float", "guidance_sale_price": 5200, "sale_float_pct": 5, "units": units}),
    )
    assert (code, out["status"]) == (0, "pass")  # the dearest unit, 5399, is within 5200 × 1.05 = 5460
    units[3_999]["sale_price"] = 5461
    code, out, _ = run_engine(
        "prices",
        json.dumps({"sale_rule": "cap_float", "guidance_sale_price": 5200, "sale_float_pct": 5, "units": units}),
    )
    assert (code, out["status"]) == (0, "fail")


# --- the calculator pages in Chromium --------------------------------------------------------------------------

HTML_ID = "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
PAGE_CASES = {
    "html as the area": "land/?area=%3Cscript%3Ealert(1)%3C%2Fscript%3E&unit=mu&county=淳安县",
    "html, 1e400 and NaN in the units": (
        f"prices/?guidance_sale_price=5000&sale_rule=cap_float&sale_float_pct=5&units={HTML_ID}!10!5100!"
        "~U2!1e400!5000!~U3!NaN!5000!~U4!-3!0!"
    ),
    "zero and negative areas": "ratios/?total_area=0&sale_area=-1&self_held_area=0&rental_area=0",
}
MALFORMED_CSV = {
    "quotes, html and ragged rows": (
        b'id,area,sale_price,rent\n"1-101,1200,5200\n<script>alert(1)</script>,abc,,\n,,,,,,,,\n1-103,1e400,NaN,\n'
    ),
    "binary junk": bytes(range(256)) * 4,
    "ten thousand units": (
        "id,area,sale_price,rent\n" + "".join(f"U{i},100,{5000 + i % 300},\n" for i in range(10_000))
    ).encode("utf-8"),
}


@pytest.mark.parametrize("case", PAGE_CASES)
def test_calculator_page_answers_hostile_links_with_text(case: str, base_url: str, new_page) -> None:
    from ._calculators import wait_for_status

    page, dialogs = _hostile_page(new_page, f"{base_url}/calculators/{PAGE_CASES[case]}")
    try:
        assert wait_for_status(page, VERDICTS | {"error"}, timeout_s=30) == "error"
        _no_markup_ran(page, dialogs)
        message = page.evaluate("document.getElementById('calc-result').innerText")
        assert "Traceback" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)
    finally:
        page.close()


@pytest.mark.parametrize("case", MALFORMED_CSV)
def test_calculator_page_reads_malformed_csv_without_harm(case: str, base_url: str, new_page, tmp_path: Path) -> None:
    """Uploading a broken or huge CSV gives a message or per-row errors within seconds, never a hang."""
    from ._calculators import wait_for_status

    page, dialogs = _hostile_page(new_page, f"{base_url}/calculators/prices/?guidance_sale_price=5000")
    try:
        wait_for_status(page, VERDICTS | {"error"}, timeout_s=60)
        upload = tmp_path / "units.csv"
        upload.write_bytes(MALFORMED_CSV[case])
        page.set_input_files(".calc-file[data-table=units]", str(upload))
        # The page says what it read (or that it read nothing). Playwright enforces this timeout even while the
        # page's main thread is busy, so a page that hangs fails here instead of stalling the suite.
        page.wait_for_selector("#n-units:not(:empty)", state="attached", timeout=30_000)
        status = wait_for_status(page, VERDICTS | {"error"}, timeout_s=30)
        assert page.evaluate("1 + 1") == 2  # the page still responds
        _no_markup_ran(page, dialogs)
        if case == "quotes, html and ragged rows":
            assert status == "error"
        if case == "ten thousand units":  # over the engine's row limit: refused at once, with the limit named
            assert "上限" in page.inner_text("#n-units")
    finally:
        page.close()
