"""What a reader gets through a real link: time to the first verdict of every calculator, cold (fresh profile) and
warm (second visit), against a bare `loadPyodide()` of the same files in the same run, and the bytes each visit
moves. Reports numbers; not a test.

    .venv/bin/python bench/link.py [--site site/] [--runs 3] [--out bench/results/link.md]

The site is served as published: by nginx with the production configuration of deploy/ (precompressed .br/.gz
files, cache headers), on loopback. A slow link is bench/shaper.py, a proxy between the browser and nginx: one
download rate shared by all connections and a round-trip time, below the browser, so that its HTTP cache and
service worker meet the link as on a real network (Chromium's own emulation, used before 2026-12-01, does not slow
the service worker's fetches and slows reads from the HTTP cache). Bytes are what nginx logged as sent (response
bodies, compressed as sent), so a file fetched twice shows twice.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import calculators  # noqa: E402
from bench.common import fine_poll, machine, overlay, run  # noqa: E402
from bench.shaper import shaped_link  # noqa: E402
from deploy.nginx_conf import LocalNginx, serve_locally  # noqa: E402
from sitetools import CHROMIUM, CHROMIUM_ARGS, stop_service_workers  # noqa: E402

# (label, download rate in bit/s, round-trip time in ms); None: loopback, no proxy.
LINKS = [
    ("loopback", None, 0),
    ("20 Mbit/s, 30 ms", 20e6, 30),
    ("4 Mbit/s, 150 ms", 4e6, 150),
]
TIMEOUT = 300.0  # seconds for one start at 4 Mbit/s on a busy machine

VERDICT = (
    "(() => { const s = document.getElementById('calc-result')?.dataset;"
    " return s?.answers ? performance.now() : null; })()"
)


class Visit:
    """One navigation: ms from navigation start to the first verdict (or bare ready), and nginx's log of it."""

    def __init__(self, server: LocalNginx, page, url: str, ready_script: str) -> None:
        before = len(server.access_log())
        page.goto(url, timeout=TIMEOUT * 1000)
        self.ms = fine_poll(page, ready_script, timeout=TIMEOUT)
        self.by_result = server.access_log()[before:]
        page.wait_for_load_state("networkidle", timeout=TIMEOUT * 1000)
        time.sleep(0.5)
        self.all = server.access_log()[before:]

    @staticmethod
    def total(entries) -> int:
        return sum(sent for _, _, sent in entries)


def wait_for_service_worker(page) -> None:
    """Let the service worker take control and finish precaching, as a reader's browser would between visits."""
    fine_poll(page, "navigator.serviceWorker?.controller ? 1 : 0", timeout=120)
    time.sleep(2.0)


def calculator_visits(browser, server: LocalNginx, base: str, name: str) -> tuple[Visit, Visit]:
    context = browser.new_context(locale="zh-CN")
    try:
        cold = Visit(server, context.new_page(), f"{base}/calculators/{name}/", VERDICT)
        wait_for_service_worker(context.pages[0])
        stop_service_workers(context.pages[0])  # by a reader's next visit the browser has stopped it
        warm = Visit(server, context.new_page(), f"{base}/calculators/{name}/", VERDICT)
    finally:
        context.close()
    return cold, warm


def bare_visits(browser, server: LocalNginx, base: str) -> tuple[Visit, Visit]:
    context = browser.new_context(locale="zh-CN")
    url = f"{base}/__bench__/bare/"
    try:
        cold = Visit(server, context.new_page(), url, "window.readyAt ?? null")
        warm = Visit(server, context.new_page(), url, "window.readyAt ?? null")
    finally:
        context.close()
    return cold, warm


def seconds(values: list[float]) -> str:
    return f"{statistics.median(values) / 1000:.2f} s"


def ratio(a: list[float], b: list[float]) -> str:
    return f"{statistics.median(a) / statistics.median(b):.2f}×"


def report(site: Path, runs: int) -> str:
    from playwright.sync_api import sync_playwright

    names = list(calculators.CALCULATORS)
    times: dict[tuple[str, str, str], list[float]] = {}  # (link, page, cold|warm) → ms
    first_visit: dict[str, Visit] = {}  # by page at loopback, the first run: bytes per file
    with tempfile.TemporaryDirectory(prefix="bench-link-") as work, sync_playwright() as playwright:
        root = overlay(site, Path(work))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        header = machine(browser)
        with serve_locally(root) as server:
            port = urllib.parse.urlsplit(server.url).port or 80
            for run in range(runs):
                for link in LINKS:
                    _, bits, rtt = link
                    with shaped_link(port, bits, rtt) if bits else nullcontext(server.url) as base:
                        pairs = {"bare": bare_visits(browser, server, base)}
                        for name in names:
                            pairs[name] = calculator_visits(browser, server, base, name)
                    for page, (cold, warm) in pairs.items():
                        times.setdefault((link[0], page, "cold"), []).append(cold.ms)
                        times.setdefault((link[0], page, "warm"), []).append(warm.ms)
                        if run == 0 and link[1] is None:
                            first_visit[page] = cold
                            first_visit[page + " (warm)"] = warm
                    print(f"run {run + 1}/{runs}, {link[0]}: done", file=sys.stderr)
        browser.close()
    return render(header, runs, names, times, first_visit)


def render(header: str, runs: int, names: list[str], times, visits: dict[str, Visit]) -> str:
    lines = [
        f"Machine: {header}. Date: {time.strftime('%Y-%m-%d')}. Median of {runs} runs per figure.",
        "Served by nginx 1.22 with deploy/'s configuration (precompressed files, brotli preferred); a slow link is",
        "bench/shaper.py's proxy (shared download rate, round-trip time). Time: navigation start → first verdict shown",
        "(calculators) or `1 + 1` answered (bare `loadPyodide()` of the same files, in a module worker).",
        "",
        "| link | page | cold | bare cold | cold ÷ bare | warm | bare warm | warm ÷ bare |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for link, _, _ in LINKS:
        bare_cold, bare_warm = times[(link, "bare", "cold")], times[(link, "bare", "warm")]
        for name in names:
            cold, warm = times[(link, name, "cold")], times[(link, name, "warm")]
            lines.append(
                f"| {link} | `{name}` | {seconds(cold)} | {seconds(bare_cold)} | {ratio(cold, bare_cold)} | "
                f"{seconds(warm)} | {seconds(bare_warm)} | {ratio(warm, bare_warm)} |"
            )
    lines += [
        "",
        (
            "Bytes sent by nginx per visit (loopback, first run): up to the first verdict, and in all (the service "
            "worker's precache included); a file sent more than once is counted each time."
        ),
        "",
        "| visit | requests to verdict | bytes to verdict | requests in all | bytes in all | files sent twice |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for label, visit in visits.items():
        twice = [
            path for path, n in Counter(r.split()[1] for r, status, _ in visit.all if status == 200).items() if n > 1
        ]
        lines.append(
            f"| {label} | {len(visit.by_result)} | {Visit.total(visit.by_result) / 1e6:.2f} MB | {len(visit.all)} | "
            f"{Visit.total(visit.all) / 1e6:.2f} MB | {', '.join(twice) or '—'} |"
        )
    first = visits[names[0]]
    lines += [
        "",
        f"Files of a first visit to `{names[0]}` (loopback), as sent, largest first:",
        "",
        "| file | status | bytes sent |",
        "|---|---:|---:|",
    ]
    for request, status, sent in sorted(first.all, key=lambda entry: -entry[2]):
        lines.append(f"| `{request.split()[1]}` | {status} | {sent:,} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run(__doc__, "link.md", report)
