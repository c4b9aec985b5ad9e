"""Helpers the tests share (importable: pyproject puts tests/ on the path); fixtures live in conftest.py."""

from __future__ import annotations

import functools
import http.server
import json
import re
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
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


def serve_folder(folder: Path, requests: list[str] | None = None) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port; returns the server and its base URL. With `requests`, the path of
    every request the host answers is appended to it (what a browser, its service workers included, asked for)."""
    if requests is None:
        handler = functools.partial(_QuietHandler, directory=str(folder))
    else:
        logging = type("Logging", (_LoggingHandler,), {"requests": requests})
        handler = functools.partial(logging, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
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


def throttle(page, bits: float, latency_ms: int) -> None:
    """The page's link, its worker's requests included (Chromium's network emulation)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = bits / 8
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": latency_ms, "downloadThroughput": rate, "uploadThroughput": rate},
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
    return (await (await caches.open(name)).keys()).map((r) => r.url).filter((u) => /snapshot-/.test(u));
  return []; })()"""
)


def start_mode(page) -> str:
    """How the calculator page's engine started: "snapshot" or "plain"."""
    return page.evaluate("document.getElementById('calc-runtime').dataset.mode")


# The copy of runtime.json a page that runs the engine carries (templates/overrides/main.html): group 1 is the JSON.
PAGE_MANIFEST = re.compile(r'<script type="application/json" id="calculators-runtime">([^<]*)</script>')
