"""The calculator pages in real Chromium: verdicts, errors next to fields, shared links, spreadsheet tables,
print view, JSON export/import, nothing from another origin, snapshot fallback (offline after one visit:
tests/server/test_nginx.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calculators import CALCULATORS, registry
from sitetools import (
    DONE_WHEN,
    fill_example,
    first_number_field,
    poll,
    review_after_opening,
    start_mode,
    wait_status,
)


def status(page) -> str:
    return page.evaluate("document.getElementById('calc-result').dataset.status")


def wait_change(page, before_text: str) -> None:
    poll(page, "document.getElementById('calc-result-body').innerText", lambda t: t != before_text, 20)


def test_land_98_mu_in_chunan_is_review_citing_clause_one(page, base_url: str) -> None:
    page.goto(f"{base_url}/calculators/land/")
    wait_status(page)
    for name in ("area", "local_min_area_mu"):
        page.fill(f'input[name="{name}"]', "")
    page.locator('input[name="area"]').press_sequentially("98")
    page.select_option('select[name="unit"]', "mu")
    page.select_option('select[name="county"]', "淳安县")
    # The verdict for the whole entry: typed "9" is a review too (山区26县 below 100 亩), drawn while "8" was typed.
    first_finding = "document.querySelector('#calc-result .calc-finding')?.innerText ?? ''"
    poll(page, first_finding, lambda text: "98 亩" in text and "淳安县" in text, 20)
    assert status(page) == "review"
    finding = page.locator("#calc-result .calc-finding").first
    assert finding.get_attribute("data-status") == "review"
    link = finding.locator("a.calc-clause")
    assert link.inner_text() == "第（一）条"
    assert link.get_attribute("href").endswith("clauses/clause-01/")
    text = finding.inner_text()
    assert "98 亩" in text and "山区26县" in text and "放宽" in text
    assert page.locator("#calc-result-body").get_attribute("aria-live") == "polite"
    # The address now reproduces the inputs (brought up to date just after the verdict is drawn).
    query = poll(page, "decodeURIComponent(location.search)", lambda q: "area=98" in q, 10)
    assert "unit=mu" in query


@pytest.mark.parametrize("name", list(registry.calculators()))
def test_each_calculator_gives_a_verdict_and_an_error_next_to_the_field(visits, name: str) -> None:
    """From the session's visit of the calculator page (tests/quality/_visits.py), which the quality gates share:
    opened, it shows its example's verdict; a value that is no number typed into its first number field gives an
    error beside that field, tied to it for screen readers. One engine start serves both."""
    shown, broken = visits.get(f"calculator-{name}"), visits.get(f"calculator-{name}", state=1)
    assert shown.status in ("pass", "fail", "review") and shown.findings >= 1
    assert shown.unnamed == 0, "every form input is named by its JSON key"
    field = broken.broken_field
    assert broken.status == "error" and field["visible"]
    assert any(word in field["message"] for word in ("请输入", "数字", "正数")), field["message"]
    assert field["invalid"] == "true"
    assert f"e-{first_number_field(name)}" in field["described_by"].split()


def test_a_shared_link_reproduces_the_result(new_page, base_url: str) -> None:
    """A link copied from one page reproduces the inputs and verdict in another (conftest.py new_page: a page with
    the site's storage cleared, as a colleague's browser would open it)."""
    page = new_page()
    page.goto(f"{base_url}/calculators/land/?area=98&unit=mu&county=淳安县")
    assert wait_status(page) == "review"
    assert page.input_value('input[name="area"]') == "98"
    first = page.locator("#calc-result .calc-finding").first.inner_text()
    page.fill('input[name="area"]', "66666.67")
    page.select_option('select[name="unit"]', "m2")
    page.select_option('select[name="county"]', "余杭区")
    wait_status(page, lambda s: s == "pass", 30)
    # The area alone already makes it pass: wait for the link to carry the county too.
    poll(page, "decodeURIComponent(location.search)", lambda query: "county=余杭区" in query, 10)
    shared = page.url
    page.close()
    again = new_page()
    again.goto(shared)
    assert wait_status(again) == "pass"
    assert again.input_value('select[name="county"]') == "余杭区"
    assert "66666.67" in again.locator("#calc-result .calc-finding").first.inner_text()
    again.goto(f"{base_url}/calculators/land/?area=98&unit=mu&county=淳安县")
    assert wait_status(again) == "review"
    assert again.locator("#calc-result .calc-finding").first.inner_text() == first
    again.close()


def test_a_shared_link_carries_a_table(page, base_url: str) -> None:
    page.goto(
        f"{base_url}/calculators/prices/?guidance_sale_price=5000&sale_rule=cap_float&sale_float_pct=5&units=A%21%7E1!100!5300!~B!80!4900!"
    )
    assert wait_status(page) == "fail"
    assert page.input_value("#t-units tbody tr:nth-child(1) [name=id]") == "A!~1"  # escaped cell text survives
    assert page.input_value("#t-units tbody tr:nth-child(2) [name=sale_price]") == "4900"
    page.fill("#t-units tbody tr:nth-child(1) [name=sale_price]", "5100")
    wait_status(page, lambda s: s == "pass", 30)
    poll(page, "location.search", lambda query: "units=A%21%7E1!100!5100!~B!80!4900!" in query, 10)


def paste(page, selector: str, text: str) -> None:
    page.locator(selector).evaluate(
        """(el, text) => { const data = new DataTransfer(); data.setData('text/plain', text);
           el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true})); }""",
        text,
    )


def test_pasting_a_price_table_gives_per_row_results_and_points_at_bad_rows(page, base_url: str) -> None:
    page.goto(f"{base_url}/calculators/prices/")
    wait_status(page)
    rows = "单元编号\t建筑面积\t售价\t租金\nA-1\t100\t5000\t\nA-2\t120\t5400\t\nA-3\t90\t5100\t\n"
    paste(page, "#p-units", rows)
    body = page.locator("#t-units tbody tr")
    assert body.count() == 3
    assert page.input_value("#t-units tbody tr:nth-child(2) [name=sale_price]") == "5400"
    assert "3 行" in page.locator("#n-units").inner_text() and "表头" in page.locator("#n-units").inner_text()
    assert wait_status(page, lambda s: s == "fail", 30) == "fail"
    poll(
        page,
        "document.querySelector('#t-units tbody tr:nth-child(2) .calc-row-result').dataset.status",
        lambda s: s == "fail",
        10,
    )
    assert page.locator("#t-units tbody tr:nth-child(1) .calc-row-result").get_attribute("data-status") == "pass"
    # A bad cell in row 2: the row is marked and the message names the row.
    paste(page, "#p-units", "A-1\t100\t5000\t\nA-2\t-1\t5400\t\n")
    wait_status(page, lambda s: s == "error", 30)
    assert "calc-row-error" in body.nth(1).get_attribute("class")
    assert "第 2" in page.locator("#e-units").inner_text()


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_a_csv_upload_fills_the_table(page, base_url: str, tmp_path: Path, encoding: str) -> None:
    page.goto(f"{base_url}/calculators/prices/")
    wait_status(page)
    csv = "单元编号,建筑面积（平方米）,售价（元/平方米）,租金\r\n东-101,100,5000,\r\n东-102,80,,26\r\n"
    file = tmp_path / "单元.csv"
    file.write_bytes(csv.encode(encoding))
    page.set_input_files('input.calc-file[data-table="units"]', str(file))
    poll(page, "document.querySelector('#t-units tbody tr [name=id]').value", lambda v: v == "东-101", 10)
    assert page.input_value("#t-units tbody tr:nth-child(2) [name=rent]") == "26"
    if encoding == "gbk":
        with page.expect_download() as download:
            page.click('button.calc-template[data-table="units"]')
        template = Path(download.value.path()).read_bytes()
        assert template.startswith(b"\xef\xbb\xbf") and "单元编号".encode() in template
        assert len(template.decode("utf-8-sig").strip().splitlines()) >= 2, "the template shows an example row"


def test_plan_prints_a_clean_report_and_round_trips_as_json(page, base_url: str, tmp_path: Path) -> None:
    page.goto(f"{base_url}/calculators/plan/")
    assert fill_example(page) in ("pass", "fail", "review")
    page.emulate_media(media="print")
    assert not page.locator("#calc-form input[name='land.area']").is_visible()
    assert not page.locator("#calc-actions").is_visible()
    head = page.locator(".calc-print-head")
    assert head.is_visible() and "浙小微园办〔2022〕3号" in head.inner_text()
    assert "生成于" in head.inner_text()
    now = page.evaluate("new Date().toLocaleString('zh-CN')")  # the report's stamp reads like the reader's clock
    assert re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2} \d{2}:\d{2}:\d{2}", page.locator("#calc-date").inner_text())
    assert page.locator("#calc-date").inner_text().split(" ")[0] == now.split(" ")[0]
    assert page.locator("#calc-print-inputs dt").count() >= 3
    # On paper each finding names its clause (第（八）条) and the head cites the notice once, to keep the report short.
    findings = page.locator("#calc-result .calc-finding")
    assert findings.count() and all(
        "条" in findings.nth(i).locator("a.calc-clause").inner_text() for i in range(findings.count())
    )
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.click("#calc-export")
    saved = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert saved["calculator"] == "plan" and saved["input"]["land"]["area"]
    from calculators.browser import handle  # the saved file is an engine request as it stands

    assert json.loads(handle(json.dumps(saved, ensure_ascii=False)))["status"] in ("pass", "fail", "review")
    saved["input"]["land"]["area"] = "150"
    changed = tmp_path / "plan.json"
    changed.write_text(json.dumps(saved, ensure_ascii=False), "utf-8")
    before = page.locator("#calc-result-body").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())  # the form holds the example: importing asks first
    page.set_input_files("#calc-import", str(changed))
    wait_change(page, before)
    assert page.input_value("[name='land.area']") == "150"
    assert "150 亩" in page.locator("#calc-result").inner_text()


def test_no_request_leaves_the_origin_and_clause_pages_load_no_webassembly(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(f"{base_url}/clauses/clause-01/")
    page.wait_for_load_state("networkidle")
    clause_requests = list(requests)
    assert not [u for u in clause_requests if u.endswith((".wasm", ".mjs")) or "pyodide" in u or "snapshot" in u]
    page.goto(f"{base_url}/calculators/land/")
    wait_status(page)
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("pyodide.asm.wasm") for u in requests), "the worker's requests are observed"
    foreign = [u for u in requests if not u.startswith(base_url) and not u.startswith(("data:", "blob:"))]
    assert not foreign, foreign
    context.close()


def test_a_broken_snapshot_falls_back_to_a_plain_start(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    page = context.new_page()
    page.goto(f"{base_url}/calculators/land/")
    # On this test server (no encoding) the worker takes the snapshot's .gz when it is at hand (cached, as the
    # service worker keeps it): cache one, then serve a broken one.
    page.evaluate(
        """async () => { const manifest = await (await fetch('../../assets/calculators/py/runtime.json')).json();
           const cache = await caches.open('test-broken-snapshot');
           await cache.put(new URL(`../../assets/calculators/py/${manifest.snapshot}.gz`, location.href).href,
                           new Response('not a gzip snapshot')); }"""
    )
    served: list[str] = []
    context.route(
        "**/snapshot-*.bin.gz",
        lambda route: served.append(route.request.url) or route.fulfill(status=200, body=b"not a gzip snapshot"),
    )
    review_after_opening(page, base_url + DONE_WHEN)
    assert served, "the worker tried the snapshot"
    assert start_mode(page) == "plain"
    context.close()


def test_without_webassembly_the_page_says_so_in_chinese(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script("delete globalThis.WebAssembly;")
    page = context.new_page()
    page.goto(f"{base_url}/calculators/land/")
    poll(page, "document.getElementById('calc-runtime').dataset.state", lambda s: s == "failed", 15)
    text = page.locator("#calc-runtime").inner_text()
    assert "WebAssembly" in text and "浏览器" in text
    assert page.locator("h1").first.is_visible()  # the page itself stays readable
    context.close()


def test_a_csp_that_forbids_webassembly_in_the_worker_gets_a_message(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")

    def strict(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers, "content-security-policy": "script-src 'self'"})

    context.route("**/calculators/worker.mjs*", strict)
    page = context.new_page()
    page.goto(f"{base_url}/calculators/land/")
    poll(page, "document.getElementById('calc-runtime').dataset.state", lambda s: s == "failed", 30)
    assert "安全策略" in page.locator("#calc-runtime").inner_text()
    context.close()


def test_a_start_that_hangs_times_out_with_a_message(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script("globalThis.CALCULATORS_START_TIMEOUT_MS = 1500;")
    context.route(
        "**/calculators/worker.mjs*",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body="await new Promise(() => {});"),
    )
    page = context.new_page()
    page.goto(f"{base_url}/calculators/land/")
    poll(page, "document.getElementById('calc-runtime').dataset.reason", lambda s: s == "timeout", 15)
    assert "超时" in page.locator("#calc-result").inner_text()
    page.fill('input[name="area"]', "120")  # the page stays usable
    assert page.input_value('input[name="area"]') == "120"
    context.close()


def test_a_link_with_an_unofficial_county_keeps_it_and_suggests_the_official_name(page, base_url: str) -> None:
    """A select cannot show a value it does not list; the link's 淳安 must still reach the engine, not vanish."""
    page.goto(f"{base_url}/calculators/land/?area=98&unit=亩&county=淳安")
    assert wait_status(page) == "error"
    assert page.input_value('select[name="county"]') == "淳安"
    message = page.inner_text("#calc-result")
    assert "淳安县" in message and "缺少" not in message


def test_the_plan_starts_empty_and_its_example_and_clear_ask_first_and_undo(page, base_url: str) -> None:
    """项目整体自查 holds only what the user entered: empty on a first visit, the example one button away and marked
    on paper, 清空 asked before and undone after."""
    page.goto(f"{base_url}/calculators/plan/")
    poll(page, "Number(document.getElementById('calc-result').dataset.answers || 0)", lambda n: n > 0, 90)
    # untouched: an invitation, no red 缺少 and no 输入有误 before the reader has entered anything
    assert page.input_value("[name='land.area']") == ""
    assert "填入示例" in page.inner_text("#calc-result-body") and "输入有误" not in page.inner_text("#calc-result")
    assert page.locator(".calc-error:not([hidden])").count() == 0
    assert page.inner_text("#calc-sticky-verdict .calc-jump-status") == "", "看结论 names no verdict yet"
    page.fill("[name='land.area']", "abc")  # once the reader types, the engine's messages show beside the field
    assert wait_status(page) == "error" and "请输入数字" in page.inner_text("#e-land\\.area")
    page.fill("[name='land.area']", "")
    fill_example(page)
    assert page.input_value("[name='land.area']") == "98"
    assert page.locator("#calc-example-mark").get_attribute("hidden") is None
    page.fill("[name='land.area']", "120")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#calc-clear")
    assert page.input_value("[name='land.area']") == "120", "declined: nothing cleared"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#calc-clear")
    assert page.input_value("[name='land.area']") == ""
    assert page.locator("#calc-example-mark").get_attribute("hidden") == ""
    page.click("#calc-undo")
    assert page.input_value("[name='land.area']") == "120"
    assert page.locator("#calc-example-mark").get_attribute("hidden") is None, "undone: still the (edited) example"


# Every control of the form as the reader meets it: attributes (but the value ones, which the page as sent writes as
# attributes and the script as properties), value, checked, the options; a row's number and its 删除 button's name.
FORM_STATE = """[...document.querySelectorAll('#calc-form :is(input, select, textarea, tr, th, button, option)')]
    .map((el) => [el.tagName, [...el.attributes].filter((a) => !['value', 'selected', 'data-status'].includes(a.name))
        .map((a) => `${a.name}=${a.value}`).sort().join(' '), el.value ?? '', el.checked ?? '', el.selected ?? '',
        ['TH', 'BUTTON', 'OPTION'].includes(el.tagName) ? el.textContent : ''])"""
OWN_FORMS = [name for name in registry.calculators() if not getattr(CALCULATORS[name], "OWN_PAGE", False)]


@pytest.mark.parametrize("name", OWN_FORMS)
def test_the_form_the_page_is_sent_with_is_the_one_its_script_would_write(new_page, base_url: str, name: str) -> None:
    """The page is sent holding its opening form (its example, or empty tables on a page that starts empty:
    sitegen/pages/calculator_pages.py form_state), so its script writes none; form.js writes the same values, and
    adds rows, from the same markup (the row <template>): a link to the example, or a table cleared, gives the same
    form. Untouched, the page keeps its bare address (it already opens the same form); the copied link carries the
    values."""
    page = new_page()
    page.goto(f"{base_url}/calculators/{name}/")
    poll(page, "Number(document.getElementById('calc-result').dataset.answers || 0)", bool, 90)  # drawn
    sent = page.evaluate(FORM_STATE)
    # The address is written in a timer just after the verdict is drawn (calculator.js scheduleLink): past it.
    assert page.evaluate("new Promise((done) => setTimeout(() => done(location.search), 100))") == ""
    if page.locator("#calc-example").count():  # a page that starts empty: its tables as form.js empties them
        for button in page.locator("#calc-form .calc-clear[data-table]").all():
            button.click()
        assert page.evaluate(FORM_STATE) == sent
        return
    page.click("#calc-copy-link")
    query = poll(page, "location.search", bool, 10)
    written = new_page()
    written.goto(f"{base_url}/calculators/{name}/{query}")
    assert written.evaluate(FORM_STATE) == sent
    written.close()
    page.close()


def test_a_table_cell_typed_before_the_scripts_arrive_is_kept(new_page, base_url: str) -> None:
    """The table rows are in the page as sent, so a reader can type into them while the scripts are on their way:
    a shared link's table must not replace what was typed (form.js typedBeforeStart). (Without the service worker,
    which would serve the script from its cache, past the held route.)"""
    page = new_page(service_workers="block")
    held = []
    page.route("**/assets/calculators/calculator.js*", lambda route: held.append(route))
    page.goto(f"{base_url}/calculators/prices/?units=A!100!5300!~B!80!4900!", wait_until="commit")
    cell = page.locator("#t-units tbody tr:nth-child(1) [name=sale_price]")
    cell.fill("4444")
    poll(page, "true", lambda _: bool(held), 30)
    held[0].continue_()
    wait_status(page)
    assert cell.input_value() == "4444"
    assert page.input_value("#t-units tbody tr:nth-child(2) [name=id]") == "1-201", "the table as sent, typed in, stays"
    page.close()
