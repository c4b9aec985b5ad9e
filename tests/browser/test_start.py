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
