"""Time to the first verdict in Firefox ESR and WebKitGTK (the engines of tests/browsers/), cold and warm.
Reports numbers; not a test.

    .venv/bin/python bench/other_engines.py [--site site/] [--runs 3]

Each run starts a fresh browser (empty cache), opens the first registered calculator from a shared link of its
example and reads the page's own clock (performance.now(), from navigation start) when the verdict shows; then
opens the same link again in that browser (warm: HTTP cache filled).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from browsers import drivers  # noqa: E402 — after the path set-up above
from browsers.test_other_engines import DESCRIBED, DESKTOP, shared_link  # noqa: E402

from sitetools import serve_folder  # noqa: E402

_VERDICT_AT = """(() => { const status = document.getElementById('calc-result')?.dataset.status;
  return status && status !== 'pending' ? performance.now() : null; })()"""


def verdict_ms(page: drivers.Page, url: str) -> tuple[float, str]:
    """(ms from navigation start to the verdict, the engine's start mode: snapshot or plain)."""
    page.goto(url)
    at = page.poll(_VERDICT_AT, lambda value: value is not None, 180)
    return at, page.evaluate("document.getElementById('calc-runtime')?.dataset.mode ?? ''")


def summary(values: list[float]) -> str:
    middle = f"{statistics.median(values) / 1000:.1f} s"
    return middle if len(values) < 2 else f"{middle} ({min(values) / 1000:.1f}–{max(values) / 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server, base = serve_folder(args.site)
    name = next(iter(DESCRIBED))
    url = shared_link(base, name)
    print(f"calculator {name}, {args.runs} runs per engine\n")
    print("| 引擎 | 版本 | 浏览器启动 | 首次结论（冷） | 再次打开（热） | 启动方式 |")
    print("|---|---|---|---|---|---|")
    for engine in ("firefox", "webkit"):
        starts, cold, warm, modes = [], [], [], set()
        for _ in range(args.runs):
            began = time.monotonic()
            page = drivers.start(engine)
            starts.append((time.monotonic() - began) * 1000)
            try:
                page.open(*DESKTOP)
                ms, mode = verdict_ms(page, url)
                cold.append(ms)
                modes.add(mode)
                warm.append(verdict_ms(page, url)[0])
            finally:
                page.close()
        row = [engine, page.version, summary(starts), summary(cold), summary(warm), "、".join(sorted(modes))]
        print("| " + " | ".join(row) + " |")
    server.shutdown()


if __name__ == "__main__":
    main()
