"""How the calculators start (docs/calculators/worker.mjs, templates/calculators/sw.js): on a slow link a first
visit starts plainly from the fewest bytes, saying how many megabytes are done and how long is left, with the form
usable meanwhile; on a fast link it starts from the memory snapshot; the service worker fetches the snapshot in the
background, so every later visit starts from it, unpacked from a cache; a cached snapshot that is broken still gives
a verdict (plain start).

"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

from sitetools import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DONE_WHEN,
    PAGE_MANIFEST,
    ROOT,
    SNAPSHOT_KEPT,
    poll,
    review_after_opening,
    serve_folder,
    start_mode,
    throttle,
    unthrottle,
    wait_for_service_worker_control,
    wait_status,
)

UNPACKED_KEYS = "(async () => (await (await caches.open('snapshot-unpacked')).keys()).map((r) => r.url))()"
KEPT_AND_WHOLE_SIZE = """(async () => {
    const cache = await caches.open('snapshot-unpacked');
    const [key] = await cache.keys();
    const manifest = await (await fetch('../../assets/calculators/py/runtime.json')).json();
    return [(await (await cache.match(key)).arrayBuffer()).byteLength, manifest.sizes[manifest.snapshot]];
})()"""


def status_texts(page, until: float = 90, lift: Any = None) -> list[str]:
    """Every text the engine's status line shows until the engine is ready; with `lift` (what `throttle` returned),
    the link's limits are lifted once the line says how long is left: the plan and the figures are seen."""
    seen: list[str] = []
    deadline = time.monotonic() + until
    while time.monotonic() < deadline:
        text, state = page.evaluate(
            "[document.getElementById('calc-runtime-text').textContent,"
            " document.getElementById('calc-runtime').dataset.state]"
        )
        if not seen or seen[-1] != text:
            seen.append(text)
            if lift is not None and "约还需" in text:
                unthrottle(lift)
                lift = None
        if state != "loading":
            return seen
        time.sleep(0.05)
    raise TimeoutError(seen)


def plain_start_bytes(site: Path) -> int:
    """What a plain start downloads from this test server (it sends files uncompressed): the WebAssembly, the
    standard library's .gz (the form a host that compresses nothing gets) and the engine's package."""
    py = site / "assets" / "calculators" / "py"
    manifest = json.loads((py / "runtime.json").read_text(encoding="utf-8"))
    files = [site / "assets" / "pyodide" / manifest["pyodide"] / "pyodide.asm.wasm", py / (manifest["stdlib"] + ".gz")]
    return sum(path.stat().st_size for path in [*files, py / manifest["package"]])


def test_on_a_slow_link_the_first_visit_starts_plainly_says_how_much_is_left_and_lets_you_type(
    browser, base_url: str, site_dir: Path
) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        first = context.new_page()
        link = throttle(first, 4e6, 150)
        # Not waiting for the page's scripts: on the slowed link they share the bandwidth with the engine's download
        # (in one fresh-clone run the page's DOMContentLoaded came after Playwright's 30 s).
        first.goto(base_url + DONE_WHEN, wait_until="commit")
        first.locator('input[name="area"]').fill("120", timeout=90_000)  # while the engine loads
        texts = status_texts(first, lift=link)
        assert start_mode(first) == "plain", "on a 4 Mbit/s link a first visit must not wait for the 4–6 MB snapshot"
        counted = [t for t in texts if re.search(r"已下载 \d+\.\d / \d+\.\d MB", t)]
        assert counted, f"no megabytes shown while loading: {texts}"
        total = float(re.search(r"/ (\d+\.\d) MB", counted[-1]).group(1))
        assert total == round(plain_start_bytes(site_dir) / 1e6, 1), "the total is what a plain start downloads"
        assert any(re.search(r"约还需 \d+ 秒", t) for t in texts), f"no time left shown: {texts}"
        assert wait_status(first) == "pass", "the area typed while loading (120 亩) is what the engine checked"
        poll(first, SNAPSHOT_KEPT, bool, 180)  # the service worker fetched it in the background
        second = context.new_page()
        review_after_opening(second, base_url + DONE_WHEN)
        assert start_mode(second) == "snapshot"
    finally:
        context.close()


def test_a_second_calculator_soon_after_a_plain_first_start_waits_for_no_download(
    browser, base_url: str, tmp_path: Path
) -> None:
    """Opened while the first visit's service worker would still be precaching the snapshot (here: none at all), a
    second start has every file it needs in the HTTP cache: it starts plainly from there, rather than asking for the
    snapshot on a link it cannot measure (files from the cache arrive at the disk's rate: it took that for a fast
    link, and waited for the service worker's download of the snapshot: 5.4 s against a bare second start's 3.3 s
    at 4 Mbit/s).

    A browser profile on disk, as a reader's is: Playwright's contexts keep their HTTP cache in memory, where the
    9.6 MB WebAssembly this test server sends uncompressed is not kept, so the second start fetched it again, over
    loopback, and rightly measured a fast link (in about half the runs, whenever it arrived before the decision)."""
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, locale="zh-CN", service_workers="block"
    )
    try:
        first = context.pages[0] if context.pages else context.new_page()
        link = throttle(first, 4e6, 150)
        first.goto(base_url + DONE_WHEN, wait_until="commit")  # as above: the page's scripts share the slow link
        # The start's plan is made on the slow link (the status line then gives its total); the rest need not be slow.
        poll(first, "document.getElementById('calc-runtime-text')?.textContent ?? ''", lambda t: "MB" in t, 90)
        unthrottle(link)
        assert wait_status(first) == "review"
        assert start_mode(first) == "plain"
        second = context.new_page()  # the link not slowed: only the cache's rate would be measured
        review_after_opening(second, base_url + DONE_WHEN)
        assert start_mode(second) == "plain", "a start with nothing to download asked for the snapshot"
    finally:
        context.close()


def test_on_a_fast_link_the_first_visit_starts_from_the_snapshot_and_keeps_it_unpacked(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        first = context.new_page()
        review_after_opening(first, base_url + DONE_WHEN)
        assert start_mode(first) == "snapshot", "on a fast link the snapshot's bytes cost less than a plain start's CPU"
        keys = poll(first, UNPACKED_KEYS, bool, 30)
        assert len(keys) == 1 and re.search(r"/snapshot-[0-9a-f]+\.bin$", keys[0]), keys
        # Kept without its all-zero blocks (the stack, the free heap): a warm start reads half as much.
        kept, whole = first.evaluate(KEPT_AND_WHOLE_SIZE)
        assert kept < 0.6 * whole, f"the unpacked snapshot is kept as {kept} of {whole} bytes"
        second = context.new_page()
        review_after_opening(second, base_url + DONE_WHEN)
        assert start_mode(second) == "snapshot"
    finally:
        context.close()


def test_a_page_without_its_copy_of_runtime_json_still_starts_the_engine(browser, base_url: str) -> None:
    """The worker starts from the page's copy of runtime.json; a page without one (an older page, a proxy that strips
    it) makes the worker fetch runtime.json itself, and the verdict still comes. (No service worker: its background
    fetches of the page would outlive the route.)"""
    context = browser.new_context(locale="zh-CN", service_workers="block")
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))

    def without_copy(route) -> None:
        response = route.fetch()
        route.fulfill(response=response, body=PAGE_MANIFEST.sub("", response.text()))

    try:
        context.route("**/calculators/land/**", without_copy)
        page = context.new_page()
        review_after_opening(page, base_url + DONE_WHEN)
        assert page.evaluate("document.getElementById('calculators-runtime')") is None
        assert any("/assets/calculators/py/runtime.json" in url for url in asked), "the worker did not fetch it"
    finally:
        context.unroute_all(behavior="ignoreErrors")
        context.close()


def test_a_broken_unpacked_snapshot_gives_a_plain_start_and_is_dropped(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/about/")
        page.evaluate(
            """async () => { const manifest = await (await fetch('../assets/calculators/py/runtime.json')).json();
               const key = new URL('../assets/calculators/py/' + manifest.snapshot, location.href);
               await (await caches.open('snapshot-unpacked')).put(key.href, new Response('not a snapshot')); }"""
        )
        review_after_opening(page, base_url + DONE_WHEN)
        assert start_mode(page) == "plain"
        poll(page, UNPACKED_KEYS, lambda keys: keys == [], 10)
    finally:
        context.close()


def test_a_calculator_approached_from_a_clause_page_starts_warm(browser, base_url: str) -> None:
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/clauses/clause-08/")
        page.hover("#check-this-clause .tool-link")  # the reader's pointer rests on a calculator link
        poll(page, SNAPSHOT_KEPT, bool, 120)  # the runtime is fetched in the background
        downloads: list[str] = []
        runtime = (".wasm", ".gz", ".bin")
        page.on(
            "response",
            lambda r: None if r.from_service_worker or not r.url.endswith(runtime) else downloads.append(r.url),
        )
        review_after_opening(page, base_url + DONE_WHEN)
        assert start_mode(page) == "snapshot"
        assert not downloads, f"a warm start takes the runtime from the cache, not the network: {downloads}"
    finally:
        context.close()


def test_after_a_redeploy_the_first_online_visit_runs_the_new_engine(browser, site_dir: Path, tmp_path: Path) -> None:
    served = tmp_path / "site"
    shutil.copytree(site_dir, served, copy_function=os.link)  # files are replaced below, never written in place
    server, url = serve_folder(served)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        review_after_opening(page, url + DONE_WHEN)
        poll(page, SNAPSHOT_KEPT, bool, 120)  # the old build is fully cached (its worker installed, snapshot too)
        wait_for_service_worker_control(page)  # and its worker controls the pages
        redeploy_with_a_new_engine(served)
        page.goto(url + DONE_WHEN)
        poll(page, "document.getElementById('calc-result').innerText", lambda text: NEW_ENGINE in text, 90)
    finally:
        context.close()
        server.shutdown()


NEW_ENGINE = "新版引擎的回答"


def redeploy_with_a_new_engine(site: Path) -> None:
    """What a rebuild with a changed engine publishes: a new package (new hash-name), runtime.json naming it (and the
    copy in the pages that run the engine), and a new service worker. (No snapshot: a real build's would hold the
    new engine; the plain start shows it here.)"""
    py = site / "assets" / "calculators" / "py"
    manifest = json.loads((py / "runtime.json").read_text(encoding="utf-8"))
    old = zipfile.ZipFile(py / manifest["package"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "calculators/browser.pyc":  # shipped compiled: the changed module goes in as its source
                name, data = "calculators/browser.py", (ROOT / "calculators" / "browser.py").read_bytes()
                data += (
                    "\n\ndef handle(request_json: str) -> str:\n"
                    f"    return dumps(invalid([error('', {NEW_ENGINE!r})]))\n"
                ).encode()
            new.writestr(name, data)
    package = f"calculators-{hashlib.sha256(buffer.getvalue()).hexdigest()[:12]}.zip"
    (py / package).write_bytes(buffer.getvalue())
    manifest.update(package=package, snapshot=None)
    replace(py / "runtime.json", json.dumps(manifest))
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if found := PAGE_MANIFEST.search(html):
            replace(page, html[: found.start(1)] + json.dumps(manifest) + html[found.end(1) :])
    sw = site / "calculators" / "sw.js"
    replace(sw, re.sub(r'const BUILD = "[^"]+"', 'const BUILD = "redeployed"', sw.read_text(encoding="utf-8")))


def replace(path: Path, text: str) -> None:
    path.unlink()  # a hard link to the session's site: write a new file instead
    path.write_text(text, encoding="utf-8")
