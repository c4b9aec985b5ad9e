"""The site's search in headless Chromium, this build against an earlier commit's, in one run: index size, first
use and time per keystroke with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate). Reports numbers; not a test.

    .venv/bin/python bench/search.py                  # this work tree against BASELINE, 6 runs each at 4×
    .venv/bin/python bench/search.py --site site --before d18c992 HEAD~3 --runs 8 --cpu 1 4
    .venv/bin/python bench/search.py --search-only    # the same pages, only search's files from BASELINE
    .venv/bin/python bench/search.py --before none    # this work tree alone

The sites are built in temporary folders (`build.py pages`: search needs no engine), earlier commits from
`git archive`, this work tree as it is (uncommitted changes included) unless --site names a built one; nothing of
the work tree, its site/ or its git state changes. The sites are served side by side and measured in turn (A B,
B A, …), each run in a fresh browser context, so that the machine's load falls on all. Besides wall times, the
page's main-thread CPU time (traced) and the ranking's CPU time in a fresh Node process: the load hardly moves
those, so they compare builds on a busy machine; the wall times want an idle one.

First use: on a clause page just loaded, focus the box and type 厂 → the list shows results (downloading the
ranking module and the index, preparing the index, opening the dialog, the first ranking and its layout).
A keystroke: set the text, fire the input event, until the result list answers that text, and until the next
frame after it (painted); every prefix of QUERIES, typed one character at a time. The ranking alone: the same
prefixes through search-core.mjs without the page.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from bench.common import machine  # noqa: E402
from sitetools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

# main just before issue 31 (questions, synonyms) was merged: the ranking the figures in docs/performance.md compare.
BASELINE = "d18c992"
QUERIES = [
    "厂房可以转租吗",
    "低效用地再开发",
    "浙政办发〔2021〕59号",
    "第十条",
    "以制造业小微企业为主",
    "山区26县可以放宽吗",
]
FILES = ("search/index.json", "assets/javascripts/search-core.mjs", "assets/javascripts/search.js")
PAGE = "/clauses/clause-08/"
TRACED = ["devtools.timeline", "disabled-by-default-devtools.timeline"]  # the main thread's tasks (RunTask), CPU time

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
# The ranking alone (search-core.mjs, no DOM): every prefix of every query, in the page (after first use, so the
# module and the index come from the browser's cache).
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
MEASURES = {  # key: label
    "first": "首次使用：聚焦、输入“厂” → 第一批结果",
    "first_cpu": "首次使用：页面主线程的 CPU 时间",
    "ranking": "排序本身（每次按键，不含页面）",
    "shown": "每次按键 → 结果列表更新",
    "painted": "每次按键 → 下一帧画出",
    "keys_cpu": "每次按键：页面主线程的 CPU 时间",
}


# The ranking alone in Node, cold (a fresh process, as in a page's first use): the process's CPU time, which the
# machine's load hardly changes, for loading the module, preparing the index, the first query and every keystroke.
NODE_COLD = """
const [core, indexFile, queries] = process.argv.slice(1);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const text = (await import("node:fs")).readFileSync(indexFile, "utf8");
let t = cpu();
const m = await import(core);
const prepared = m.prepare(JSON.parse(text));
const first = cpu() - t;
t = cpu();
let n = 0;
for (const q of JSON.parse(queries)) for (let i = 1; i <= q.length; i++, n++) m.search(prepared, q.slice(0, i));
console.log(JSON.stringify([first, (cpu() - t) / n]));
"""
NODE_MEASURES = {
    "first": "Node 冷启动：载入排序模块、准备索引（CPU 时间）",
    "keys": "Node 冷启动：此后每次按键的排序（CPU 时间）",
}


def node_cold(site: Path) -> dict[str, float]:
    """The ranking of a site in a fresh Node process: CPU time (ms) of loading and preparing, and per keystroke."""
    core = (site.resolve() / "assets/javascripts/search-core.mjs").as_uri()
    args = ["node", "--input-type=module", "-e", NODE_COLD, core, str(site / FILES[0]), json.dumps(QUERIES)]
    first, keys = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    return {"first": first, "keys": keys}


def sizes(site: Path) -> list[tuple[str, int, int]]:
    """(file, bytes, gzip -9 bytes) of what search downloads."""
    return [(f, len(data), len(gzip.compress(data, 9))) for f in FILES for data in [(site / f).read_bytes()]]


@contextlib.contextmanager
def built(ref: str | None) -> Iterator[Path]:
    """The site of commit `ref` (from `git archive`), or of this work tree (None), built (pages only) in a
    temporary folder that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "BUILD_DIR": str(work / "build"), "SITE_DIR": str(work / "site")}
        tree = ROOT
        if ref is not None:
            tree = work / "tree"
            archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                tar.extractall(tree, filter="data")
            if (ROOT / "node_modules").exists():
                (tree / "node_modules").symlink_to(ROOT / "node_modules")
            log = subprocess.run(["git", "log", "-1", "--format=%ct", ref], cwd=ROOT, capture_output=True, text=True)
            env["SOURCE_DATE_EPOCH"] = log.stdout.strip()
        print(f"building {ref or 'this work tree'} (pages only) in {work}", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "build.py", "pages"], cwd=tree, env=env, check=True, capture_output=True)
        yield work / "site"


def main_thread_cpu(trace: bytes) -> float:
    """The CPU time (ms) of the tasks the pages' main threads ran during a trace: the work itself, whatever else
    the machine was doing (with the CPU slowed, the thread is paused between slices, which this does not count)."""
    events = json.loads(trace)["traceEvents"]
    main = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    tasks = [e for e in events if e.get("ph") == "X" and e.get("name") == "RunTask" and (e["pid"], e["tid"]) in main]
    return sum(e.get("tdur", 0) for e in tasks) / 1000


@contextlib.contextmanager
def search_swapped(pages: Path, search: Path) -> Iterator[Path]:
    """A copy of `pages` (hard links) with the search files (FILES) of `search`: the same pages, the other search."""
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        site = Path(tmp) / "site"
        shutil.copytree(pages, site, copy_function=os.link)
        for name in FILES:
            (site / name).unlink()
            shutil.copyfile(search / name, site / name)
        yield site


def measure(browser: Any, base: str, throttle: float) -> dict[str, list[float]]:
    """One run in a fresh context: first use (ms), then every keystroke's times, then the ranking's (ms); each of
    the first two traced for the main thread's CPU time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(base + PAGE, wait_until="networkidle")
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    out: dict[str, list[float]] = {"shown": [], "painted": []}

    def type_queries() -> None:
        for query in QUERIES:
            for n in range(1, len(query) + 1):
                shown, painted = page.evaluate(KEYSTROKE, query[:n])
                out["shown"].append(shown)
                out["painted"].append(painted)

    try:
        first, cpu = traced(browser, page, lambda: page.evaluate(FIRST_USE))
        out["first"], out["first_cpu"] = [first], [cpu]
        _, cpu = traced(browser, page, type_queries)
        out["keys_cpu"] = [cpu / len(out["shown"])]
        out["ranking"] = page.evaluate(RANKING, QUERIES)
    finally:
        context.close()
    return out


def traced(browser: Any, page: Any, action: Callable[[], Any]) -> tuple[Any, float]:
    """What the action returns, and the main thread's CPU time (ms) while it ran; the trace ends even if it fails."""
    browser.start_tracing(page=page, categories=TRACED)
    try:
        value = action()
    finally:
        trace = browser.stop_tracing()
    return value, main_thread_cpu(trace)


def cell(runs: list[list[float]]) -> str:
    """The median over runs of each run's median, and the range of those medians: 38 ms（30–42）."""
    medians = sorted(statistics.median(run) for run in runs)
    if not medians:
        return "—"
    digits = 0 if medians[-1] >= 100 else 1
    return f"{statistics.median(medians):.{digits}f} ms（{medians[0]:.{digits}f}–{medians[-1]:.{digits}f}）"


def load() -> str:
    """The load averages (1, 5, 15 minutes), as `uptime` prints them."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def run(sites: dict[str, Path], runs: int, throttles: list[float]) -> None:
    """Measure the sites alternately and print the tables."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    names = list(sites)
    print("| 文件 | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
    table = {name: sizes(site) for name, site in sites.items()}
    for i, file in enumerate(FILES):
        row = [f"{table[n][i][1] / 1000:.1f} kB（gzip {table[n][i][2] / 1000:.1f} kB）" for n in names]
        print(f"| `{file}` | " + " | ".join(row) + " |")
    servers = {name: serve_folder(site) for name, site in sites.items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        where = machine(browser)
        for throttle in throttles:
            results: dict[str, dict[str, list[list[float]]]] = {n: {k: [] for k in MEASURES} for n in names}
            for r in range(runs):
                for name in names[r % len(names) :] + names[: r % len(names)]:  # each first in turn
                    try:
                        out = measure(browser, servers[name][1], throttle)
                    except PlaywrightError as exc:  # a stalled run on a busy machine: say so and go on
                        print(f"<!-- {name}, CPU {throttle}×, run {r + 1}: {str(exc).splitlines()[0]} -->", flush=True)
                        continue
                    for key in MEASURES:
                        results[name][key].append(out[key])
            label = "原速" if throttle == 1 else f"减速 {throttle:g}×"
            print(f"\n| {label}，{runs} 轮交替（各轮中位数的中位数，范围） | " + " | ".join(names) + " |")
            print("|---|" + "---|" * len(names))
            for key, text in MEASURES.items():
                print(f"| {text} | " + " | ".join(cell(results[n][key]) for n in names) + " |")
            firsts = {n: "、".join(f"{v:.0f}" for v in sorted(r[0] for r in results[n]["first"])) for n in names}
            print("\n首次使用各轮：" + "；".join(f"{n} {firsts[n]} ms" for n in names))
        browser.close()
    cold: dict[str, dict[str, list[list[float]]]] = {n: {k: [] for k in NODE_MEASURES} for n in names}
    for r in range(runs * 3):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            for key, value in node_cold(sites[name]).items():
                cold[name][key].append([value])
    print(f"\n| Node，{runs * 3} 个新进程交替（中位数，范围） | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    for key, text in NODE_MEASURES.items():
        print(f"| {text} | " + " | ".join(cell(cold[n][key]) for n in names) + " |")
    for server, _ in servers.values():
        server.shutdown()
    print(f"\n{where}; load average {load()} at the end")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build this work tree, pages only)")
    parser.add_argument(
        "--before", nargs="+", default=[BASELINE], help=f"commits to compare with (default {BASELINE}), or none"
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="the earlier commits' search files (index, ranking, box) in this build's pages: search alone compared",
    )
    parser.add_argument("--runs", type=int, default=6, help="runs per site and CPU speed, alternating (default 6)")
    parser.add_argument("--cpu", type=float, nargs="+", default=[4], help="CPU slowdowns to measure (default 4)")
    args = parser.parse_args()
    if args.site is not None and not (args.site / FILES[0]).exists():
        parser.error(f"{args.site} has no search index: build it first (.venv/bin/python build.py pages)")
    with contextlib.ExitStack() as stack:
        sites = {}
        this = args.site or stack.enter_context(built(None))
        for ref in args.before if args.before != ["none"] else []:
            site = stack.enter_context(built(ref))
            sites[ref] = stack.enter_context(search_swapped(this, site)) if args.search_only else site
        sites["本版"] = this
        run(sites, args.runs, args.cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
