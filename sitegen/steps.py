"""The build's steps, in order. build.py runs them; each lives in a module named for what it makes.

A stage step is `step(policy, staging_dir)`: it writes files into build/docs/ before MkDocs runs, so that
`python build.py` and `python build.py serve` produce the same site.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .exports.data import write_exports
from .exports.qr import write_qr_codes
from .exports.views import write_views
from .loading.model import Policy
from .pages.calculator_pages import stage_calculator_pages
from .pages.checklist import write_reuse_pages
from .pages.policy_pages import write_pages
from .precompress import write_precompressed
from .runtime.engine_data import write_engine_data
from .runtime.pyodide_runtime import stage_pyodide_runtime
from .runtime.service_worker import write_service_worker
from .search.dictionary import write_search_dictionary

StageStep = Callable[[Policy, Path], None]

STAGE_STEPS: list[StageStep] = [
    write_pages,  # home, 原文, clauses, indexes
    write_search_dictionary,  # the search plugin's jieba dictionary
    write_qr_codes,  # then the standalone views and data exports the re-use pages list with their sizes
    write_views,
    write_exports,
    write_reuse_pages,  # 义务清单, 数据下载
    stage_calculator_pages,  # one page per registered calculator
    stage_pyodide_runtime,  # the self-hosted Pyodide runtime, the calculators zip and the memory snapshot
]

# A post-build step is `step(site_dir)`: it runs on MkDocs' finished output, before it replaces site/.
# Precompression comes last: it compresses what the steps before it wrote (the service worker too).
POST_BUILD_STEPS: list[Callable[[Path], None]] = [write_service_worker, write_precompressed]


def engine_data_step(policy: Policy) -> None:
    """Write calculators/data/parameters.json, the engine's only view of policy/."""
    write_engine_data(policy)
