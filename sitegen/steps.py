"""The build's steps, in order. build.py runs them; each lives in a module named for what it makes.

A stage step is `step(policy, staging_dir)`: it writes files into build/docs/ before MkDocs runs, so that
`python build.py` and `python build.py serve` produce the same site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .exports.data import write_exports
from .exports.overview import write_overview
from .exports.qr import write_qr_codes
from .exports.slides import write_slides
from .exports.views import write_views
from .loading.model import Policy
from .modules import version_modules
from .pages.calculator_pages import stage_calculator_pages
from .pages.changes import write_changes_feed
from .pages.checklist import write_reuse_pages
from .pages.policy_pages import write_pages
from .pages.selfcheck import write_selfcheck_pages
from .precompress import write_precompressed
from .runtime.engine_data import write_engine_data, write_provisions_data
from .runtime.pyodide_runtime import stage_pyodide_runtime
from .runtime.service_worker import write_service_worker
from .search.index import write_policy_index

StageStep = Callable[[Policy, Path], None]

STAGE_STEPS: list[StageStep] = [
    write_slides,  # decks for trainers, and 一图读懂: before the pages, which show their sizes
    write_overview,
    write_pages,  # home, 原文, clauses, indexes, 变更记录
    write_changes_feed,  # the 变更记录's Atom feed
    write_policy_index,  # the notice's search entries (the MkDocs hook adds the other pages)
    write_qr_codes,  # then the standalone views and data exports the re-use pages list with their sizes
    write_views,
    write_exports,
    write_reuse_pages,  # 义务清单, 数据下载
    stage_calculator_pages,  # one page per registered calculator
    stage_pyodide_runtime,  # the self-hosted Pyodide runtime, the calculators zip and the memory snapshot
    write_selfcheck_pages,  # 全文自查 (its own page, the review page, the /selfcheck/ address)
]

# A post-build step is `step(site_dir)`: it runs on MkDocs' finished output, before it replaces site/.
# Modules are versioned first (the service worker lists their versioned URLs); precompression comes last: it
# compresses what the steps before it wrote (the service worker too).
POST_BUILD_STEPS: list[Callable[[Path], None]] = [version_modules, write_service_worker, write_precompressed]

# A pages-only build (`python build.py pages`: tests of pages, exports and search, where the engine is not under
# test) leaves out the calculators' runtime and what lists it (the service worker), and the host's .br/.gz copies.
NOT_IN_PAGES_ONLY: tuple[object, ...] = (stage_pyodide_runtime, write_service_worker, write_precompressed)


def stage_steps(pages_only: bool = False) -> list[StageStep]:
    """The stage steps of a complete build, or of a pages-only one."""
    return [step for step in STAGE_STEPS if not (pages_only and step in NOT_IN_PAGES_ONLY)]


def post_build_steps(pages_only: bool = False) -> list[Callable[[Path], None]]:
    """The post-build steps of a complete build, or of a pages-only one."""
    return [step for step in POST_BUILD_STEPS if not (pages_only and step in NOT_IN_PAGES_ONLY)]


def engine_data_step(policy: Policy) -> None:
    """Write calculators/data/parameters.json and provisions.json, the engine's only view of policy/."""
    write_engine_data(policy)
    write_provisions_data(policy)
