"""How long the 全文自查 and the plan are on a phone (390 × 844): the page's length in screens, where the verdict and
the export/print actions start, and how many taps from the top reach them. Reports numbers; not a test.

    .venv/bin/python bench/phone_length.py [--site site/]

Each page twice: as a first visit finds it (the self-check with one role chosen, nothing answered), and with the
worked example filled in by its 填入示例 button. One run is enough: lengths do not vary between runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import machine, run
from sitetools import CHROMIUM, CHROMIUM_ARGS, fill_example, poll, serve_folder

WIDTH, HEIGHT = 390, 844
PAGES = {
    "全文自查 (developer)": "/calculators/selfcheck/?role=party-developer",
    "plan": "/calculators/plan/",
}
# Where each thing starts, in screens from the top (a sticky element counts where it sits: it is always in view).
MEASURE = """() => {
    const top = (selector) => {
        const node = document.querySelector(selector);
        if (!node) return null;
        const sticky = node.closest('[data-sticky-summary]');
        if (sticky && getComputedStyle(sticky).position === 'sticky') return 0;
        return (node.getBoundingClientRect().top + scrollY) / innerHeight;
    };
    return {length: document.documentElement.scrollHeight / innerHeight,
            verdict: top('[href="#calc-result"]:not(.calc-jump)') ?? top('#calc-result'),
            result: top('#calc-result'),
            print: top('#calc-sticky-print') ?? top('#sc-print, #calc-print'),
            drawn: document.querySelectorAll('.sc-item').length};
}"""


def measure(url: str, browser) -> dict[str, dict[str, float]]:
    """The figures for a fresh page and for the page with its worked example."""
    out = {}
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(url)
        poll(page, "document.getElementById('calc-result').dataset.status", lambda s: s != "pending", 120)
        out["fresh"] = page.evaluate(MEASURE)
        fill_example(page, 120)
        out["example"] = page.evaluate(MEASURE)
    finally:
        context.close()
    return out


def report(site: Path, runs: int) -> str:
    del runs  # lengths do not vary between runs
    server, base = serve_folder(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            lines = [
                f"Page length on a {WIDTH} × {HEIGHT} phone, in screens; {machine(browser)}.",
                "",
                "| page | state | length | verdict link at | result at | print at | questions drawn |",
                "|---|---|---:|---:|---:|---:|---:|",
            ]
            for name, path in PAGES.items():
                for state, figures in measure(base + path, browser).items():
                    cells = [f"{figures[k]:.1f}" if figures[k] is not None else "—" for k in ("length", "verdict")]
                    cells += [f"{figures[k]:.1f}" if figures[k] is not None else "—" for k in ("result", "print")]
                    lines.append(f"| {name} | {state} | " + " | ".join(cells) + f" | {figures['drawn']} |")
                    print(lines[-1], file=sys.stderr, flush=True)
            browser.close()
    finally:
        server.shutdown()
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    run(__doc__, "phone_length.md", report)
