"""The one build entry point.

    python build.py            load and validate policy/, build the complete site into site/ (atomically)
    python build.py data       only validate policy/ and write the engine's parameters JSON
    python build.py pages      the site without the calculators' runtime, service worker or .br/.gz copies (for
                               tests of pages, exports and search, where the engine is not under test)
    python build.py dist       a release build: like build, but SITE_URL must be set to a real address
    python build.py serve      build, then preview at http://127.0.0.1:8000/ with live reload

    --build-dir DIR, --site-dir DIR: the staging folder (build/) and the finished site (site/) elsewhere, so that
    tests and parallel builds never share a folder (BUILD_DIR and SITE_DIR, when set, are their defaults).

A broken policy file stops the build with file, line and field named; the previous site/ stays intact.
`build_site()` below is the build, one line per step; ARCHITECTURE.md draws the same steps.
"""

from __future__ import annotations

import argparse
import filecmp
import logging
import os
import shutil
import sys
import time
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import MkDocsException

from sitegen.loading.errors import PolicyDataError
from sitegen.loading.model import Policy
from sitegen.loading.policy import load_policy
from sitegen.pages.navigation import MissingPage, navigation
from sitegen.plugin import NAME as PLUGIN
from sitegen.plugin import plugin_of
from sitegen.reproducible import pin_build_time
from sitegen.steps import engine_data_step, post_build_steps, stage_steps
from sitegen.urls import release_problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parent

# mkdocs-material prints an end-of-maintenance banner on every build; it says nothing about this site.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Byte-identical builds of one commit: everything dated uses the last commit's time (see sitegen/reproducible.py).
pin_build_time(ROOT)


@dataclass(frozen=True)
class Folders:
    """Where a build works: the staging folder (build/: build/docs, build/site.tmp) and the finished site."""

    build: Path = ROOT / "build"
    site: Path = ROOT / "site"

    @property
    def staging(self) -> Path:
        return self.build / "docs"


def build_site(folders: Folders, pages_only: bool = False) -> Path:
    """Build the whole site into the site folder, replacing the old one only when the new one is complete.

    pages_only leaves out the calculators' runtime and what depends on it (sitegen/steps.py NOT_IN_PAGES_ONLY).
    """
    policy = load_policy()  # 1. load and validate policy/ (sitegen/loading/)
    engine_data_step(policy)  # 2. calculators/data/parameters.json, the engine's only view of policy/
    stage(policy, folders.staging, pages_only)  # 3. build/docs/ = docs/ + what is generated (sitegen/steps.py)
    tmp = folders.build / "site.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    run_mkdocs(mkdocs_config(policy, folders.staging, tmp, pages_only, strict=True))  # 4. MkDocs + sitegen/plugin.py
    for step in post_build_steps(pages_only):  # 5. steps on the finished output (the service worker)
        step(tmp)
    swap_into_place(tmp, folders.site)  # 6. site/ replaced in one rename
    return folders.site


def stage(policy: Policy, staging: Path, pages_only: bool = False) -> None:
    """Fill the staging folder afresh: hand-written docs/ plus everything generated from policy/."""
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(ROOT / "docs", staging)
    for step in stage_steps(pages_only):
        step(policy, staging)


def restage(policy: Policy, staging: Path) -> None:
    """Stage afresh beside the staging folder, then bring the staging folder to it: MkDocs' serve watches that
    folder and stops watching one that is deleted (the preview then never rebuilt after an edit)."""
    fresh = staging.with_name(staging.name + ".next")
    stage(policy, fresh)
    mirror(fresh, staging)
    shutil.rmtree(fresh)


def mirror(source: Path, target: Path) -> None:
    """Make target hold what source holds, writing only the files that differ and keeping target itself (so a
    watcher of target sees one short burst of the changes, not a folder deleted and refilled step by step)."""
    wanted = {path.relative_to(source) for path in source.rglob("*") if path.is_file()}
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.relative_to(target) not in wanted:
            path.unlink()
    for name in sorted(wanted):
        new, old = source / name, target / name
        if not (old.is_file() and filecmp.cmp(new, old, shallow=False)):
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True):  # the deepest first
        if not any(folder.iterdir()):
            folder.rmdir()


def mkdocs_config(
    policy: Policy, staging: Path, site_dir: Path, pages_only: bool = False, **overrides: Any
) -> MkDocsConfig:
    """mkdocs.yml, with the navigation generated from policy/, the staged pages and the output directory chosen by
    the caller; pages_only tells the site's plugin that no runtime was staged."""
    from mkdocs.config import load_config

    if not entry_points(group="mkdocs.plugins", name=PLUGIN):
        raise PluginMissing(
            f"the site's MkDocs plugin `{PLUGIN}` (sitegen/plugin.py) is not installed in {sys.prefix}: run `make"
            " install` (it installs the project itself: pip install --no-deps --no-build-isolation --editable .)"
        )
    config = load_config(
        str(ROOT / "mkdocs.yml"),
        site_dir=str(site_dir),
        docs_dir=str(staging),
        nav=navigation(policy, staging),
        **overrides,
    )
    plugin_of(config).config.pages_only = pages_only
    return config


class PluginMissing(Exception):
    """The project is not installed in this Python, so MkDocs cannot find the site's plugin."""


def run_mkdocs(config: MkDocsConfig) -> None:
    """One MkDocs build, started and shut down as its own `mkdocs build` command does (the plugin learns the
    command from on_startup: a build never previews)."""
    from mkdocs.commands.build import build

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


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


def serve(folders: Folders, address: str) -> None:
    """Preview with live reload; edits to policy/, templates/, docs/ or calculators/ rebuild the staging pages.

    MkDocs' serve command tells the site's plugin that it previews (on_startup): the CSP admits its live-reload
    script; never in a built site/.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    policy = load_policy()
    engine_data_step(policy)
    stage(policy, folders.staging)
    watched = [ROOT / name for name in ("policy", "templates", "docs", "calculators", "sitegen")]
    _restage_on_change(watched, folders.staging)
    config = mkdocs_config(policy, folders.staging, folders.build / "serve", dev_addr=address)
    mkdocs_serve(
        config_file=str(ROOT / "mkdocs.yml"),
        dev_addr=address,
        livereload=True,
        nav=config["nav"],
        docs_dir=str(folders.staging),
        watch=[str(folders.staging)],
    )


def _restage_on_change(watched: list[Path], staging: Path) -> None:
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
                    restage(policy, staging)
                    print("policy/ or templates changed: pages regenerated", flush=True)
                except PolicyDataError as exc:
                    print(exc.report(), file=sys.stderr, flush=True)
                except MissingPage as exc:
                    print(f"pages not regenerated: {exc}", file=sys.stderr, flush=True)

    threading.Thread(target=loop, daemon=True).start()


def show_mkdocs_problems() -> logging.Handler:
    """MkDocs' warnings and errors on stderr, as its own command shows them: during a build MkDocs counts them with
    a handler of its own, so without one here a strict build would stop on a warning it never names."""
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("MkDocs %(levelname)s: %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    return handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", default="build", choices=["build", "data", "dist", "pages", "serve"])
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port for serve")
    parser.add_argument("--build-dir", type=Path, default=os.environ.get("BUILD_DIR") or Folders.build)
    parser.add_argument("--site-dir", type=Path, default=os.environ.get("SITE_DIR") or Folders.site)
    args = parser.parse_args(argv)
    folders = Folders(build=args.build_dir.resolve(), site=args.site_dir.resolve())
    show_mkdocs_problems()
    try:
        if args.command == "data":
            engine_data_step(load_policy())
            print("policy/ is valid; calculators/data/parameters.json and provisions.json written")
        elif args.command == "serve":
            serve(folders, args.address)
        elif args.command == "dist" and (problem := release_problem()):
            print(f"build.py dist: {problem}", file=sys.stderr)
            return 2
        else:
            started = time.perf_counter()
            site = build_site(folders, pages_only=args.command == "pages")
            print(f"site built in {time.perf_counter() - started:.1f} s: {site}")
    except PolicyDataError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except (MissingPage, PluginMissing) as exc:
        print(f"build stopped: {exc}", file=sys.stderr)
        return 1
    except MkDocsException as exc:  # MkDocs has logged what is wrong (a bad option names mkdocs.yml)
        print(f"build stopped: MkDocs: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
