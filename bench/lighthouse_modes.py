"""Lighthouse accessibility score of a few page types in each mode of the 无障碍 toolbar (standard, 大字 at its
largest step, 高对比, and all of 大字 + 高对比 + 行距 + 大鼠标), mobile preset. Reports numbers; not a test.

    (cd bench && npm ci)                       # once: lighthouse from bench/package-lock.json
    .venv/bin/python bench/lighthouse_modes.py [--site site/] [--runs 1] [--out bench/results/lighthouse-modes.md]

Lighthouse normally starts a fresh browser and clears the site's storage, so the toolbar would always be off. Here
Debian's Chromium is started once with a debugging port; the mode is saved in its localStorage for the site (as
the toolbar saves it), and Lighthouse attaches to that browser with --disable-storage-reset. The site is served
as published: nginx with deploy/'s configuration, on loopback.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import run  # noqa: E402
from bench.lighthouse import LIGHTHOUSE  # noqa: E402
from deploy.nginx_conf import serve_locally  # noqa: E402
from sitegen.urls import url_for  # noqa: E402

# The toolbar's saved state (docs/assets/javascripts/a11y.js writes the same shape).
MODES: dict[str, dict[str, int | bool]] = {
    "standard": {},
    "大字 (step 2)": {"size": 2},
    "高对比": {"contrast": True},
    "all": {"size": 2, "contrast": True, "spacing": True, "cursor": True},
}


def pages() -> dict[str, str]:
    """One page per kind: label → site-relative path."""
    return {
        "home": "/",
        "clause (八)": "/" + url_for("clause", "clause-08"),
        "义务清单": "/obligations/",
        "calculator `plan`": "/" + url_for("calculator", "plan"),
        "全文自查": "/" + url_for("calculator", "selfcheck"),
        "review": "/calculators/selfcheck/review/",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _save_mode(port: int, origin: str, state: dict[str, int | bool]) -> None:
    """Save the toolbar state in the browser's localStorage for the site, through the DevTools protocol."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        page = browser.contexts[0].new_page()
        page.goto(origin + "/")
        page.evaluate(f"localStorage.setItem('a11y', {json.dumps(json.dumps(state))})")
        page.close()


def accessibility(url: str, port: int) -> tuple[int, list[str]]:
    """One Lighthouse run against the running browser: the accessibility score and the audits that failed."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--port={port}",
        "--disable-storage-reset",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--only-categories=accessibility",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    audits = report["audits"].values()
    failing = [a["id"] for a in audits if a.get("score") == 0 and a.get("scoreDisplayMode") == "binary"]
    return round(100 * report["categories"]["accessibility"]["score"]), failing


def report(site: Path, runs: int) -> str:
    port = _free_port()
    lines = [
        "Lighthouse accessibility (mobile preset), one browser for all runs, the mode saved in its localStorage.",
        "",
        "| page | " + " | ".join(MODES) + " |",
        "|---|" + "---|" * len(MODES),
    ]
    with serve_locally(site) as server, tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        chromium = subprocess.Popen(
            [
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={profile}",
                "--disable-background-networking",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            cells: dict[str, list[str]] = {name: [] for name in pages()}
            for state in MODES.values():
                _save_mode(port, server.url, state)
                for name, path in pages().items():
                    results = [accessibility(server.url + path, port) for _ in range(runs)]
                    scores = sorted(score for score, _ in results)
                    failed = sorted({audit for _, audits in results for audit in audits})
                    cells[name].append(f"{scores[len(scores) // 2]}" + (f" ({', '.join(failed)})" if failed else ""))
                    print(name, state, cells[name][-1], file=sys.stderr, flush=True)
            lines += [f"| {name} | " + " | ".join(values) + " |" for name, values in cells.items()]
        finally:
            chromium.terminate()
            chromium.wait(timeout=30)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return "\n".join(lines) + f"\n\nLoad average at the end: {load}.\n"


if __name__ == "__main__":
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run (cd bench && npm ci)")
    run(__doc__, "lighthouse-modes.md", report)
