"""Re-use views in real Chromium: the clause embed inside another site's page, the print card, glossary tooltips,
and the 义务清单 / 数据下载 pages at desktop and phone widths.

Screenshots (and the card PDFs, as PDF and PNG) go to $SCREENSHOT_DIR when it is set (none are made otherwise);
look at them after a change to these views.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitegen.exports.views import EMBED_WIDTH
from sitetools import Shots, poll, serve_folder

# Frame sizes people use: a 16:9 course player, YouTube's default embed, a sidebar box, a phone-width column.
COMMON_FRAMES = [(640, 360), (560, 315), (400, 300), (320, 400)]
PAPER = ["A4", "A5"]


@pytest.fixture(scope="module")
def host(base_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A plain HTML page on ANOTHER origin (its own port) that embeds clause (八) in frames of common sizes."""
    folder = tmp_path_factory.mktemp("host")
    frames = "\n".join(
        f'<h2>{w}×{h}</h2><iframe id="frame-{w}x{h}" src="{base_url}/embed/clause-08/" width="{w}" height="{h}" '
        f'style="border:0" title="第（八）条"></iframe>'
        for w, h in COMMON_FRAMES
    )
    (folder / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>培训课件</title>'
        f"<body><h1>某培训课件页面</h1>{frames}</body></html>",
        encoding="utf-8",
    )
    server, url = serve_folder(folder)
    yield url
    server.shutdown()


def _watch(page, allowed: tuple[str, ...]) -> list[str]:
    """What goes wrong on the page, as it happens: console errors other than failed loads (CSP violations, script
    errors), failed loads by status and URL, and requests to anywhere not allowed."""
    problems: list[str] = []

    def console(message) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(message.text)

    def response(answer) -> None:
        if answer.status >= 400 and not answer.url.endswith("/favicon.ico"):
            problems.append(f"{answer.status} {answer.url}")

    def request(sent) -> None:
        if not sent.url.startswith(allowed):
            problems.append(sent.url)

    page.on("console", console)
    page.on("response", response)
    page.on("request", request)
    return problems


def _overflow(frame) -> dict:
    return frame.evaluate("""() => { const e = document.documentElement;
        return {sw: e.scrollWidth, cw: e.clientWidth, sh: e.scrollHeight, ch: e.clientHeight}; }""")


def _pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def test_embed_of_clause_8_shows_cleanly_inside_another_site(
    new_page, host: str, base_url: str, notice: dict, shots: Shots
) -> None:
    clause = next(c for c in notice["clauses"] if c["id"] == "clause-08")
    for width in (1280, 390):
        # Tall enough that every frame is in view: Chromium leaves cross-origin frames outside it unpainted.
        page = new_page({"width": width, "height": 1800})
        problems = _watch(page, (base_url, host, "data:"))
        page.goto(host + "/index.html", wait_until="load")
        for w, h in COMMON_FRAMES:
            frame = page.frame_locator(f"#frame-{w}x{h}")
            handle = page.query_selector(f"#frame-{w}x{h}").content_frame()
            assert handle.url == f"{base_url}/embed/clause-08/"
            assert frame.locator("p.text").text_content() == clause["text"]
            assert frame.locator("cite").text_content() == clause["citation"]
            more = frame.locator("a.more")
            assert more.get_attribute("target") == "_blank" and "noopener" in more.get_attribute("rel")
            assert handle.evaluate("(a) => a.href", more.element_handle()) == f"{base_url}/clauses/clause-08/"
            size = _overflow(handle)
            assert size["sw"] <= size["cw"] and size["sh"] <= size["ch"], f"scrollbars in a {w}×{h} frame: {size}"
        shots.take(page, f"embed-host-{width}.png", full_page=True)
        assert not problems, problems
        page.close()


def test_embed_link_opens_the_full_clause_page_in_a_new_tab(browser, host: str, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(host + "/index.html")
    with context.expect_page() as opened:
        page.frame_locator("#frame-640x360").locator("a.more").click()
    full = opened.value
    full.wait_for_load_state()
    assert full.url == f"{base_url}/clauses/clause-08/"
    assert "（八）" in full.locator("h1").first.text_content()
    assert page.url == host + "/index.html", "the embedding page must stay where it is"
    context.close()


def _suggested_frame(site_dir: Path, clause_id: str) -> tuple[int, int]:
    """Width and starting height of the <iframe> the clause page's 复制嵌入代码 button copies (a phone's width)."""
    html = (site_dir / "clauses" / clause_id / "index.html").read_text(encoding="utf-8")
    return EMBED_WIDTH, int(re.search(r'data-embed-height="(\d+)"', html).group(1))


def test_every_embed_fits_the_frame_its_embed_code_suggests(
    new_page, site_dir: Path, base_url: str, notice: dict
) -> None:
    page = new_page({"width": 1280, "height": 720})
    for clause in notice["clauses"]:
        width, height = _suggested_frame(site_dir, clause["id"])
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{base_url}/embed/{clause['id']}/")
        size = _overflow(page)
        assert size["sw"] <= size["cw"] and size["sh"] <= size["ch"], (clause["id"], height, size)
        page.set_viewport_size({"width": 320, "height": 600})
        size = _overflow(page)
        assert size["sw"] <= size["cw"], (clause["id"], "horizontal scrollbar at 320 px", size)
    page.close()


def test_cards_print_on_one_page_of_a4_and_of_a5(new_page, base_url: str, notice: dict, shots: Shots) -> None:
    page = new_page({"width": 1280, "height": 720})
    # Printing takes about a second per page: print the three longest clauses (the ones that could spill onto a
    # second page) and (八); every card is checked for its text, citation and QR code.
    longest = sorted(notice["clauses"], key=lambda c: -len(c["text"]))[:3]
    printed = {c["id"] for c in longest} | {"clause-08"}
    for clause in notice["clauses"]:
        page.goto(f"{base_url}/cards/{clause['id']}/")
        assert page.evaluate("() => document.querySelector('img.qr').naturalWidth") > 0, "QR code did not load"
        assert page.locator(".card .text").text_content() == clause["text"]
        assert page.locator(".card cite").text_content() == clause["citation"]
        for paper in PAPER if clause["id"] in printed else ():
            pdf = page.pdf(format=paper, print_background=True)
            assert _pdf_pages(pdf) == 1, f"{clause['id']} card takes {_pdf_pages(pdf)} pages on {paper}"
            if clause["id"] in ("clause-08", longest[0]["id"]):
                shots.keep(f"card-{clause['id']}-{paper}.pdf", pdf, png_dpi=60)
    page.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_card_is_a_whole_16_by_9_slide_on_a_desktop_screen(
    new_page, base_url: str, notice: dict, shots: Shots, width: int
) -> None:
    page = new_page({"width": width, "height": 900})
    for clause in notice["clauses"]:
        page.goto(f"{base_url}/cards/{clause['id']}/")
        box = page.evaluate("""() => { const c = document.querySelector('.card');
            return {w: c.offsetWidth, h: c.offsetHeight, sh: c.scrollHeight}; }""")
        assert abs(box["w"] / box["h"] - 16 / 9) < 0.02, (clause["id"], box)
        assert box["sh"] <= box["h"], f"{clause['id']}: text overflows the 16:9 card at {width} px"
    page.goto(f"{base_url}/cards/clause-08/")
    shots.take(page, f"card-clause-08-{width}.png", full_page=True)
    page.close()


def test_card_fits_a_phone(new_page, base_url: str, shots: Shots) -> None:
    page = new_page({"width": 390, "height": 844})
    page.goto(f"{base_url}/cards/clause-16/")
    assert _overflow(page)["sw"] <= _overflow(page)["cw"]
    shots.take(page, "card-clause-16-390.png", full_page=True)
    page.close()


def test_glossary_term_shows_its_definition_on_keyboard_focus_and_hover(page, base_url: str, notice: dict) -> None:
    page.goto(f"{base_url}/clauses/clause-08/")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('term')"):
            break
    else:
        pytest.fail("no glossary term on the clause page is reachable with Tab")
    term = page.locator("a.term:focus")
    tip = page.locator("#" + term.get_attribute("aria-describedby"))
    assert tip.get_attribute("role") == "tooltip" and tip.is_visible()
    glossary = {t["id"]: t for t in notice["glossary"]}
    entry = glossary[term.get_attribute("href").rsplit("#", 1)[1]]
    assert entry["definition"] in tip.text_content()
    page.keyboard.press("Escape")
    assert not tip.is_visible(), "Escape must hide the tooltip"
    page.keyboard.press("Tab")
    assert not tip.is_visible()
    other = page.locator("a.term").nth(1)
    other.hover()
    assert page.locator("#" + other.get_attribute("aria-describedby")).is_visible()


@pytest.mark.parametrize("width", [1280, 390])
def test_checklist_and_downloads_pages_fit_and_look_right(new_page, base_url: str, shots: Shots, width: int) -> None:
    page = new_page({"width": width, "height": 900})
    for url, name in (("obligations/", "checklist"), ("data/", "downloads")):
        page.goto(f"{base_url}/{url}")
        size = _overflow(page)
        assert size["sw"] <= size["cw"], f"{url} scrolls sideways at {width} px: {size}"
        shots.take(page, f"{name}-{width}.png", full_page=True)
    page.close()


def test_clause_page_copies_the_embed_code(new_page, base_url: str) -> None:
    page = new_page({"width": 1280, "height": 720}, permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{base_url}/clauses/clause-08/")
    button = page.get_by_role("button", name="复制嵌入代码")
    page.evaluate("navigator.clipboard.writeText('')")  # the browser has one clipboard: another test's copy is not this
    button.click()
    code = poll(page, "navigator.clipboard.readText()", bool, 10)
    assert code.startswith("<iframe ") and f'src="{base_url}/embed/clause-08/"' in code and 'title="《' in code
    assert "已复制嵌入代码" in button.locator("xpath=..").locator(".copy-status").text_content()
    for link in ("嵌入预览", "打印卡片", "二维码（SVG）"):
        href = page.get_by_role("link", name=link).get_attribute("href")
        assert page.request.get(f"{base_url}/clauses/clause-08/{href}").ok, link
    page.close()


def test_checklist_prints_as_a_clean_table(page, base_url: str, shots: Shots) -> None:
    page.goto(f"{base_url}/obligations/")
    page.emulate_media(media="print")
    assert not page.locator(".reuse-actions .md-button").is_visible(), "the download button is not for paper"
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('table.checklist thead')).display")
        == "table-header-group"
    ), "the column heads must repeat on every printed page"
    pdf = page.pdf(format="A4")
    shots.keep("checklist-A4.pdf", pdf)
    rows = page.locator("table.checklist tbody tr").count()
    assert _pdf_pages(pdf) <= rows // 4, f"{rows} rows took {_pdf_pages(pdf)} A4 pages"
