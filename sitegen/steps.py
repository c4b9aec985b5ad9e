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

# Each issue's work adds its step here (pages, views, exports, calculator pages, Pyodide runtime …).
STAGE_STEPS: list[StageStep] = [write_pages, write_search_dictionary]
# Re-use (issue 5): QR codes and standalone views, the data exports, then the pages listing them (with sizes).
STAGE_STEPS += [write_qr_codes, write_views, write_exports, write_reuse_pages]
# Calculators (issue 4): one page per calculator, then the self-hosted Pyodide runtime, package and snapshot.
STAGE_STEPS += [stage_calculator_pages, stage_pyodide_runtime]

# A post-build step is `step(site_dir)`: it runs on MkDocs' finished output, before it replaces site/.
# Precompression comes last: it compresses what the steps before it wrote (the service worker too).
POST_BUILD_STEPS: list[Callable[[Path], None]] = [write_service_worker, write_precompressed]


def engine_data_step(policy: Policy) -> None:
    """Write calculators/data/parameters.json, the engine's only view of policy/."""
    write_engine_data(policy)
