"""Total blocking time on Lighthouse's mobile preset (4× slower CPU, a slow 4G link simulated), for the home page and
every calculator's page (from the registry: the self-check included), median of --runs runs (5 by default) taken in
the same run, pages interleaved so that a busy spell of the machine falls on all of them. Reports numbers; not a
test. With each page: the performance score and the main thread's largest items (Lighthouse's
mainthread-work-breakdown and bootup-time), medians, to say what blocks it.

    (cd bench && npm ci)                       # once: lighthouse 12.2.3 from bench/package-lock.json
    .venv/bin/python bench/blocking.py [--site site/] [--runs 5] [--out bench/results/blocking.md]

The target (issue 30): under 200 ms on every calculator page. The machine's load is printed at the start and the
end: on a shared 2-core machine blocking time grows with it (Lighthouse slows the CPU 4× on top).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import calculators  # noqa: E402
from bench.common import run  # noqa: E402
from bench.lighthouse import LIGHTHOUSE, lighthouse_report  # noqa: E402
from deploy.nginx_conf import serve_locally  # noqa: E402
from sitegen.urls import url_for  # noqa: E402

TARGET_MS = 200


def pages() -> dict[str, str]:
    """The home page (for reference) and every calculator's page: label → site-relative path."""
    return {"home": "/"} | {f"`{name}`": "/" + url_for("calculator", name) for name in calculators.CALCULATORS}


def measure(url: str) -> dict[str, object]:
    """One mobile run: blocking time (ms), performance score, main-thread time by kind and by script (ms)."""
    report = lighthouse_report(url, ["performance"])
    audits = report["audits"]
    kinds = {i["groupLabel"]: i["duration"] for i in audits["mainthread-work-breakdown"]["details"]["items"]}
    scripts = {
        i["url"].rsplit("/", 1)[-1].split("?")[0] or i["url"]: i["total"]
        for i in audits["bootup-time"]["details"]["items"]
    }
    return {
        "tbt": audits["total-blocking-time"]["numericValue"],
        "score": round(100 * report["categories"]["performance"]["score"]),
        "kinds": kinds,
        "scripts": scripts,
    }


def top(runs: list[dict[str, float]], count: int = 3) -> str:
    """The largest items by their median over the runs: "Style & Layout 410, Script Evaluation 220"."""
    names = {name for one in runs for name in one}
    medians = {name: statistics.median(one.get(name, 0) for one in runs) for name in names}
    return ", ".join(f"{name} {value:.0f}" for name, value in sorted(medians.items(), key=lambda kv: -kv[1])[:count])


def report(site: Path, runs: int) -> str:
    load = lambda: ", ".join(f"{x:.1f}" for x in os.getloadavg())  # noqa: E731
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    started = load()
    found: dict[str, list[dict[str, object]]] = {name: [] for name in pages()}
    with serve_locally(site) as server:
        for round_ in range(runs):
            for name, path in pages().items():
                found[name].append(measure(server.url + path))
                print(f"run {round_ + 1}: {name} {found[name][-1]['tbt']:.0f} ms", file=sys.stderr, flush=True)
    lines = [
        f"Lighthouse {version} mobile preset, {chromium}, {os.cpu_count()} cores, load average {started} at the "
        f"start and {load()} at the end; site served by nginx with deploy/'s configuration. Median of {runs} runs "
        "(range in brackets).",
        "",
        "| page | total blocking time (ms) | performance | main thread (ms, medians) | scripts (ms) |",
        "|---|---|---|---|---|",
    ]
    over = []
    for name, results in found.items():
        tbt = [float(str(r["tbt"])) for r in results]
        score = [int(str(r["score"])) for r in results]
        median = statistics.median(tbt)
        if name != "home" and median >= TARGET_MS:
            over.append(name)
        lines.append(
            f"| {name} | **{median:.0f}** ({min(tbt):.0f}–{max(tbt):.0f}) | {statistics.median(score):.0f} "
            f"({min(score)}–{max(score)}) | {top([r['kinds'] for r in results])} | "  # type: ignore[misc]
            f"{top([r['scripts'] for r in results])} |"  # type: ignore[misc]
        )
    lines += ["", f"Calculator pages at or over {TARGET_MS} ms: {', '.join(over) or 'none'}."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run (cd bench && npm ci)")
    sys.argv += [] if "--runs" in sys.argv else ["--runs", "5"]
    run(__doc__, "blocking.md", report)
