"""No silent failures, in Chromium: a refused engine download is said in Chinese within seconds with a retry that
works; a worker that dies after start-up is said too, and the request it held settles; with storage refused (a
private window, a locked-down office browser) the self-check and a calculator work, saving off with a note, and
nothing is thrown uncaught. Start-up is under test in the first; the others reuse one context."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from sitetools import fill_example, poll

START_TIMEOUT = 90  # seconds: a cold Pyodide start on a busy 2-core machine
REPORTED_WITHIN = 20  # seconds, from the "Done when"
RUNTIME_STATE = "document.getElementById('calc-runtime').dataset.state"
RESULT_STATUS = "document.getElementById('calc-result').dataset.status"
# What a browser that refuses storage does: reading localStorage, sessionStorage or indexedDB throws, and so does
# registering a service worker.
REFUSE_STORAGE = """
for (const name of ["localStorage", "sessionStorage", "indexedDB"]) {
  Object.defineProperty(window, name, { get() { throw new DOMException("Access is denied", "SecurityError"); } });
}
if (navigator.serviceWorker) {
  navigator.serviceWorker.register = () => Promise.reject(new DOMException("Access is denied", "SecurityError"));
}
"""


def test_a_blocked_webassembly_is_reported_in_chinese_at_once_and_a_retry_starts_the_engine(
    browser, base_url: str
) -> None:
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.route("**/pyodide.asm.wasm*", lambda route: route.abort("blockedbyclient"))  # a proxy that blocks it
    page = context.new_page()
    started = time.monotonic()
    page.goto(f"{base_url}/calculators/land/")
    poll(page, RUNTIME_STATE, lambda s: s == "failed", REPORTED_WITHIN)
    took = time.monotonic() - started
    print(f"\nthe blocked WebAssembly was reported after {took:.1f} s")
    assert page.evaluate("document.getElementById('calc-runtime').dataset.reason") == "download"
    assert "未能下载" in page.locator("#calc-runtime").inner_text(), f"reported after {took:.1f} s"
    assert "未能下载" in page.locator("#calc-result").inner_text()
    context.unroute_all(behavior="ignoreErrors")  # the proxy lets it through now
    page.get_by_role("button", name="重试").click()
    poll(page, RESULT_STATUS, lambda s: s not in ("pending", None), START_TIMEOUT)
    assert page.evaluate(RUNTIME_STATE) == "ready"
    assert not page.get_by_role("button", name="重试").is_visible()
    context.close()


@pytest.fixture(scope="module")
def refused(browser) -> Iterator[tuple[object, list[str]]]:
    """One context whose pages are refused storage, and the errors they throw uncaught."""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    context.add_init_script(REFUSE_STORAGE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    context.close()


def test_with_storage_refused_the_self_check_works_and_says_it_cannot_save(refused, base_url: str) -> None:
    page, errors = refused
    errors.clear()
    page.goto(f"{base_url}/calculators/selfcheck/")
    poll(page, "document.getElementById('sc-action-note')?.innerText || ''", lambda t: "不允许本页保存数据" in t, 30)
    assert fill_example(page) == "fail"  # the page starts empty: its 填入示例 button
    before = int(page.evaluate("document.getElementById('calc-result').dataset.answers"))
    page.locator('#q-clause-10-p2 input[value="yes"]').check()
    poll(page, "Number(document.getElementById('calc-result').dataset.answers)", lambda n: n > before, 30)
    assert errors == []


def test_with_storage_refused_a_calculator_gives_its_verdict(refused, base_url: str) -> None:
    page, errors = refused
    errors.clear()
    page.goto(f"{base_url}/calculators/land/?area=98&unit=mu&county=淳安县")
    assert poll(page, RESULT_STATUS, lambda s: s not in ("pending", None), START_TIMEOUT) == "review"
    assert errors == []


def test_a_worker_that_dies_after_start_up_is_reported_and_its_request_settles(refused, base_url: str) -> None:
    page, _ = refused
    page.goto(f"{base_url}/calculators/land/?area=98&unit=mu&county=淳安县")
    poll(page, RESULT_STATUS, lambda s: s not in ("pending", None), START_TIMEOUT)
    worker = [w for w in page.workers if "/calculators/worker.mjs" in w.url][-1]  # this page's
    # It dies on the next request (what Pyodide's fatal errors and an out-of-memory worker look like to the page).
    worker.evaluate("() => { self.onmessage = () => { throw new Error('the worker is gone'); }; }")
    page.fill('input[name="area"]', "120")
    poll(page, "document.getElementById('calc-runtime').dataset.reason", lambda s: s == "crashed", 10)
    assert "意外停止" in page.locator("#calc-result").inner_text()
    page.get_by_role("button", name="重试").click()
    poll(page, RESULT_STATUS, lambda s: s not in ("pending", None), START_TIMEOUT)
    assert "120" in page.locator("#calc-result").inner_text()


def test_saved_answers_the_page_cannot_read_are_set_aside_and_said(browser, base_url: str) -> None:
    """Saved answers cut short (or edited by hand) are kept under another key, not overwritten by the next save,
    and the page says it starts empty instead of claiming to hold them."""
    broken = '{"role": "party-developer", "answers": {"clause-10-p2": {"ans'
    context = browser.new_context(locale="zh-CN", service_workers="block")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}/about/")
    page.evaluate("(text) => localStorage.setItem('selfcheck/v1', text)", broken)
    page.goto(f"{base_url}/calculators/selfcheck/")
    poll(page, "document.getElementById('sc-action-note')?.innerText || ''", lambda t: "无法读取" in t, 30)
    assert page.evaluate("localStorage.getItem('selfcheck/v1.unreadable')") == broken
    assert page.locator("#calc-example-note").is_hidden()  # no "your saved answers" note over an empty form
    assert errors == []
    context.close()
