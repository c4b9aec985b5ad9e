"""Helpers the tests share (importable: pyproject puts tests/ on the path); fixtures live in conftest.py."""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from calculators import registry

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
MIN_TAP = 44  # px, each side of a control a finger taps (WCAG 2.5.5)
# The omnibox's WebUI popups: a headless test never opens them, yet Chromium 156 renders them for every new browser
# context, some 0.45 s of CPU each here (0.96 → 0.53 s for a context, its page and a clause page; 2026-12-06).
UNUSED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]


def playwright_disabled_features() -> list[str]:
    """The features Playwright disables in Chromium (its chromiumSwitches.ts), read from the pinned driver: Chromium
    keeps only the last --disable-features switch it is given, so ours must repeat them."""
    import playwright

    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    text = bundle.read_text(encoding="utf-8") if bundle.exists() else ""
    start = text.find("disabledFeatures = [")
    names = re.findall(r'^\s*"(\w+)"', text[start : text.find("];", start)], re.MULTILINE) if start >= 0 else []
    if not names:
        raise RuntimeError(f"Playwright's list of disabled Chromium features is not where it was: {bundle}")
    return names


# Flags measured on this machine: without the background-networking ones Chromium tries to reach Google.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=" + ",".join(playwright_disabled_features() + UNUSED_FEATURES),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing file gets the site's own 404.html (status 404), as nginx's `error_page 404` serves it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _LoggingHandler(_QuietHandler):
    requests: ClassVar[list[str]]

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self.requests.append(urllib.parse.urlsplit(self.path).path)


class Shots:
    """Screenshots and printouts for a person to look at after a change, kept in SCREENSHOT_DIR; without it none is
    made (a run in CI, where nobody looks: each one costs the run CPU). `SCREENSHOT_DIR=/tmp/shots make test`."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def take(self, target: Any, name: str, **options: Any) -> None:
        """A screenshot of a page or a locator (Playwright's options, as full_page=True)."""
        if self.folder:
            target.screenshot(path=str(self.folder / name), **options)

    def keep(self, name: str, data: bytes, png_dpi: int | None = None) -> None:
        """A file a test made (a printed PDF, a picture); png_dpi: a PDF's pages as PNG too (pdftoppm), to look at."""
        if not self.folder:
            return
        target = self.folder / name
        target.write_bytes(data)
        if png_dpi:
            command = ["pdftoppm", "-png", "-r", str(png_dpi), str(target), str(target.with_suffix(""))]
            subprocess.run(command, check=True)


class _LoopbackHost(http.server.ThreadingHTTPServer):
    """The tests' host. A browser that drops a connection mid-file (a page left before its download ended) is what
    readers' browsers do every day: no error, and no traceback in the test log."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_folder(folder: Path, requests: list[str] | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port; returns the server and its base URL. With `requests`, the path of
    every request the host answers is appended to it (what a browser, its service workers included, asked for)."""
    if requests is None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
    else:
        logging = type("Logging", (_LoggingHandler,), {"requests": requests})
        handler = functools.partial(logging, directory=str(folder))
    server = _LoopbackHost(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def stop_service_workers(page: Any) -> None:
    """Stop the browser's service workers (Chromium, over CDP), as a reader's browser has by their next visit: the
    next navigation starts them again."""
    workers = page.context.new_cdp_session(page)
    workers.send("ServiceWorker.enable")
    workers.send("ServiceWorker.stopAllWorkers")


def wait_for_service_worker_control(page: Any, timeout: float = 60) -> None:
    """Wait until the calculators' service worker controls the page (it registers once the engine is ready)."""
    poll(page, "navigator.serviceWorker.controller ? 'yes' : 'no'", lambda v: v == "yes", timeout)


def poll(page: Any, script: str, until: Callable[[Any], bool], timeout: float, step: float = 0.1) -> Any:
    """Evaluate `script` in a page (anything with .evaluate) until until(value) holds; returns the value.

    Playwright's string wait_for_function is blocked by the site's CSP, and the other engines have none.
    """
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if until(value):
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting on {script!r}; last value {value!r}")


# share.js's toQuery, run in Node on a JSON argument [fields, values] (tests use the page's own codec, not a copy).
_TO_QUERY = """
import { toQuery } from "./docs/assets/calculators/share.js";
const [fields, values] = JSON.parse(process.argv[1]);
process.stdout.write(toQuery(fields, values, "").query);
"""


def shared_query(fields: list[dict[str, Any]], values: dict[str, Any]) -> str:
    """The query string a calculator page writes for these inputs (share.js toQuery itself, run in Node), so a test
    opens a shared link. fields: the page's flat fields (object members as "land.area"), values: flat values."""
    command = ["node", "--input-type=module", "-e", _TO_QUERY, json.dumps([fields, values], ensure_ascii=False)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def first_number_field(name: str) -> str:
    """The JSON key (dotted inside a plan) of a calculator's first visible number input: the field tests break."""
    import calculators

    def walk(fields: list[dict], prefix: str = "") -> list[str]:
        keys = []
        for field in fields:
            if field["type"] == "object":
                keys += walk(field["fields"], f"{prefix}{field['key']}.")
            elif field["type"] == "number":
                keys.append(prefix + field["key"])
        return keys

    return walk(calculators.describe()[name]["fields"])[0]


def throttle(page, bits: float, latency_ms: int) -> Any:
    """The page's link, its worker's requests included (Chromium's network emulation); returns the session that
    `unthrottle` takes."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = bits / 8
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": rate, "uploadThroughput": rate},
    )
    return cdp


def clear_storage(page: Any, base_url: str) -> None:
    """Clear what the site keeps on the device for its origin (local storage, IndexedDB, cookies), as if never
    visited, but keep the caches (HTTP, Cache Storage, service worker): a tab or context reused between tests starts
    from a clean slate and a warm runtime."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("Storage.clearDataForOrigin", {"origin": base_url, "storageTypes": "local_storage,indexeddb,cookies"})
    finally:
        cdp.detach()


def unthrottle(cdp: Any) -> None:
    """Lift `throttle`'s limits, downloads under way included: once what a test asks of the slow link is seen (the
    start's plan), the rest of the start need not take the slow link's time."""
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )


# The calculators' service-worker registration (a promise of it, or of undefined), from any page of the site.
CALCULATORS_REGISTRATION = "navigator.serviceWorker.getRegistration(new URL('/calculators/', location))"

# The snapshot's URLs in the calculators' service-worker cache (its .gz, or the raw form the page downloaded), once
# that worker is active: the snapshot can be in its cache while other files are still being precached, and until
# the install ends no page is controlled (a visit then goes past the worker, to the browser's HTTP cache).
SNAPSHOT_KEPT = (
    f"(async () => {{ if (!(await {CALCULATORS_REGISTRATION})?.active) return [];"
    """
  for (const name of await caches.keys()) if (name.startsWith('calculators-'))
    return (await (await caches.open(name)).keys()).map((r) => r.url).filter((u) => /[/]py[/]snapshot-/.test(u));
  return []; })()"""
)


START_TIMEOUT = 90  # seconds: a cold Pyodide start on a busy 2-core machine
# The Done-when link of the land calculator: 98 亩 in 淳安县 (a 山区26县 county) is 由当地决定 (review).
DONE_WHEN = "/calculators/land/?area=98&unit=mu&county=淳安县"


def wait_status(
    page: Any, accept: Callable[[Any], bool] | set[str] | None = None, timeout: float = START_TIMEOUT
) -> str:
    """The status a calculator page (or the self-check) shows once it is one accept takes (a set of statuses or a
    test; by default any answer: not pending), polled on #calc-result's data-status."""
    if accept is None:
        accept = lambda value: value not in ("pending", None, "")  # noqa: E731
    elif isinstance(accept, set):
        accept = accept.__contains__
    return str(poll(page, "document.getElementById('calc-result')?.dataset.status", accept, timeout))


def review_after_opening(page: Any, url: str) -> None:
    """Open the Done-when link (DONE_WHEN) and check it shows review with a ready engine."""
    page.goto(url)
    assert wait_status(page) == "review"
    assert page.evaluate("document.getElementById('calc-runtime').dataset.state") == "ready"


def start_mode(page) -> str:
    """How the calculator page's engine started: "snapshot" or "plain"."""
    return page.evaluate("document.getElementById('calc-runtime').dataset.mode")


# The copy of runtime.json a page that runs the engine carries (templates/overrides/main.html): group 1 is the JSON.
PAGE_MANIFEST = re.compile(r'<script type="application/json" id="calculators-runtime">([^<]*)</script>')


EXAMPLE_BUTTONS = "#calc-example, #sc-example"  # the pages that start empty: 项目整体自查 and 全文自查


def fill_example(page: Any, timeout: float = 90) -> str:
    """Fill a page that starts empty with its worked example by its 填入示例 button (other calculator pages open
    with theirs), and wait for the engine's verdict on it; returns the status."""
    answered = "Number(document.getElementById('calc-result')?.dataset.answers || 0)"
    button = page.locator(EXAMPLE_BUTTONS)
    if button.count():
        before = page.evaluate(answered)
        button.first.click()
        poll(page, answered, lambda n: n > before, timeout)
    status = "document.getElementById('calc-result')?.dataset.status"
    return str(poll(page, status, lambda s: s not in (None, "pending", "error"), timeout))


def open_fold(selector: str) -> str:
    """A script (an expression, for any engine's evaluate) that opens the folding part holding the element the CSS
    selector names, as a reader taps its heading: the self-check's plan data and clauses start folded."""
    return f"(document.querySelector({json.dumps(selector)})?.closest('details')?.setAttribute('open', ''), true)"


def open_question(page: Any, provision: str) -> None:
    """Open the self-check's clause holding a question (the clauses start folded), as a reader taps its name."""
    summary = page.locator(f"details.sc-clause:has(#q-{provision}):not([open]) > summary")
    if summary.count():
        summary.click()


# name → site-relative URL (ARCHITECTURE.md's permanent URLs; clause (八) is the one most often cited).
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "text": "text/",
    "clause": "clauses/clause-08/",
    "clause-list": "clauses/",
    "topics": "topics/",
    "parties": "parties/",
    "glossary": "glossary/",
    "documents": "documents/",
    "regions": "regions/",
    "about": "about/",
    "feedback": "feedback/",
    "accessibility": "accessibility/",  # 无障碍说明
    "performance": "performance/",
    "quality": "quality/",
    "findings": "findings/",  # 结论代码: every finding code and its params
    "data": "data/",
    "changes": "changes/",  # 变更记录 (its Atom feed is read back in tests/pages/test_changes.py)
    "obligations": "obligations/",
    "calculator-list": "calculators/",
    # one per registered calculator (calculators/registry.py), added below
    "selfcheck-review": "calculators/selfcheck/review/",
    "embed": "embed/clause-08/",
    "card": "cards/clause-08/",
    "not-found": "404.html",
    "selfcheck-forward": "selfcheck/",  # the short address: forwards to calculators/selfcheck/, keeping ?role= and #q-
}
PAGE_TYPES.update({f"calculator-{name}": f"calculators/{name}/" for name in registry.calculators()})


def calculator_name(url: str) -> str | None:
    """ "land" for "calculators/land/"; None for any other page (the list of calculators included)."""
    parts = url.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "calculators" else None


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page) -> list[str]:
    """Run axe-core in the page, all default rules; evaluate() runs outside the CSP (a script tag would not)."""
    assert AXE.exists(), f"{AXE} missing: run npm ci"
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`))""")
    return list(found)
