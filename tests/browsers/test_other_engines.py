"""The calculators, a clause page and search in Firefox ESR and in WebKitGTK (WebKit is every iPhone browser and
WeChat on iOS), next to the Chromium tests in tests/browser/.

A smoke test per engine, on the two page scripts the calculators have: the generic calculator page (plan, whose
form holds every other calculator's fields, nested objects and tables) at 1366 px, and the self-check's own page at
390 px. Opened from a shared link of its built-in example, each shows the verdict the Python engine gives for that
example (status and Chinese label), within the window's width; a number typed wrong gets the engine's Chinese
message beside the field; the page logs no error and requests nothing from another origin. The expected verdicts
and messages are not written down here: they are what `calculators.run` answers. That every calculator gives a
verdict and an error beside its field is tests/browser/test_calculators.py's, in Chromium.

An engine that cannot start fails the test under CI (CI=true) and is skipped elsewhere, naming the package to
install. Set SHOTS_DIR (an existing folder) to keep the screenshots.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import calculators
from browsers import drivers
from sitegen.loading.policy import load_policy
from sitegen.pages.calculator_pages import flat_values, flatten
from sitetools import first_number_field, open_fold, shared_query

ENGINES = ("firefox", "webkit")
DESKTOP = (1366, 900)
PHONE = (390, 844)
VERDICT_TIMEOUT = 120  # seconds: a cold Pyodide start in a second engine on a busy 2-core machine
DESCRIBED = calculators.describe()
STATUS_LABELS = calculators.labels()["status"]
BAD_NUMBER = "abc"
SEARCH_TERM = "厂中厂"
SEARCH_INPUT = "input.md-search__input"

_STATUS = "document.getElementById('calc-result')?.dataset.status ?? null"
_BADGE = "document.querySelector('#calc-result .calc-verdict .calc-status')?.textContent ?? null"
_RESULTS = """Array.from(document.querySelectorAll('.md-search-result__list > .md-search-result__item > a'),
  (a) => a.href)"""


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest) -> Iterator[drivers.Page]:
    """One browser per engine for the module (a start costs 3–20 s here)."""
    try:
        page = drivers.start(request.param)
    except drivers.EngineMissing as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{request.param}: {missing}")
        pytest.skip(f"{request.param}: {missing}")
    yield page
    page.close()


def page_fields(name: str) -> list[dict[str, Any]]:
    """The inputs of the calculator page, as the build lays them out (object members as "land.area")."""
    return [field for field in flatten(DESCRIBED[name]["fields"]) if field["type"] != "object"]


def shared_link(base_url: str, name: str) -> str:
    """The link a reader shares after filling the page with the calculator's built-in example. A calculator with a
    page of its own (OWN_PAGE: the self-check, whose answers do not travel in a query) carries the whole request in
    the fragment (#data=, base64url of its JSON), as the page's 复制分享链接 makes it."""
    page = f"{base_url}/calculators/{name}/"
    if getattr(calculators.registry.calculators()[name], "OWN_PAGE", False):
        data = json.dumps(DESCRIBED[name]["example"], ensure_ascii=False).encode("utf-8")
        return f"{page}#data={base64.urlsafe_b64encode(data).decode('ascii').rstrip('=')}"
    return page + shared_query(page_fields(name), flat_values(DESCRIBED[name]["example"]))


def bad_number_message(name: str) -> tuple[str, str]:
    """The calculator's first number field, and the engine's message when "abc" is typed into it."""
    key = first_number_field(name)
    payload = copy.deepcopy(DESCRIBED[name]["example"])
    *parents, leaf = key.split(".")
    target = payload
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = BAD_NUMBER
    messages = [e["message"] for e in calculators.run(name, payload).get("errors", []) if e["field"] == key]
    assert messages, f"{name}: the engine accepts {BAD_NUMBER!r} in {key}"
    return key, messages[0]


def assert_clean(engine: drivers.Page, base_url: str) -> None:
    """No script or console error, and every request went to the site itself."""
    errors, requests = engine.take_log()
    assert errors == [], f"{engine.engine}: errors in the page: {errors}"
    foreign = [url for url in requests if not url.startswith((base_url + "/", "data:", "blob:", "about:"))]
    assert foreign == [], f"{engine.engine}: requests to another origin: {foreign}"


def open_verdict(engine: drivers.Page, url: str) -> tuple[str, float]:
    """Open a calculator link and wait for its verdict: (status, seconds from navigation to verdict)."""
    started = time.monotonic()
    engine.goto(url)
    status = engine.poll(_STATUS, lambda s: s not in (None, "pending"), VERDICT_TIMEOUT)
    return status, time.monotonic() - started


# The generic calculator page at desktop width, the self-check's own page at phone width.
SMOKE = {"plan": DESKTOP, "selfcheck": PHONE}


@pytest.mark.parametrize("name", list(SMOKE))
def test_shared_example_shows_the_engines_verdict_and_a_bad_number_its_message(
    engine: drivers.Page, base_url: str, name: str, record_property, tmp_path: Path
) -> None:
    answer = calculators.run(name, DESCRIBED[name]["example"])
    expected = answer["status"]
    size = SMOKE[name]
    engine.open(*size)
    shown, seconds = open_verdict(engine, shared_link(base_url, name))
    record_property(f"{engine.engine}_seconds_to_verdict", round(seconds, 2))
    assert shown == expected, f"{engine.engine}/{name}: page shows {shown}, the engine answers {expected}"
    # The engine's own label: a report (the self-check) words its overall status itself.
    assert engine.evaluate(_BADGE) == answer.get("status_label", STATUS_LABELS[expected])
    # The page lays out at the window's width and the verdict badge lies within it (no sideways scrolling).
    width = engine.evaluate("document.documentElement.clientWidth")
    assert width <= size[0], f"{engine.engine}: the page is {width} px wide in a {size[0]} px window"
    right = engine.evaluate(
        "document.querySelector('#calc-result .calc-verdict .calc-status').getBoundingClientRect().right"
    )
    assert 0 < right <= width, f"{engine.engine}: the verdict badge ends at {right} px"
    engine.screenshot(Path(os.environ.get("SHOTS_DIR") or tmp_path) / f"{engine.engine}-{name}-{size[0]}.png")

    key, message = bad_number_message(name)
    engine.evaluate(open_fold(f'[name="{key}"]'))
    engine.fill(f'[name="{key}"]', BAD_NUMBER)
    # Wait on the message itself: clearing the box first already shows an error (the value is missing).
    beside = f"document.getElementById('e-{key}')?.innerText ?? ''"
    engine.poll(beside, lambda text: message in text, 30)
    assert engine.evaluate(_STATUS) == "error"
    assert engine.evaluate(f"document.querySelector('[name=\"{key}\"]').getAttribute('aria-invalid')") == "true"
    assert_clean(engine, base_url)


def test_clause_page_shows_its_text_and_search_finds_the_term(engine: drivers.Page, base_url: str) -> None:
    """The clause containing 厂中厂 shows its verbatim text, and the search box puts that clause first."""
    found = [c for c in load_policy().clauses if SEARCH_TERM in c.text]
    assert len(found) == 1, f"{SEARCH_TERM} should be in exactly one clause: {[c.id for c in found]}"
    clause = found[0]
    engine.open(*DESKTOP)
    engine.goto(f"{base_url}/clauses/{clause.id}/")
    shown = engine.evaluate("document.querySelector('blockquote.verbatim')?.innerText ?? ''")
    assert re.sub(r"\s", "", clause.text) in re.sub(r"\s", "", shown), f"{engine.engine}: clause text missing"

    engine.click(SEARCH_INPUT)  # at desktop width the input itself is in the header
    engine.fill(SEARCH_INPUT, SEARCH_TERM)
    engine.press("End")
    engine.poll(_RESULTS, bool, 30)
    time.sleep(0.3)  # results for a prefix of the term may still be replaced: read once more
    results = engine.evaluate(_RESULTS)
    assert urlsplit(results[0]).path == f"/clauses/{clause.id}/", f"{engine.engine}: results {results[:4]}"
    assert_clean(engine, base_url)


def test_no_npm_package_runs_an_install_script() -> None:
    """puppeteer-core (unlike puppeteer) has no postinstall that downloads a browser; a lock with any install script
    would fetch or build something at `npm ci`, which fails on this network."""
    lock = json.loads((drivers.ROOT / "package-lock.json").read_text(encoding="utf-8"))
    scripted = [path for path, entry in lock["packages"].items() if entry.get("hasInstallScript")]
    assert scripted == [], f"packages with install scripts: {scripted}"
    assert "node_modules/puppeteer-core" in lock["packages"]
