"""No data spent unasked (docs/assets/javascripts/warm.js): reading clause pages, however long, fetches no file of
the calculators' engine; a reader who approaches a calculator (pointer resting on or focus on a link to one, or on
the navigation's calculators section) gets it fetched in the background, and one who opens a calculator gets it
anyway; on Save-Data no approach fetches it.

Every request is logged by the host (service workers' requests included). A minute of reading is a minute of the
page's clock (Playwright's fake timers: setTimeout and requestIdleCallback fire as they would), not of waiting.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from sitetools import CALCULATORS_REGISTRATION, serve_folder

ENGINE = re.compile(r"^/(assets/pyodide|assets/calculators|calculators)/")
REGISTERED = f"(async () => Boolean(await {CALCULATORS_REGISTRATION}))()"
CALCULATOR_LINK = "#check-this-clause .tool-link"


@pytest.fixture(scope="module")
def logged(site_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """The site served by a host that logs every path asked of it."""
    requests: list[str] = []
    server, url = serve_folder(site_dir, requests)
    yield url, requests
    server.shutdown()


def pause_clock(page) -> None:
    """The page's timers run only when the test says (installed, the fake clock would flow on its own)."""
    page.clock.install()
    page.clock.pause_at(datetime.now() + timedelta(seconds=1))


def engine_files(requests: list[str]) -> list[str]:
    return [path for path in requests if ENGINE.match(path)]


def wait_for_engine_request(requests: list[str], timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if engine_files(requests):
            return engine_files(requests)
        time.sleep(0.1)
    raise AssertionError(f"no engine file was fetched in {timeout:.0f} s: {requests[-10:]}")


def test_reading_clause_pages_for_a_minute_fetches_no_engine_file_and_approaching_a_calculator_does(
    browser, logged: tuple[str, list[str]]
) -> None:
    url, requests = logged
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        pause_clock(page)
        for clause in ("clause-10", "clause-01", "clause-08"):
            page.goto(f"{url}/clauses/{clause}/")
            page.mouse.move(300, 400)  # the pointer over the text, as a reader's rests
            page.mouse.wheel(0, 1500)
            page.clock.run_for(20_000)  # idle callbacks and timers of 20 s of reading
        assert page.evaluate(REGISTERED) is False
        assert engine_files(requests) == [], "reading clause pages fetched the engine"
        page.hover(CALCULATOR_LINK)  # the reader's pointer rests on a calculator link
        page.clock.run_for(1_000)
        fetched = wait_for_engine_request(requests)
        assert any(path.endswith("/sw.js") for path in fetched), fetched
    finally:
        context.close()


def test_focusing_the_calculators_menu_fetches_the_engine(browser, logged: tuple[str, list[str]]) -> None:
    url, requests = logged
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        pause_clock(page)  # no timer runs: only the focus can fetch it
        page.goto(f"{url}/clauses/clause-08/")
        requests.clear()
        page.locator("label.md-nav__link", has_text="自查计算").focus()
        wait_for_engine_request(requests)
    finally:
        context.close()


def test_on_save_data_approaching_a_calculator_fetches_nothing_and_opening_one_does(
    browser, logged: tuple[str, list[str]]
) -> None:
    url, requests = logged
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'connection',"
        " {get: () => ({saveData: true, effectiveType: '4g'})});"
    )
    try:
        page = context.new_page()
        page.goto(f"{url}/clauses/clause-08/")
        requests.clear()
        page.hover(CALCULATOR_LINK)
        page.focus(CALCULATOR_LINK)
        page.locator("label.md-nav__link", has_text="自查计算").focus()
        page.wait_for_timeout(2_000)  # a negative: what the approach would have fetched starts well within this
        assert engine_files(requests) == [], "Save-Data: approaching a calculator fetched the engine"
        assert page.evaluate(REGISTERED) is False
        page.click(CALCULATOR_LINK)  # opening it: the reader asked for the calculator
        wait_for_engine_request(requests)
    finally:
        context.close()


SEED = """async () => {
    await (await caches.open('calculators-test')).put('/kept', new Response('kept'));
    localStorage.setItem('selfcheck/v1', '{"answers": {}}');
}"""
KEPT = """async () => [(await caches.keys()).join(' '), localStorage.getItem('selfcheck/v1'),
    document.getElementById('device-storage-list').textContent]"""


def test_about_lists_what_the_site_keeps_and_clears_it_only_when_the_reader_confirms(page, base_url: str) -> None:
    page.goto(f"{base_url}/about/")
    page.evaluate(SEED)
    page.reload()
    clear = page.get_by_role("button", name="清除本站在此设备上保存的内容")
    clear.wait_for()
    caches, draft, listed = page.evaluate(KEPT)
    assert "缓存 calculators-test" in listed and "localStorage selfcheck/v1" in listed, listed
    page.once("dialog", lambda dialog: dialog.dismiss())
    clear.click()
    assert page.evaluate(KEPT)[:2] == [caches, draft], "cleared though the reader said no"
    questions: list[str] = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    clear.click()
    page.get_by_text("已清除。").wait_for()
    assert "全文自查" in questions[0]
    assert page.evaluate(KEPT)[:2] == ["", None]
    assert "没有保存任何内容" in page.locator("#device-storage-summary").text_content()
