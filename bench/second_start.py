"""A second calculator opened within seconds of the first verdict, against a bare `loadPyodide()`'s second visit in
the same run, through bench/shaper.py's links. Reports numbers; not a test.

    .venv/bin/python bench/second_start.py [--site site/] [--runs 3] [--out bench/results/second_start.md]

Ours: a fresh profile opens `land`, and GAP seconds after its first verdict `ratios` in a new tab; the figure is
that second page's navigation start → first verdict. Whatever the first visit left running (the service worker
precaching the engine, the memory snapshot among it) runs on during the second start, sharing the link. Bare: a
fresh profile loads the bare page, and GAP seconds after `1 + 1` is answered loads it again (everything in the HTTP
cache). Same machine, same run, runs interleaved; served as published (nginx with deploy/'s configuration).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.common import fine_poll, machine, overlay, run  # noqa: E402
from bench.link import TIMEOUT, VERDICT  # noqa: E402
from bench.shaper import shaped_link  # noqa: E402
from deploy.nginx_conf import serve_locally  # noqa: E402
from sitetools import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

LINKS = [("4 Mbit/s, 150 ms", 4e6, 150), ("20 Mbit/s, 30 ms", 20e6, 30)]
GAP = 2.0  # seconds between the first verdict and opening the second page
FIRST, SECOND = "land", "ratios"
BARE_READY = "window.readyAt ?? null"
# How the second page's engine started (plain, snapshot), as its worker said (engine.js keeps it on the status line).
MODE = "document.querySelector('[data-mode]')?.dataset.mode || ''"


def visit(page, url: str, ready: str) -> float:
    """Navigate; ms from navigation start to `ready` giving a time."""
    page.goto(url, timeout=TIMEOUT * 1000)
    return float(fine_poll(page, ready, timeout=TIMEOUT))


def ours(browser, base: str) -> tuple[float, float, str]:
    """First visit's time, the second page's time, and how the second page's engine started."""
    context = browser.new_context(locale="zh-CN")
    try:
        first = visit(context.new_page(), f"{base}/calculators/{FIRST}/", VERDICT)
        time.sleep(GAP)
        page = context.new_page()
        second = visit(page, f"{base}/calculators/{SECOND}/", VERDICT)
        return first, second, page.evaluate(MODE)
    finally:
        context.close()


def bare(browser, base: str) -> tuple[float, float]:
    context = browser.new_context(locale="zh-CN")
    try:
        first = visit(context.new_page(), f"{base}/__bench__/bare/", BARE_READY)
        time.sleep(GAP)
        return first, visit(context.new_page(), f"{base}/__bench__/bare/", BARE_READY)
    finally:
        context.close()


def seconds(values: list[float]) -> str:
    return f"{statistics.median(values) / 1000:.2f} s ({min(values) / 1000:.2f}–{max(values) / 1000:.2f})"


def report(site: Path, runs: int) -> str:
    from playwright.sync_api import sync_playwright

    found: dict[tuple[str, str], list[float]] = {}
    modes: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-second-") as work, sync_playwright() as playwright:
        root = overlay(site, Path(work))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        header = machine(browser)
        with serve_locally(root) as server:
            port = urllib.parse.urlsplit(server.url).port or 80
            for number in range(runs):
                for label, bits, rtt in LINKS:
                    with shaped_link(port, bits, rtt) as base:
                        first, second, mode = ours(browser, base)
                        bare_first, bare_second = bare(browser, base)
                    for key, value in (
                        ("first", first),
                        ("second", second),
                        ("bare first", bare_first),
                        ("bare second", bare_second),
                    ):
                        found.setdefault((label, key), []).append(value)
                    modes.setdefault(label, []).append(mode or "?")
                    print(
                        f"run {number + 1}/{runs}, {label}: second {second / 1000:.2f} s ({mode}), bare second "
                        f"{bare_second / 1000:.2f} s",
                        file=sys.stderr,
                        flush=True,
                    )
        browser.close()
    lines = [
        f"Machine: {header}. Date: {time.strftime('%Y-%m-%d')}. Median of {runs} runs (range).",
        f"`{SECOND}` opened {GAP:.0f} s after `{FIRST}`'s first verdict, fresh profile; bare: the bare page again "
        f"{GAP:.0f} s after its first start.",
        "",
        f"| link | first visit (`{FIRST}`) | second page (`{SECOND}`) | its start | bare first | bare second | "
        "second ÷ bare second |",
        "|---|---:|---:|---|---:|---:|---:|",
    ]
    for label, _, _ in LINKS:
        get = lambda key, label=label: found[(label, key)]  # noqa: E731
        share = statistics.median(get("second")) / statistics.median(get("bare second"))
        lines.append(
            f"| {label} | {seconds(get('first'))} | {seconds(get('second'))} | {', '.join(modes[label])} | "
            f"{seconds(get('bare first'))} | {seconds(get('bare second'))} | **{share:.2f}×** |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run(__doc__, "second_start.md", report)
