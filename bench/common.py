"""What the benchmark scripts share: their command line (--site, --runs, --out), a built site to measure, and the
line that says which machine the figures come from."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from sitegen.precompress import write_precompressed  # noqa: E402
from sitegen.runtime.pyodide_runtime import PYODIDE_DIR  # noqa: E402
from sitetools import poll  # noqa: E402

# A bare start of the same Pyodide release as a plain site would ship it (the npm package's files, the full
# standard library and lock file, precompressed like the site's): a page (with a CSP meta tag, as nginx's
# configuration expects of every page) whose module worker runs loadPyodide() and one line of Python.
BARE_PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
BARE_FILES = {
    "index.html": """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'">
<title>bare</title><script type="module" src="bare.mjs"></script></head><body></body></html>
""",
    "bare.mjs": """const worker = new Worker(new URL("bare-worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = () => { window.readyAt = performance.now(); };
""",
    "bare-worker.mjs": """import { loadPyodide } from "../pyodide/pyodide.mjs";
const py = await loadPyodide({ indexURL: new URL("../pyodide/", import.meta.url).href });
postMessage(py.runPython("1 + 1"));
""",
}


def fine_poll(page, script: str, until=bool, timeout: float = 300.0):
    """sitetools.poll every 20 ms: the figures come from the page's own clock; this only bounds the wait."""
    return poll(page, script, until, timeout, step=0.02)


def machine(browser) -> str:
    """Cores, CPU, load at the start, OS, browser, Python and Node: the figures mean little without them."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), load average {load} at the start, {platform.system()} {platform.release()}, "
        f"Chromium {browser.version} headless, Python {platform.python_version()}, "
        f"Node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}"
    )


def built_site(site: Path | None) -> Path:
    """The site to measure: the one given, or a fresh build in a temporary folder."""
    if site is not None:
        if not (site / "calculators").is_dir():
            sys.exit(f"{site} holds no built site: run `make build` first, or leave out --site")
        return site.resolve()
    work = Path(tempfile.mkdtemp(prefix="bench-site-"))
    env = {**os.environ, "BUILD_DIR": str(work / "build"), "SITE_DIR": str(work / "site")}
    subprocess.run([sys.executable, "build.py"], cwd=ROOT, env=env, check=True, capture_output=True)
    return work / "site"


def run(doc: str, results: str, report: Callable[[Path, int], str]) -> None:
    """A benchmark's command line: measure the site `runs` times, print the report and keep it in bench/results/."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is reported)")
    parser.add_argument("--out", type=Path, default=RESULTS / results)
    args = parser.parse_args()
    text = report(built_site(args.site), args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


def overlay(site: Path, work: Path) -> Path:
    """A copy of the site (hard links, no bytes copied) plus the bare page under /__bench__/bare/ and the npm
    package's Pyodide files under /__bench__/pyodide/."""
    root = work / "site"
    shutil.copytree(site, root, copy_function=os.link)
    bare = root / "__bench__" / "bare"
    bare.mkdir(parents=True)
    for name, text in BARE_FILES.items():
        (bare / name).write_text(text, encoding="utf-8")
    runtime = root / "__bench__" / "pyodide"
    runtime.mkdir()
    for name in BARE_PYODIDE:
        shutil.copyfile(PYODIDE_DIR / name, runtime / name)
    write_precompressed(runtime)
    return root
