"""The one build entry point.

    python build.py            load and validate policy/, build the complete site into site/ (atomically)
    python build.py data       only validate policy/ and write the engine's parameters JSON
    python build.py pages      the site without the calculators' runtime, service worker or .br/.gz copies (for
                               tests of pages, exports and search, where the engine is not under test)
    python build.py dist       a release build: like build, but SITE_URL must be set to a real address
    python build.py serve      build, then preview at http://127.0.0.1:8000/ with live reload

A broken policy file stops the build with file, line and field named; the previous site/ stays intact.
`build_site()` below is the build, one line per step; ARCHITECTURE.md draws the same steps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.loading.errors import PolicyDataError
from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.navigation import MissingPage, navigation
from sitegen.reproducible import pin_build_time
from sitegen.steps import engine_data_step, post_build_steps, stage_steps
from sitegen.urls import release_problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent
# Overridable so that tests and parallel builds never share a folder.
BUILD = Path(os.environ.get("BUILD_DIR", ROOT / "build")).resolve()
SITE = Path(os.environ.get("SITE_DIR", ROOT / "site")).resolve()
STAGING = BUILD / "docs"

# mkdocs-material prints an end-of-maintenance banner on every build; it says nothing about this site.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Byte-identical builds of one commit: everything dated uses the last commit's time (see sitegen/reproducible.py).
pin_build_time(ROOT)


def build_site(pages_only: bool = False) -> Path:
    """Build the whole site into site/, replacing the old one only when the new one is complete.

    pages_only leaves out the calculators' runtime and what depends on it (sitegen/steps.py NOT_IN_PAGES_ONLY).
    """
    from mkdocs.commands.build import build

    policy = load_policy()  # 1. load and validate policy/ (sitegen/loading/)
    engine_data_step(policy)  # 2. calculators/data/parameters.json, the engine's only view of policy/
    stage(policy, pages_only)  # 3. build/docs/ = docs/ + everything generated (sitegen/steps.py STAGE_STEPS)
    tmp = BUILD / "site.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    build(mkdocs_config(policy, tmp, strict=True))  # 4. MkDocs, with its hooks (sitegen/hooks/, sitegen/search/)
    for step in post_build_steps(pages_only):  # 5. steps on the finished output (the service worker)
        step(tmp)
    swap_into_place(tmp, SITE)  # 6. site/ replaced in one rename
    return SITE


def stage(policy: Policy, pages_only: bool = False) -> None:
    """Fill build/docs/ afresh: hand-written docs/ plus everything generated from policy/."""
    if STAGING.exists():
        shutil.rmtree(STAGING)
    shutil.copytree(ROOT / "docs", STAGING)
    for step in stage_steps(pages_only):
        step(policy, STAGING)


def mkdocs_config(policy: Policy, site_dir: Path, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml, with the navigation generated from policy/ and the output directory chosen by the caller."""
    from mkdocs.config import load_config

    return load_config(
        str(ROOT / "mkdocs.yml"),
        site_dir=str(site_dir),
        docs_dir=str(STAGING),
        nav=navigation(policy, STAGING),
        **overrides,
    )


def swap_into_place(new: Path, target: Path) -> None:
    """Replace target with new by two renames, so a reader never sees a half-built site."""
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def serve(address: str) -> None:
    """Preview with live reload; edits to policy/, templates/, docs/ or calculators/ rebuild the staging pages."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ["SITE_PREVIEW"] = "1"  # lets the CSP admit MkDocs' live-reload script; never set for site/
    policy = load_policy()
    engine_data_step(policy)
    stage(policy)
    watched = [ROOT / name for name in ("policy", "templates", "docs", "calculators", "sitegen")]
    _restage_on_change(watched)
    config = mkdocs_config(policy, BUILD / "serve", dev_addr=address)
    mkdocs_serve(
        config_file=str(ROOT / "mkdocs.yml"),
        dev_addr=address,
        livereload=True,
        nav=config["nav"],
        docs_dir=str(STAGING),
        watch=[str(STAGING)],
    )


def _restage_on_change(watched: list[Path]) -> None:
    """Poll the source folders in a thread; on a change, validate and re-stage (MkDocs then reloads the page)."""
    import threading

    def snapshot() -> dict[Path, float]:
        return {
            p: p.stat().st_mtime
            for folder in watched
            for p in folder.rglob("*")
            if p.is_file() and "data" not in p.parts
        }

    def loop() -> None:
        before = snapshot()
        while True:
            time.sleep(1)
            now = snapshot()
            if now != before:
                before = now
                try:
                    policy = load_policy()
                    engine_data_step(policy)
                    stage(policy)
                    print("policy/ or templates changed: pages regenerated", flush=True)
                except PolicyDataError as exc:
                    print(exc.report(), file=sys.stderr, flush=True)

    threading.Thread(target=loop, daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=["build", "data", "dist", "pages", "serve"])
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port for serve")
    args = parser.parse_args(argv)
    try:
        if args.command == "data":
            engine_data_step(load_policy())
            print("policy/ is valid; calculators/data/parameters.json and provisions.json written")
        elif args.command == "serve":
            serve(args.address)
        elif args.command == "dist" and (problem := release_problem()):
            print(f"build.py dist: {problem}", file=sys.stderr)
            return 2
        else:
            started = time.perf_counter()
            site = build_site(pages_only=args.command == "pages")
            print(f"site built in {time.perf_counter() - started:.1f} s: {site}")
    except PolicyDataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except MissingPage as exc:
        print(f"build stopped: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
