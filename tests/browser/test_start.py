"""How the calculators start (docs/calculators/worker.mjs, templates/calculators/sw.js): a first visit plainly
from the fewest bytes, the memory snapshot fetched in the background by the service worker, and every later visit
from the snapshot; a snapshot that is cached but broken still gives a verdict (plain start)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import zipfile
from pathlib import Path

from test_calculators import DONE_WHEN, poll, review_after_opening

from sitetools import serve_folder

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
        "Object.defineProperty(Navigator.prototype, 'connection',"
        " {get: () => ({saveData: true, effectiveType: '4g'})});"
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


def test_after_a_redeploy_the_first_online_visit_runs_the_new_engine(browser, site_dir: Path, tmp_path: Path) -> None:
    served = tmp_path / "site"
    shutil.copytree(site_dir, served, copy_function=os.link)  # files are replaced below, never written in place
    server, url = serve_folder(served)
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        review_after_opening(page, url + DONE_WHEN)
        poll(page, SNAPSHOT_CACHED, bool, 120)  # the old build is fully cached and its worker controls the pages
        redeploy_with_a_new_engine(served)
        page.goto(url + DONE_WHEN)
        poll(page, "document.getElementById('calc-result').innerText", lambda text: NEW_ENGINE in text, 90)
    finally:
        context.close()
        server.shutdown()


NEW_ENGINE = "新版引擎的回答"


def redeploy_with_a_new_engine(site: Path) -> None:
    """What a rebuild with a changed engine publishes: a new package (new hash-name), runtime.json naming it, and a
    new service worker. (No snapshot: a real build's would hold the new engine; the plain start shows it here.)"""
    py = site / "assets" / "calculators" / "py"
    manifest = json.loads((py / "runtime.json").read_text(encoding="utf-8"))
    old = zipfile.ZipFile(py / manifest["package"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as new:
        for name in old.namelist():
            data = old.read(name)
            if name == "calculators/browser.py":
                data += (
                    "\n\ndef handle(request_json: str) -> str:\n"
                    f"    return dumps(invalid([error('', {NEW_ENGINE!r})]))\n"
                ).encode()
            new.writestr(name, data)
    package = f"calculators-{hashlib.sha256(buffer.getvalue()).hexdigest()[:12]}.zip"
    (py / package).write_bytes(buffer.getvalue())
    manifest.update(package=package, snapshot=None)
    replace(py / "runtime.json", json.dumps(manifest))
    sw = site / "calculators" / "sw.js"
    replace(sw, re.sub(r'const BUILD = "[^"]+"', 'const BUILD = "redeployed"', sw.read_text(encoding="utf-8")))


def replace(path: Path, text: str) -> None:
    path.unlink()  # a hard link to the session's site: write a new file instead
    path.write_text(text, encoding="utf-8")
