"""Shared fixtures: one site built per test session, served on loopback, and Debian's Chromium via Playwright."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sitetools import CHROMIUM, CHROMIUM_ARGS, ROOT, serve_folder

# The slow lanes, marked by where a test lives or what it needs; `make test-fast` deselects them all.
LANES = {
    "tests/browser/": "browser",
    "tests/browsers/": "browser",  # Firefox ESR and WebKitGTK
    "tests/pyodide/": "pyodide",
    "tests/quality/": "quality",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its lane: browser, pyodide, quality (by folder) and site (needs the full build)."""
    for item in items:
        where = Path(item.path).resolve().relative_to(ROOT).as_posix()
        for folder, marker in LANES.items():
            if where.startswith(folder):
                item.add_marker(marker)
        if "site_dir" in getattr(item, "fixturenames", ()):
            item.add_marker("site")


def pytest_configure(config: pytest.Config) -> None:
    """`python build.py data` before collection: calculator test modules read the engine's parameters on import."""
    result = subprocess.run([sys.executable, "build.py", "data"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise pytest.UsageError(f"python build.py data failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The complete site, built once for the session by the real entry point (`python build.py`).

    SITE_UNDER_TEST=<folder> reuses an existing build instead (quick local iteration).
    """
    reuse = os.environ.get("SITE_UNDER_TEST")
    if reuse:
        return Path(reuse).resolve()
    work = tmp_path_factory.mktemp("build")
    env = {**os.environ, "BUILD_DIR": str(work / "build"), "SITE_DIR": str(work / "site")}
    result = subprocess.run([sys.executable, "build.py"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return work / "site"


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served over HTTP on loopback, as a reader's browser would get it."""
    server, url = serve_folder(site_dir)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (Playwright's own browser downloads fail on this network)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser context and page per test, desktop width, Chinese locale."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def visits(browser, base_url: str) -> Iterator[object]:
    """One remembered visit per page type and state (tests/quality/_visits.py), made on first use and shared by
    the quality gates and the browser tests: a calculator page is started once for all that is asked of it."""
    from quality._visits import Visits

    yield Visits(browser, base_url)


@pytest.fixture(scope="module")
def notice(site_dir: Path) -> dict:
    """The site's notice.json export (data/notice.json), as the browser tests compare pages with it."""
    return json.loads((site_dir / "data" / "notice.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where browser tests leave screenshots: SCREENSHOT_DIR, or a temporary folder."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder
