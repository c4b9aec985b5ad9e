"""Lighthouse scores for the home page, a clause page and a calculator page (mobile and desktop presets).
Reports numbers; not a test.

    (cd bench && npm ci)                       # once: lighthouse 12.2.3 from bench/package-lock.json
    .venv/bin/python bench/lighthouse.py [--site site/] [--runs 3] [--out bench/results/lighthouse.md]

Each page and preset is run --runs times; the table gives the median of each category (mobile performance moves
by several points between runs on a busy 2-core machine: Lighthouse slows the CPU 4× on top).

Lighthouse is not part of `make test` (it is large and only the benchmark needs it). 12.x is pinned because 13.x
wants Node 22. Chromium is Debian's. The site is served on loopback with gzip, as a static host would serve it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "/", "clause (八)": "/clauses/clause-08/", "land calculator": "/calculators/land/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".wasm", ".txt", ".csv"}


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-encoded when the browser accepts it (as nginx gzip_static or any CDN would)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
    }

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (
            path.suffix not in COMPRESSIBLE
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()
        body = _compressed(str(path))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600")
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args: object) -> None:
        pass


@functools.cache
def _compressed(path: str) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def lighthouse(url: str, preset: str) -> dict[str, int]:
    """One Lighthouse run; returns the category scores (0–100)."""
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} missing: run (cd bench && npm ci)")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"lighthouse failed for {url}:\n{result.stderr[-2000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    failing = [
        audit["id"]
        for audit in report["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {**scores, "below 0.9": failing}


def build_site() -> Path:
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    env = {**os.environ, "BUILD_DIR": str(work / "build"), "SITE_DIR": str(work / "site")}
    subprocess.run([sys.executable, "build.py"], cwd=ROOT, env=env, check=True, capture_output=True)
    return work / "site"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and preset (median reported)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "lighthouse.md")
    args = parser.parse_args()
    site = args.site.resolve() if args.site else build_site()
    server, base = serve(site)
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"Lighthouse {version}, {chromium}, {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; site served on loopback with gzip.",
        "",
        f"Median of {args.runs} runs (range in brackets when runs differ).",
        "",
        "| page | preset | " + " | ".join(CATEGORIES) + " | audits below 0.9 in any run |",
        "|---|---|" + "---|" * len(CATEGORIES) + "---|",
    ]
    try:
        for name, path in PAGES.items():
            for preset in ("mobile", "desktop"):
                runs = [lighthouse(base + path, preset) for _ in range(args.runs)]
                medians = {c: round(statistics.median(r[c] for r in runs)) for c in CATEGORIES}
                spread = {c: f"{min(r[c] for r in runs)}–{max(r[c] for r in runs)}" for c in CATEGORIES}
                below = sorted({audit for r in runs for audit in r["below 0.9"]})
                row = f"| {name} | {preset} | " + " | ".join(
                    str(medians[c]) + (f" ({spread[c]})" if spread[c].split("–")[0] != spread[c].split("–")[1] else "")
                    for c in CATEGORIES
                )
                lines.append(row + f" | {', '.join(below) or '—'} |")
                print(lines[-1], flush=True)
    finally:
        server.shutdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:1]) + f"\nwritten to {args.out}")


if __name__ == "__main__":
    main()
