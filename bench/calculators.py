"""Calculator pages in headless Chromium: time to the first result (cold, warm, snapshot vs plain start), a bare
loadPyodide() for comparison, recompute latency, and bytes per page type. Reports numbers; not a test.

    .venv/bin/python bench/calculators.py [--site site/] [--runs 3] [--out bench/results/calculators.md]

Uses the built site (builds one into a temporary folder when --site is missing) served on loopback.
"""

from __future__ import annotations

import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitetools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

sys.path.insert(0, str(ROOT))
import calculators  # noqa: E402
from bench.common import fine_poll, machine, overlay, run  # noqa: E402


def first_result_ms(page, url: str) -> tuple[float, str]:
    """Navigate and return (ms from navigation start to the first rendered verdict, start mode)."""
    page.goto(url)
    at = fine_poll(
        page,
        "(() => { const s = document.getElementById('calc-result').dataset;"
        " return s.answers ? performance.now() : null; })()",
        lambda v: v is not None,
    )
    return at, page.evaluate("document.getElementById('calc-runtime').dataset.mode")


def cold_and_warm(browser, base: str, runs: int) -> dict[str, dict[str, list[float]]]:
    """Per page: cold (fresh context each run) and warm (second visit in the same context)."""
    figures: dict[str, dict[str, list[float]]] = {}
    for _ in range(runs):
        for name in calculators.CALCULATORS:
            context = browser.new_context()
            page = context.new_page()
            cold, mode = first_result_ms(page, f"{base}/calculators/{name}/")
            # Let the service worker install and precache, as a reader's browser would between visits.
            fine_poll(page, "navigator.serviceWorker.controller ? 1 : 0", bool, 60)
            time.sleep(1.0)
            second = context.new_page()
            warm, _ = first_result_ms(second, f"{base}/calculators/{name}/")
            context.close()
            entry = figures.setdefault(name, {"cold": [], "warm": []})
            entry["cold"].append(cold)
            entry["warm"].append(warm)
            entry["mode"] = mode  # type: ignore[assignment]
    return figures


def snapshot_vs_plain(browser, base: str, runs: int) -> dict[str, list[float]]:
    """The land page cold, alternating: from the snapshot, and with the snapshot withheld (plain start)."""
    times: dict[str, list[float]] = {"snapshot": [], "plain": []}
    for _ in range(runs):
        for kind in ("snapshot", "plain"):
            context = browser.new_context(service_workers="block")
            if kind == "plain":
                context.route("**/snapshot-*.bin.gz", lambda route: route.fulfill(status=404, body=b""))
            ms, mode = first_result_ms(context.new_page(), f"{base}/calculators/land/")
            assert mode == kind, (mode, kind)
            times[kind].append(ms)
            context.close()
    return times


def bare_load(browser, base: str, runs: int) -> list[float]:
    """Navigation to `1 + 1` answered by a bare loadPyodide() in a module worker, same origin and files."""
    times = []
    for _ in range(runs):
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.goto(f"{base}/__bench__/bare/")
        times.append(fine_poll(page, "window.readyAt ?? null", lambda v: v is not None))
        context.close()
    return times


def recompute(browser, base: str, changes: int = 100) -> dict[str, list[float]]:
    """100 area changes on the land page: request-to-render (data-ms) and input-to-render (incl. debounce)."""
    context = browser.new_context()
    page = context.new_page()
    first_result_ms(page, f"{base}/calculators/land/")
    engine, total = [], []
    for i in range(changes):
        before = int(page.evaluate("document.getElementById('calc-result').dataset.answers"))
        started = page.evaluate(
            """(v) => { const input = document.querySelector('input[name=area]');
            input.value = v; input.dispatchEvent(new Event('input', {bubbles: true})); return performance.now(); }""",
            str(90 + i % 20),
        )
        done = fine_poll(
            page,
            f"(() => {{ const s = document.getElementById('calc-result').dataset;"
            f" return Number(s.answers) > {before} ? [performance.now(), Number(s.ms)] : null; }})()",
            lambda v: v is not None,
            10,
            0.002,
        )
        total.append(done[0] - started)
        engine.append(done[1])
    context.close()
    return {"engine": engine, "total": total}


def page_bytes(browser, base: str, path: str, site: Path) -> dict[str, float]:
    """Requests, bytes on the wire (this server sends no compression) and gzip -9 estimate, for a cold visit."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda request: urls.append(request.url))
    page.goto(f"{base}{path}")
    if path.startswith("/calculators/"):
        fine_poll(page, "document.getElementById('calc-result').dataset.answers ? 1 : 0", bool)
    page.wait_for_load_state("networkidle")
    time.sleep(0.5)
    context.close()
    raw = gz = 0
    wasm = 0
    for url in urls:
        rel = url[len(base) :].split("?")[0].split("#")[0]
        file = site / rel.lstrip("/")
        if file.is_dir() or rel.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            continue
        data = file.read_bytes()
        raw += len(data)
        gz += len(data) if rel.endswith(".gz") else len(gzip.compress(data, 9))
        wasm += rel.endswith(".wasm")
    return {"requests": len(urls), "raw": raw, "gzip": gz, "wasm": wasm}


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values) / 1000:.2f} s (min {min(values) / 1000:.2f}, max {max(values) / 1000:.2f})"


def report(site: Path, runs: int) -> str:
    from playwright.sync_api import sync_playwright

    work = tempfile.TemporaryDirectory(prefix="bench-calculators-")
    server, base = serve_folder(overlay(site, Path(work.name)))
    lines = []
    with work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        lines.append(
            f"Machine: {machine(browser)}. Date: {time.strftime('%Y-%m-%d')}. Runs per figure: {runs} "
            "(median, min, max). Site served by Python's http.server on loopback, no compression.\n"
        )
        bare = bare_load(browser, base, runs)
        pages = cold_and_warm(browser, base, runs)
        start = snapshot_vs_plain(browser, base, runs)
        latency = recompute(browser, base)
        sizes = {
            "clause page (/clauses/clause-01/)": page_bytes(browser, base, "/clauses/clause-01/", site),
            "calculator page (/calculators/land/)": page_bytes(browser, base, "/calculators/land/", site),
        }
        browser.close()
    server.shutdown()
    lines += [
        "| measure | median (min, max) |",
        "|---|---|",
        f"| bare `loadPyodide()` in a module worker, navigation → `1 + 1` answered | {fmt(bare)} |",
    ]
    for name, entry in pages.items():
        lines.append(
            f"| `{name}` cold (fresh profile), navigation → first verdict shown ({entry['mode']}) | "
            f"{fmt(entry['cold'])} |"
        )
        lines.append(f"| `{name}` warm (same profile, second visit) | {fmt(entry['warm'])} |")
    lines.append(f"| `land` cold, snapshot start | {fmt(start['snapshot'])} |")
    lines.append(f"| `land` cold, plain start (snapshot withheld) | {fmt(start['plain'])} |")
    cold_all = [t for entry in pages.values() for t in entry["cold"]]
    lines.append(
        f"| all pages cold ÷ bare load (medians) | {statistics.median(cold_all) / statistics.median(bare):.2f}× |"
    )
    q = statistics.quantiles(latency["engine"], n=20)
    qt = statistics.quantiles(latency["total"], n=20)
    lines.append(
        f"| recompute, request → rendered (100 changes) | median {statistics.median(latency['engine']):.1f} ms, "
        f"p95 {q[18]:.1f} ms |"
    )
    lines.append(
        f"| recompute, input event → rendered, incl. 120 ms debounce | median "
        f"{statistics.median(latency['total']):.1f} ms, p95 {qt[18]:.1f} ms |"
    )
    lines += [
        "",
        "| page type, cold visit | requests | bytes sent (uncompressed) | gzip -9 estimate | .wasm files |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, size in sizes.items():
        lines.append(
            f"| {label} | {size['requests']} | {size['raw'] / 1e6:.2f} MB | {size['gzip'] / 1e6:.2f} MB | "
            f"{size['wasm']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run(__doc__, "calculators.md", report)
