"""The site's search in headless Chromium: index size, first use (download + preparation) and time per keystroke,
at normal speed and with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate). Reports numbers; not a test.

    .venv/bin/python bench/search.py [--site site/] [--runs 3]

A keystroke is timed in the page from the input event to the result list updated for that text, and to the
next frame after it (painted). Queries are typed one character at a time, as a slow typist would.
"""

from __future__ import annotations

import argparse
import gzip
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sitetools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

QUERIES = [
    "厂房可以转租吗",
    "低效用地再开发",
    "浙政办发〔2021〕59号",
    "第十条",
    "以制造业小微企业为主",
    "山区26县可以放宽吗",
]
FILES = ("search/index.json", "assets/javascripts/search-core.mjs", "assets/javascripts/search.js")
INPUT = "input.md-search__input"

# One keystroke: set the text, fire the input event, wait for the list to answer that text, then for a frame.
KEYSTROKE = """async (text) => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const start = performance.now();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  while (list.dataset.query !== text) {
    if (performance.now() - start > 30000) throw new Error(`no results for ${text} in 30 s`);
    await new Promise((r) => setTimeout(r, 0));
  }
  const shown = performance.now() - start;
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return [shown, performance.now() - start];
}"""
FIRST_USE = """async () => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const start = performance.now();
  input.focus();
  input.value = '厂';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  while (list.dataset.query !== '厂') {
    if (performance.now() - start > 60000) throw new Error('the index did not load in 60 s');
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - start;
}"""


# The ranking alone (search-core.mjs, no DOM): every prefix of every query, in the page.
RANKING = """async (queries) => {
  const root = new URL('../../', document.baseURI); // measured on a clause page, two levels down
  const core = await import(new URL('assets/javascripts/search-core.mjs', root));
  const index = await (await fetch(new URL('search/index.json', root))).json();
  const prepared = core.prepare(index);
  const times = [];
  for (const q of queries) for (let n = 1; n <= q.length; n++) {
    const start = performance.now();
    core.search(prepared, q.slice(0, n));
    times.push(performance.now() - start);
  }
  return times;
}"""


def sizes(site: Path) -> list[tuple[str, int, int]]:
    """(file, bytes, gzip -9 bytes) of what search downloads."""
    return [(f, len(data), len(gzip.compress(data, 9))) for f in FILES for data in [(site / f).read_bytes()]]


def measure(browser, base: str, throttle: float) -> tuple[float, list[float], list[float], list[float]]:
    """First use (ms), the ranking's time per query and every keystroke's times (ms) in a fresh context."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base + "/clauses/clause-08/", wait_until="networkidle")
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    ranking = page.evaluate(RANKING, QUERIES)
    first = page.evaluate(FIRST_USE)
    shown, painted = [], []
    for query in QUERIES:
        for n in range(1, len(query) + 1):
            a, b = page.evaluate(KEYSTROKE, query[:n])
            shown.append(a)
            painted.append(b)
    context.close()
    return first, ranking, shown, painted


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"中位数 {statistics.median(values):.1f} ms，p95 {p95:.1f} ms，最大 {values[-1]:.1f} ms（{len(values)} 次）"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    print("| 文件 | 字节 | gzip -9 |\n|---|---:|---:|")
    for name, raw, packed in sizes(args.site):
        print(f"| `{name}` | {raw / 1000:.1f} kB | {packed / 1000:.1f} kB |")
    server, base = serve_folder(args.site)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        version = browser.version
        columns = ["CPU", "首次使用：聚焦 → 第一批结果", "排序本身（不含页面更新）", "每次按键 → 结果更新"]
        print("\n| " + " | ".join([*columns, "每次按键 → 下一帧"]) + " |")
        print("|---|---|---|---|---|")
        for throttle in (1, 4):
            firsts, ranking, shown, painted = [], [], [], []
            for run in range(args.runs):
                try:
                    first, r, a, b = measure(browser, base, throttle)
                except PlaywrightError as exc:  # a stalled run on a busy machine: say so and go on
                    print(f"<!-- CPU {throttle}×, run {run + 1}: {str(exc).splitlines()[0]} -->", flush=True)
                    continue
                firsts.append(first)
                ranking += r
                shown += a
                painted += b
            label = "原速" if throttle == 1 else f"减速 {throttle}×"
            first_text = f"中位数 {statistics.median(firsts):.0f} ms（{min(firsts):.0f}–{max(firsts):.0f}）"
            print(f"| {label} | {first_text} | {summary(ranking)} | {summary(shown)} | {summary(painted)} |")
        browser.close()
    server.shutdown()
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    cpus = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    print(f"\nChromium {version}，{platform.system()} {platform.release()}，{cpus} 核，测量结束时负载均值 {load}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
