"""Lighthouse scores for the home page, a clause page and every calculator's page (mobile and desktop presets).
Reports numbers; not a test.

    (cd bench && npm ci)                       # once: lighthouse 12.2.3 from bench/package-lock.json
    .venv/bin/python bench/lighthouse.py [--site site/] [--runs 3] [--out bench/results/lighthouse.md]

Each page and preset is run --runs times; the table gives the median of each category (mobile performance moves
by several points between runs on a busy 2-core machine: Lighthouse slows the CPU 4× on top).

Lighthouse is not part of `make test` (it is large and only the benchmark needs it). 12.x is pinned because 13.x
wants Node 22. Chromium is Debian's. The site is served as published: nginx with deploy/'s configuration, on loopback.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import calculators  # noqa: E402
from bench.common import run  # noqa: E402
from deploy.nginx_conf import serve_locally  # noqa: E402
from sitegen.urls import url_for  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def pages() -> dict[str, str]:
    """Home, a clause page and every calculator's page (from the registry): label → site-relative path."""
    found = {"home": "/", "clause (八)": "/" + url_for("clause", "clause-08")}
    return found | {f"calculator `{name}`": "/" + url_for("calculator", name) for name in calculators.CALCULATORS}


def lighthouse_report(url: str, categories: list[str], preset: str = "mobile") -> dict:
    """One Lighthouse run in Debian's Chromium (headless): its JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def lighthouse(url: str, preset: str) -> dict[str, int]:
    """One Lighthouse run; returns the category scores (0–100)."""
    report = lighthouse_report(url, CATEGORIES, preset)
    scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {**scores, "below 0.9": failing}


def report(site: Path, runs: int) -> str:
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Lighthouse {version}, {chromium}, {platform.machine()} {os.cpu_count()} cores (load average {load} at "
        f"the start), Python {platform.python_version()}; site served by nginx with deploy/'s configuration.",
        "",
        f"Median of {runs} runs (range in brackets when runs differ).",
        "",
        "| page | preset | " + " | ".join(CATEGORIES) + " | audits below 0.9 in any run |",
        "|---|---|" + "---|" * len(CATEGORIES) + "---|",
    ]
    with serve_locally(site) as server:
        for name, path in pages().items():
            for preset in ("mobile", "desktop"):
                scores = [lighthouse(server.url + path, preset) for _ in range(runs)]
                cells = []
                for category in CATEGORIES:
                    values = [score[category] for score in scores]
                    low, high = min(values), max(values)
                    cells.append(f"{round(statistics.median(values))}" + (f" ({low}–{high})" if low != high else ""))
                below = sorted({audit for score in scores for audit in score["below 0.9"]})
                lines.append(f"| {name} | {preset} | " + " | ".join(cells) + f" | {', '.join(below) or '—'} |")
                print(lines[-1], file=sys.stderr, flush=True)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run (cd bench && npm ci)")
    run(__doc__, "lighthouse.md", report)
