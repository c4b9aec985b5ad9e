"""How the calculators start (docs/calculators/worker.mjs, templates/calculators/sw.js): a first visit plainly
from the fewest bytes, the memory snapshot fetched in the background by the service worker, and every later visit
from the snapshot; a snapshot that is cached but broken still gives a verdict (plain start)."""

from __future__ import annotations

from test_calculators import DONE_WHEN, poll, review_after_opening

SNAPSHOT_CACHED = """(async () => { for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    if ((await cache.keys()).some((r) => /snapshot-[0-9a-f]+\\.bin\\.gz$/.test(r.url))) return true; }
  return false; })()"""


def mode(page) -> str:
    return page.evaluate("document.getElementById('calc-runtime').dataset.mode")


def test_first_visit_starts_plainly_and_the_next_visit_from_the_snapshot(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        first = context.new_page()
        review_after_opening(first, base_url + DONE_WHEN)
        assert mode(first) == "plain", "a first visit must not wait for the ≈6 MB snapshot"
        poll(first, SNAPSHOT_CACHED, bool, 120)  # the service worker fetched it in the background
        second = context.new_page()
        review_after_opening(second, base_url + DONE_WHEN)
        assert mode(second) == "snapshot"
    finally:
        context.close()


REGISTERED = (
    "(async () => Boolean(await navigator.serviceWorker.getRegistration(new URL('/calculators/', location))))()"
)


def test_a_calculator_opened_after_a_while_on_a_clause_page_starts_warm(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/clauses/clause-08/")
        poll(page, SNAPSHOT_CACHED, bool, 120)  # idle for a few seconds: the runtime is fetched in the background
        downloads: list[str] = []
        page.on(
            "response",
            lambda r: (
                None if r.from_service_worker or not r.url.endswith((".wasm", ".gz")) else downloads.append(r.url)
            ),
        )
        review_after_opening(page, base_url + DONE_WHEN)
        assert mode(page) == "snapshot"
        assert not downloads, f"a warm start takes the runtime from the cache, not the network: {downloads}"
    finally:
        context.close()


def test_on_a_save_data_link_nothing_is_prefetched(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'connection', {get: () => ({saveData: true, effectiveType: '4g'})});"
    )
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(f"{base_url}/clauses/clause-08/")
        page.wait_for_timeout(9000)  # well past the idle delay (5 s)
        assert page.evaluate(REGISTERED) is False
        assert not [u for u in requests if "/assets/pyodide/" in u or "/assets/calculators/py/" in u], requests
    finally:
        context.close()
