"""Shared fixtures: one site built per test session, served on loopback, and Debian's Chromium via Playwright.

The run is parallel (`make test`: pytest-xdist, one worker per core, a file to a worker) and the site is built in
the background from the moment the tests are collected, so the tests that do not need it run meanwhile; they run
first (pytest_collection_modifyitems). Every worker waits for that one build (`site_dir`) and starts its own
browser. A test must therefore not depend on another test having run before it in the same process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

from sitegen.reproducible import pin_build_time
from sitetools import CHROMIUM, CHROMIUM_ARGS, ROOT, Shots, clear_storage, serve_folder

# The slow lanes, marked by where a test lives or what it needs; `make test-fast` deselects them all.
LANES = {
    "tests/browser/": "browser",
    "tests/browsers/": "browser",  # Firefox ESR and WebKitGTK
    "tests/pyodide/": "pyodide",
    "tests/quality/": "quality",
}


def needs_site(item: pytest.Item) -> bool:
    return "site_dir" in getattr(item, "fixturenames", ())


def uses_visits(item: pytest.Item) -> bool:
    return "visits" in getattr(item, "fixturenames", ())


def in_browser(item: pytest.Item) -> bool:
    return "base_url" in getattr(item, "fixturenames", ())


def group_of(item: pytest.Item) -> str:
    """The item's group in a parallel run: `visits` for the tests that use that fixture, else its file."""
    return "visits" if uses_visits(item) else Path(item.path).relative_to(ROOT).as_posix()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark each test with its lane: browser, pyodide, quality (by folder) and site (needs the full build).

    Then the order and the groups of a parallel run (`--dist loadgroup`: a group runs in one worker; the groups are
    handed out in this order): the tests that do not need the site first, to run while it is built; then the
    groups that need it, those with the most tests in a browser first, so that the small ones come last and fill
    in while the other worker ends its last group. The tests that use the `visits` fixture are one group, so that
    each page is visited once in the run; the rest of each file is a group of its own (its module fixtures made
    once). A stable sort: groups of equal weight keep their order, and each group's tests theirs.
    """
    for item in items:
        where = Path(item.path).resolve().relative_to(ROOT).as_posix()
        for folder, marker in LANES.items():
            if where.startswith(folder):
                item.add_marker(marker)
        if needs_site(item):
            item.add_marker("site")
    site_files = {item.path for item in items if needs_site(item)}
    in_browsers = Counter(group_of(item) for item in items if in_browser(item))
    first = {}
    for index, item in enumerate(items):
        first.setdefault(group_of(item), index)
    items.sort(key=lambda item: (item.path in site_files, -in_browsers[group_of(item)], first[group_of(item)]))
    if hasattr(config, "workerinput"):  # for GroupScheduling, in the controller; each worker writes the same
        groups = _shared_folder(config) / "groups.json"
        partial = groups.with_name(f"groups.{config.workerinput['workerid']}.json")
        partial.write_text(json.dumps({item.nodeid: group_of(item) for item in items}), encoding="utf-8")
        partial.replace(groups)


class GroupScheduling(LoadScopeScheduling):
    """xdist's scheduling by scope (a scope runs in one worker; the next is handed out as a worker runs short), the
    scope of a test being its group (group_of), as the workers wrote it at collection. xdist's own loadgroup no
    longer groups anything under pytest 9.2 (the group it writes into the test's id is not read: pytest-xdist#1386),
    so the tests of a file ran in both workers, and so did the module fixtures and visits they share."""

    def __init__(self, config: pytest.Config, log: Any = None) -> None:
        super().__init__(config, log)
        self.groups_file = _shared_folder(config) / "groups.json"
        self.groups: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self.groups is None:
            self.groups = json.loads(self.groups_file.read_text(encoding="utf-8"))
        return self.groups.get(nodeid) or nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True, optionalhook=True)  # before xdist's own choice; optional: -p no:xdist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    return GroupScheduling(config, log) if config.getvalue("dist") == "loadgroup" else None


_WORKERS_OF: dict[str, set[str]] = {}  # in the controller: test → the workers that ran it


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    node = getattr(report, "node", None)  # set on the reports the controller gets from its workers
    if node is not None and report.when == "call":
        _WORKERS_OF.setdefault(report.nodeid, set()).add(node.gateway.id)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In the controller of a grouped run: fail it if a group ran in more than one worker. That is how xdist's own
    loadgroup failed, in silence, when pytest changed under it; a later upgrade must not do so again."""
    groups_file = _shared_folder(session.config) / "groups.json"
    grouped = session.config.getoption("dist", None) == "loadgroup"
    if not grouped or not _WORKERS_OF or hasattr(session.config, "workerinput") or not groups_file.exists():
        return
    groups = json.loads(groups_file.read_text(encoding="utf-8"))
    workers: dict[str, set[str]] = {}
    for nodeid, ran_in in _WORKERS_OF.items():
        workers.setdefault(groups.get(nodeid, nodeid), set()).update(ran_in)
    split = sorted(group for group, ran_in in workers.items() if len(ran_in) > 1)
    if split:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(f"groups that ran in more than one worker (tests/conftest.py GroupScheduling): {split}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_configure(config: pytest.Config) -> None:
    """Once per run (not again in each xdist worker): one build time for every build of the session (the
    shared site, the second build of test_deterministic, the hostile copies), even if a commit lands meanwhile;
    then `python build.py data` before collection: calculator test modules read the engine's parameters on import."""
    if hasattr(config, "workerinput"):
        return
    pin_build_time(ROOT)
    result = subprocess.run([sys.executable, "build.py", "data"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise pytest.UsageError(f"python build.py data failed:\n{result.stdout}\n{result.stderr}")


def _shared_folder(config: pytest.Config) -> Path:
    """The run's temporary folder, shared by its xdist workers (their own temporary folders are in it)."""
    base = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    return base.parent if hasattr(config, "workerinput") else base


def _site_build(config: pytest.Config) -> Path:
    """The folder of the session's one site build, shared by the xdist workers."""
    return _shared_folder(config) / "site-build"


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the session's site build in the background as soon as a selected test is known to need it."""
    if not os.environ.get("SITE_UNDER_TEST") and any(needs_site(item) for item in session.items):
        start_site_build(session.config)


def start_site_build(config: pytest.Config) -> None:
    """`python build.py` into the shared folder, in the background, unless started already: the first worker to
    create the folder starts it; `site_dir` waits for its exit status."""
    work = _site_build(config)
    try:
        work.mkdir()
    except FileExistsError:
        return  # another worker started it
    env = {**os.environ, "BUILD_DIR": str(work / "build"), "SITE_DIR": str(work / "site")}
    # The shell writes the exit status when the build ends, whichever worker is still running then.
    script = '"$0" build.py > "$1/log" 2>&1; echo $? > "$1/rc.tmp" && mv "$1/rc.tmp" "$1/rc"'
    subprocess.Popen(["sh", "-c", script, sys.executable, str(work)], cwd=ROOT, env=env, start_new_session=True)


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The complete site, built once for the session by the real entry point (`python build.py`), in the
    background since collection ended (pytest_collection_finish): waits for it.

    SITE_UNDER_TEST=<folder> reuses an existing build instead (quick local iteration).
    """
    reuse = os.environ.get("SITE_UNDER_TEST")
    if reuse:
        return Path(reuse).resolve()
    start_site_build(request.config)  # started already, unless no test was known to need it at collection
    work = _site_build(request.config)
    status = work / "rc"
    deadline = time.monotonic() + 1200
    while not status.exists():
        assert time.monotonic() < deadline, f"the site build did not end within 20 minutes: {work / 'log'}"
        time.sleep(0.2)
    log = (work / "log").read_text(encoding="utf-8", errors="replace")
    assert status.read_text().strip() == "0", f"build failed:\n{log[-6000:]}"
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


DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def contexts(browser) -> Iterator[dict[str, Any]]:
    """The browser contexts of this worker's session, by their options (conftest.py `new_page`), closed at its end."""
    made: dict[str, Any] = {}
    yield made
    for context in made.values():
        context.close()


@pytest.fixture(scope="module")
def new_page(browser, base_url: str, contexts: dict[str, Any]) -> Iterator[Callable[..., Any]]:
    """new_page(viewport, **context options) → a fresh page, Chinese locale, of that size, in the browser context
    of those options, shared by every test of the session that asks for them; the module closes its pages.

    A new context with its first page costs some 0.55 s of CPU on this machine (and its first calculator a cold
    start), a new page in an open one 0.25 s (2026-12-06); the size is the page's own (Playwright's
    set_viewport_size: viewport and screen). What the site keeps on the device (local storage, IndexedDB, cookies)
    is cleared for each page, so it opens as on a first visit; the caches stay, so a calculator starts warm. A test
    about start-up, the service worker, offline use, or routes and scripts of the context makes a context of its
    own.
    """
    pages: list[Any] = []

    def make(viewport: dict | None = None, **options: Any) -> Any:
        key = json.dumps(options, sort_keys=True)
        if key not in contexts:
            contexts[key] = browser.new_context(viewport=DESKTOP, locale="zh-CN", **options)
        page = contexts[key].new_page()
        page.set_viewport_size(viewport or DESKTOP)
        clear_storage(page, base_url)
        pages.append(page)
        return page

    yield make
    for page in pages:
        if not page.is_closed():
            page.close()


@pytest.fixture
def page(new_page) -> Iterator[object]:
    """A fresh page per test, desktop width, Chinese locale (new_page: the site's storage cleared, caches kept)."""
    page = new_page()
    yield page
    page.close()


@pytest.fixture(scope="session")
def visits(browser, base_url: str) -> Iterator[object]:
    """One remembered visit per page type and state (tests/quality/_visits.py), made on first use and shared by
    the quality gates and the browser tests: a calculator page is started once for all that is asked of it."""
    from quality._visits import Visits

    visits = Visits(browser, base_url)
    yield visits
    visits.close()


@pytest.fixture(scope="module")
def notice(site_dir: Path) -> dict:
    """The site's notice.json export (data/notice.json), as the browser tests compare pages with it."""
    return json.loads((site_dir / "data" / "notice.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def shots() -> Shots:
    """Where browser tests leave screenshots and printouts to look at: SCREENSHOT_DIR, if set (sitetools.Shots)."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
    return Shots(Path(folder) if folder else None)
