"""What officials, developers and trainers take away from the site, in real Chromium (issue 13): clean copies of
the clause text, the verdict in view on calculator pages, pages that fit a 390 px phone with 44 px tap targets,
a Chinese interface, a helpful 404 page, embeds that size themselves and stay light, and print that fits the paper.

Screenshots and PDFs go to $SCREENSHOT_DIR when it is set (none are made otherwise); look at them after a change.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Page

import calculators
from sitetools import MIN_TAP, PAGE_TYPES, Shots, calculator_name, fill_example, poll, serve_folder

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
START_TIMEOUT = 90  # seconds: a cold Pyodide start on a busy 2-core machine


@contextmanager
def _page(new_page, viewport: dict, **options) -> Iterator[Page]:
    """A fresh page in the module's context for these options (conftest.py `new_page`: storage cleared, caches
    kept), closed even when the test fails."""
    page = new_page(viewport, **options)
    try:
        yield page
    finally:
        page.close()


def _poll(page, script: str, until, timeout: float = START_TIMEOUT):
    return poll(page, script, until, timeout)


def _wait_answer(page) -> str:
    """The overall status once the engine has answered (not the loading state)."""
    _poll(page, "document.getElementById('calc-result')?.dataset.answers || ''", bool)
    return page.evaluate("document.getElementById('calc-result').dataset.status")


def _in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """(s) => { const r = document.querySelector(s).getBoundingClientRect();
            return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; }""",
        selector,
    )


def _clipboard(page, before: str = "") -> str:
    return _poll(page, "navigator.clipboard.readText()", lambda t: t != before, 5)


def _pdf_pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def _pdf_text(pdf_path: Path, first: int | None = None, last: int | None = None) -> str:
    pages = ["-f", str(first), "-l", str(last)] if first else []
    out = subprocess.run(["pdftotext", *pages, str(pdf_path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", "", out.stdout)


# --- copying ---------------------------------------------------------------------------------------------------


CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}  # loopback counts as a secure origin


@pytest.fixture
def clipboard_page(new_page):
    with _page(new_page, DESKTOP, **CLIPBOARD) as page:
        yield page


def test_copy_clause_button_gives_the_verbatim_text_and_optionally_the_citation(
    clipboard_page, base_url: str, notice: dict
) -> None:
    page = clipboard_page
    clause = next(c for c in notice["clauses"] if c["id"] == "clause-08")
    verbatim = f"{clause['source_label']} {clause['text']}"
    page.goto(f"{base_url}/clauses/clause-08/")
    assert page.locator("blockquote.verbatim sup.reading-mark").count() >= 2, "(八) carries editor's marks"
    page.evaluate("navigator.clipboard.writeText('')")
    page.get_by_role("button", name="复制条文").click()
    assert _clipboard(page) == verbatim
    page.get_by_label("复制时附上引用").check()
    page.get_by_role("button", name="复制条文").click()
    assert _clipboard(page, verbatim) == f"{verbatim}\n——{clause['citation']}"


@pytest.mark.parametrize(("url", "selector"), [("clauses/clause-08/", "#clause-08-text"), ("text/", "#clause-08 p")])
def test_selecting_the_clause_and_pressing_ctrl_c_copies_no_markers(
    clipboard_page, base_url: str, notice: dict, url: str, selector: str
) -> None:
    page = clipboard_page
    clause = next(c for c in notice["clauses"] if c["id"] == "clause-08")
    page.goto(f"{base_url}/{url}")
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate(
        """(s) => { const range = document.createRange(); range.selectNodeContents(document.querySelector(s));
            const selection = getSelection(); selection.removeAllRanges(); selection.addRange(range); }""",
        selector,
    )
    page.keyboard.press("Control+c")
    copied = _clipboard(page)
    assert "注" not in copied.replace(clause["text"], ""), copied
    assert copied.endswith(clause["text"]) and copied.startswith(clause["source_label"]), copied


def test_feedback_page_gives_a_prepared_text_to_copy_and_no_invented_address(clipboard_page, base_url: str) -> None:
    page = clipboard_page
    page.goto(f"{base_url}/feedback/")
    page.evaluate("navigator.clipboard.writeText('')")
    page.get_by_role("button", name="复制这段文字").click()
    text = _clipboard(page)
    assert text.startswith("【纠错】") and all(f"{item}：" in text for item in ("页面地址", "原样文字", "应为", "依据"))
    body = page.locator("article").inner_text()
    assert "@" not in body and "mailto:" not in page.content(), "no address the project does not have"


# --- the verdict in view ---------------------------------------------------------------------------------------


def _ranks() -> list[str]:
    return list(calculators.labels()["status"])


def test_engine_lists_status_labels_worst_first() -> None:
    """The page orders findings by labels()' order: it must be the engine's own worst-first order."""
    from calculators import findings

    assert _ranks()[: len(findings.STATUS_ORDER)] == list(findings.STATUS_ORDER)


def _findings_order(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#calc-result .calc-finding')].map((f) => f.dataset.status)")


def test_plan_summary_is_in_view_on_desktop_and_stays_there_while_the_form_scrolls(new_page, base_url: str) -> None:
    with _page(new_page, DESKTOP) as page:
        page.goto(f"{base_url}/calculators/plan/")
        status = fill_example(page)
        assert _in_viewport(page, "#calc-summary"), "the verdict summary must show without scrolling at 1366×900"
        counts = page.locator("#calc-summary .calc-count")
        shown = [counts.nth(i).get_attribute("data-status") for i in range(counts.count())]
        order = _ranks()
        assert shown == sorted(shown, key=order.index) and shown[0] == status, shown
        statuses = _findings_order(page)
        assert statuses == sorted(statuses, key=order.index), f"findings not worst first: {statuses}"
        for index in range(counts.count()):
            label = calculators.labels()["status"][shown[index]]
            assert counts.nth(index).inner_text().startswith(label)
            assert f"{statuses.count(shown[index])} 项" in counts.nth(index).inner_text()
        page.locator("#calc-form .calc-field").last.scroll_into_view_if_needed()
        assert page.evaluate("scrollY") > 1500, "the plan's form is long; the test must have scrolled"
        assert _in_viewport(page, "#calc-summary"), "the summary must stay in view beside the form"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_a_shared_link_opens_with_the_verdict_in_view(new_page, base_url: str, viewport: dict) -> None:
    with _page(new_page, viewport) as page:
        page.goto(f"{base_url}/calculators/plan/")
        fill_example(page)
        _poll(page, "location.search", lambda s: "land.area=" in s)
        shared = page.url
        fresh = new_page(viewport)  # another tab, as the reader the link is sent to opens it
        fresh.goto(shared)
        _wait_answer(fresh)
        _poll(fresh, "scrollY", lambda y: y > 0, 5)
        assert _in_viewport(fresh, "#calc-summary"), f"verdict not in view after opening {shared}"
        note = fresh.locator("#calc-example-note").inner_text()
        assert "链接带来的数据" in note and "示例" not in note, "the note says the form holds the link's data"


def test_on_a_phone_one_tap_leads_to_the_verdict(new_page, base_url: str) -> None:
    with _page(new_page, PHONE, has_touch=True) as page:
        page.goto(f"{base_url}/calculators/plan/")
        status = fill_example(page)
        page.evaluate("scrollTo(0, 0)")  # back to the form's top, where a phone reader starts
        # The floating link (shown while the result is out of view), or the plan's sticky summary's.
        link = "document.querySelector('#calc-jump, #calc-sticky-verdict')"
        _poll(page, f"{link}.dataset.hidden", lambda hidden: hidden != "true", 5)
        jump = page.locator("#calc-jump, #calc-sticky-verdict")
        assert jump.is_visible()
        assert calculators.labels()["status"][status] in jump.inner_text(), "the link names the verdict"
        box = jump.bounding_box()
        assert box["width"] >= MIN_TAP and box["height"] >= MIN_TAP
        jump.tap()
        _poll(page, "scrollY", lambda y: y > 0, 5)
        assert _in_viewport(page, "#calc-summary")


def test_on_a_phone_the_message_under_the_field_being_typed_in_is_not_under_the_verdict_link(
    new_page, base_url: str
) -> None:
    """The floating 看结论 link sits over the bottom of the screen; a message that appears under the field being
    typed in near that edge is brought above it, not left covered."""
    with _page(new_page, PHONE, has_touch=True) as page:
        page.goto(f"{base_url}/calculators/far/")
        _wait_answer(page)
        field = page.locator('input[name="floor_area"]')
        field.focus()
        # The field just above the link, so that a message under it would fall behind the link.
        page.evaluate(
            """() => { const r = document.querySelector('input[name="floor_area"]').getBoundingClientRect();
                 scrollBy(0, r.bottom - (innerHeight - 60)); }"""
        )
        field.press("End")
        field.press_sequentially("亩")  # a unit typed into a figure (万 is read: 1.2万 is a number)
        _poll(page, "document.getElementById('e-floor_area').innerText", lambda text: "不是数字" in text, 20)
        page.wait_for_timeout(300)
        message = page.locator("#e-floor_area").bounding_box()
        # The link shows only while the result is out of view (the error can bring it into view): the message is
        # then above the link, or else inside the screen.
        jump = page.locator("#calc-jump")
        link = jump.bounding_box() if jump.is_visible() else {"y": PHONE["height"]}
        assert message["y"] + message["height"] <= link["y"], (message, link)


# Every layout shift on the page, with what moved: (start ms, score, [moved element]).
_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__shifts.push([Math.round(e.startTime), e.value,
    (e.sources || []).map((s) => s.node ? `${s.node.nodeName}#${s.node.id || ""}.${s.node.className || ""}` : "?")]);
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("name", list(calculators.CALCULATORS))
def test_nothing_moves_while_the_engine_loads_and_the_first_verdict_shows(new_page, base_url: str, name: str) -> None:
    """A phone reader starts on the form while the engine loads: the status line's changing text and bar, the note
    on the example, the engine becoming ready and the first verdict must not push what they are reading (layout
    shift, one of Lighthouse's measures). In the module's phone context (conftest.py new_page): the first one
    opened there starts cold, showing the download's progress; the others start as a reader's next calculator."""
    with _page(new_page, PHONE, has_touch=True, is_mobile=True) as page:
        page.add_init_script(_SHIFTS)
        page.goto(f"{base_url}/calculators/{name}/")
        _wait_answer(page)
        page.wait_for_timeout(500)  # the verdict's own layout
        assert page.evaluate("window.__shifts") == []


def test_example_note_goes_once_the_form_is_edited(new_page, base_url: str) -> None:
    with _page(new_page, DESKTOP) as page:
        page.goto(f"{base_url}/calculators/land/")
        _wait_answer(page)
        assert page.locator("#calc-example-note").is_visible()
        page.locator('input[name="area"]').press_sequentially("0")
        assert not page.locator("#calc-example-note").is_visible(), "the form no longer holds the example"


def test_a_fraction_typed_in_a_percent_field_is_pointed_out(new_page, base_url: str) -> None:
    with _page(new_page, DESKTOP) as page:
        page.goto(f"{base_url}/calculators/ratios/")
        _wait_answer(page)
        field = page.locator('input[name="contract.min_self_held_pct"]')
        field.fill("0.6")
        hint = page.locator("#hint-contract\\.min_self_held_pct")
        _poll(page, "document.getElementById('hint-contract.min_self_held_pct')?.textContent || ''", bool, 20)
        assert "0.6%" in hint.inner_text() and "60" in hint.inner_text()
        field.fill("60%")
        _poll(page, "!document.getElementById('hint-contract.min_self_held_pct')", bool, 20)


# --- phones: no sideways scrolling, tables as cards, 44 px targets ---------------------------------------------------


def _pages_to_check() -> dict[str, str]:
    return {name: ("missing/clause-8/" if url == "404.html" else url) for name, url in PAGE_TYPES.items()}


def test_no_page_scrolls_sideways_at_390_px(new_page, base_url: str, shots: Shots, notice: dict) -> None:
    """Every kind of page (calculators with their verdict shown), and every clause page, on a phone."""
    clauses = {c["id"]: f"clauses/{c['id']}/" for c in notice["clauses"]}
    with _page(new_page, PHONE, is_mobile=True, has_touch=True) as page:
        wide = {}
        for name, url in (_pages_to_check() | clauses).items():
            page.goto(f"{base_url}/{url}")
            if calculator_name(url):
                _wait_answer(page)
            size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if size[0] > size[1]:
                wide[name] = size
            if name not in clauses:
                shots.take(page, f"phone-{name}.png")
        assert not wide, f"pages wider than a 390 px phone: {wide}"


def test_calculator_tables_become_cards_on_a_phone(new_page, base_url: str) -> None:
    with _page(new_page, PHONE) as page:
        page.goto(f"{base_url}/calculators/prices/")
        _wait_answer(page)
        table = page.locator("table.calc-table").first
        assert table.evaluate("(t) => t.getBoundingClientRect().right") <= PHONE["width"]
        first_row = table.locator("tbody tr").first
        cells = first_row.locator("td[data-label]")
        assert cells.count() >= 3
        for index in range(cells.count()):
            cell = cells.nth(index)
            label = cell.evaluate("(c) => getComputedStyle(c, '::before').content")
            assert cell.get_attribute("data-label") in label, "each field in the card names its column"
        remove = first_row.locator(".calc-remove-row")
        assert remove.inner_text() == "删除" and remove.evaluate("(b) => b.getClientRects().length") == 1


TAP_SELECTOR = (
    ".md-content button, .md-content .md-button, .md-content input[type=text], .md-content select, "
    ".md-content input[type=search], .calc-jump"
)


def _small_targets(page) -> list[str]:
    return page.evaluate(
        """([selector, min]) => {
          const small = [];
          for (const el of document.querySelectorAll(selector)) {
            const r = el.getBoundingClientRect();
            if (!r.width || getComputedStyle(el).visibility === 'hidden') continue;
            const size = `${Math.round(r.width)}×${Math.round(r.height)}`;
            const what = `${el.tagName} ${el.textContent.trim().slice(0, 12)}`;
            if (r.width < min || r.height < min) small.push(`${what} ${size}`);
          }
          for (const box of document.querySelectorAll('.md-content input[type=checkbox]')) {
            const label = box.closest('label') || document.querySelector(`label[for="${box.id}"]`) || box;
            const r = label.getBoundingClientRect();
            if (r.width && (r.width < min || r.height < min)) small.push(`checkbox ${box.id} ${r.height} high`);
          }
          // 注N marks are small on purpose; their tap area (the link plus its ::after) must reach 44 px.
          for (const mark of document.querySelectorAll('sup.reading-mark a')) {
            const r = mark.getBoundingClientRect();
            if (!r.width) continue;
            const after = getComputedStyle(mark, '::after');
            const px = (name) => parseFloat(after[name]) || 0;
            const w = after.content === 'none' ? r.width : r.width - px('left') - px('right');
            const h = after.content === 'none' ? r.height : r.height - px('top') - px('bottom');
            if (after.position !== 'absolute' || w < min || h < min) small.push(`注 ${mark.textContent} ${w}×${h}`);
          }
          return small;
        }""",
        [TAP_SELECTOR, MIN_TAP],
    )


@pytest.mark.parametrize("url", ["clauses/clause-08/", "text/", "calculators/prices/", "calculators/plan/"])
def test_tap_targets_are_at_least_44_px_on_a_phone(new_page, base_url: str, url: str) -> None:
    with _page(new_page, PHONE) as page:
        page.goto(f"{base_url}/{url}")
        if calculator_name(url):
            _wait_answer(page)
        assert not _small_targets(page), _small_targets(page)


# --- 404 ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("wrong", ["clauses/clause-8/", "clause08", "第八条", "clauses/8/"])
def test_a_mistyped_address_gets_a_chinese_404_that_guesses_the_clause(page, base_url: str, wrong: str) -> None:
    response = page.goto(f"{base_url}/{wrong}")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "找不到这个页面"
    assert page.locator("html").get_attribute("lang").startswith("zh")
    guess = page.locator("#nf-guess a")
    _poll(page, "!document.getElementById('nf-guess').hidden", bool, 10)
    assert guess.inner_text().startswith("第（八）条")
    assert page.evaluate("(a) => a.href", guess.element_handle()) == f"{base_url}/clauses/clause-08/"
    for name in ("条款列表", "原文"):
        href = page.locator(".nf-links").get_by_role("link", name=name).get_attribute("href")
        assert page.request.get(f"{base_url}{href}").ok, name


def test_the_404_search_box_opens_the_site_search(page, base_url: str) -> None:
    page.goto(f"{base_url}/no/such/page/")
    page.get_by_label("在本站搜索").fill("自持比例")
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{base_url}/?q=")
    assert page.locator("input.md-search__input").input_value() == "自持比例"


def test_an_unknown_page_gets_no_guess(page, base_url: str) -> None:
    page.goto(f"{base_url}/calculatorz/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#nf-guess").is_hidden()
    assert "calculatorz" in page.locator("#nf-path").inner_text()


# --- embeds ------------------------------------------------------------------------------------------------------


def _embed_code(new_page, base_url: str) -> str:
    with _page(new_page, DESKTOP, **CLIPBOARD) as page:
        page.goto(f"{base_url}/clauses/clause-08/")
        page.evaluate("navigator.clipboard.writeText('')")  # the one clipboard: another test's copy is not this
        page.get_by_role("button", name="复制嵌入代码").click()
        return _clipboard(page)


def test_embed_code_uses_the_serving_address_and_resizes_the_frame(
    new_page, base_url: str, tmp_path: Path, shots: Shots
) -> None:
    code = _embed_code(new_page, base_url)
    assert f'src="{base_url}/embed/clause-08/"' in code, "the snippet must point at the address the page came from"
    assert f'src="{base_url}/assets/views/embed-resize.js"' in code
    start_height = int(re.search(r'height="(\d+)"', code).group(1))
    (tmp_path / "index.html").write_text(
        f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>课件</title><body style="margin:8px">'
        f'<p>前文</p><div id="box">{code}</div><p id="after">后文</p></body></html>',
        encoding="utf-8",
    )
    server, host = serve_folder(tmp_path)  # another origin, as a course platform would be
    try:
        for width in (390, 1280):
            with _page(new_page, {"width": width, "height": 900}) as page:
                page.goto(f"{host}/index.html")
                frame = page.query_selector("iframe").content_frame()
                frame.wait_for_load_state()

                def fitted(frame=frame, page=page) -> bool:
                    need = frame.evaluate("Math.ceil(document.querySelector('.embed').scrollHeight)")
                    have = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
                    return abs(have - need) <= 2

                _poll(page, "1", lambda _: fitted(), 10)
                size = frame.evaluate(
                    "({sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth,"
                    " sh: document.documentElement.scrollHeight, ch: document.documentElement.clientHeight})"
                )
                assert size["sw"] <= size["cw"] and size["sh"] <= size["ch"], f"clipped at {width} px: {size}"
                assert frame.locator("cite").is_visible()
                if width == 1280:
                    height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
                    assert height < start_height, "at 1280 px the frame shrinks from its phone-sized start height"
                shots.take(page, f"embed-resized-{width}.png", full_page=True)
    finally:
        server.shutdown()


@pytest.mark.parametrize(
    ("query", "scheme", "dark"),
    [
        ("", "dark", False),
        ("?theme=light", "dark", False),
        ("?theme=dark", "light", True),
        ("?theme=auto", "dark", True),
    ],
)
def test_embed_theme_is_light_unless_asked(new_page, base_url: str, query: str, scheme: str, dark: bool) -> None:
    with _page(new_page, DESKTOP, color_scheme=scheme) as page:
        page.goto(f"{base_url}/embed/clause-08/{query}")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    channels = [int(c) for c in re.findall(r"\d+", background)[:3]]
    assert (sum(channels) < 200) == dark, f"{query or 'no theme'} with a {scheme} viewer: background {background}"


# --- print -------------------------------------------------------------------------------------------------------


def test_clause_8_prints_on_one_a4_page_without_controls_with_address_and_qr(
    new_page, base_url: str, shots: Shots, tmp_path: Path
) -> None:
    with _page(new_page, DESKTOP) as page:
        page.goto(f"{base_url}/clauses/clause-08/")
        page.emulate_media(media="print")
        for selector in (".cite-actions", ".md-header", ".md-sidebar", ".clause-pager", "button"):
            assert not page.locator(selector).first.is_visible(), f"{selector} must not print"
        assert page.locator(".print-address img").evaluate("(i) => i.naturalWidth") > 0, "QR code on paper"
        pdf = page.pdf(format="A4", print_background=True)
        shots.keep("print-clause-08-A4.pdf", pdf, png_dpi=60)
        target = tmp_path / "clause-08.pdf"
        target.write_bytes(pdf)
        assert _pdf_pages(pdf) == 1, f"clause (八) prints on {_pdf_pages(pdf)} A4 pages"
        text = _pdf_text(target)
        assert f"{base_url}/clauses/clause-08/".replace("http://", "") in text or "clauses/clause-08/" in text
        assert re.search(r"https?://[^\s]*clauses/clause-08/", text), "the full address, not a relative one"
        assert "复制" not in text, "no button labels on paper"


def test_plan_report_prints_summary_first_on_at_most_two_pages(
    new_page, base_url: str, shots: Shots, tmp_path: Path
) -> None:
    name = "plan"
    with _page(new_page, DESKTOP) as page:
        page.goto(f"{base_url}/calculators/{name}/")
        fill_example(page)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        shots.keep(f"print-{name}-A4.pdf", pdf, png_dpi=60)
        target = tmp_path / f"{name}.pdf"
        target.write_bytes(pdf)
        assert _pdf_pages(pdf) <= 2, f"the worked example's report takes {_pdf_pages(pdf)} A4 pages"
        first = _pdf_text(target, 1, 1)
        assert "总体结论" in first and "不符合" in first, "the verdict on page one"


# --- the phone menu ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["clauses/clause-08/", "calculators/plan/"])
def test_phone_menu_opens_at_its_top_level(new_page, base_url: str, url: str) -> None:
    """From any page, 自查计算 (and every other part) is one tap away once the menu is open."""
    with _page(new_page, PHONE) as page:
        page.goto(f"{base_url}/{url}")
        page.locator('.md-header label[for="__drawer"]').click()
        top = page.locator("nav.md-nav--primary > ul.md-nav__list > li.md-nav__item")
        _poll(page, "document.querySelector('#__drawer').checked", bool, 5)
        time.sleep(0.4)  # the drawer slides in
        for name in ("原文", "条款", "自查计算"):
            entry = top.filter(has_text=name).first.locator("> a, > label").first
            assert entry.is_visible(), f"{name} is not on the first level of the open menu"
            box = entry.bounding_box()
            assert 0 <= box["x"] < PHONE["width"], f"{name} is off screen: {box}"
