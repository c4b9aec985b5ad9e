"""A clause page in real Chromium, under the site's Content-Security-Policy: the copy buttons put the exact
citation and the permanent link on the clipboard, and reading markers lead to their reading. (That every page
fits a 390 px phone without sideways scrolling: tests/browser/test_reading_experience.py.)
"""

from __future__ import annotations

import time

import pytest

from sitegen.loading.model import Clause, Policy
from sitegen.loading.policy import load_policy


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="module")
def clause(policy: Policy) -> Clause:
    """The clause the brief uses as its example, （八）: it has readings, provisions and related clauses."""
    return policy.clause_by_number(8)


@pytest.fixture
def clipboard_page(new_page):
    """A page whose context may read and write the clipboard (loopback counts as a secure origin)."""
    page = new_page(None, permissions=["clipboard-read", "clipboard-write"])
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    page.close()


def read_clipboard(page, different_from: str = "", timeout: float = 5.0) -> str:
    """The clipboard's text once it has changed from `different_from` (the copy is asynchronous)."""
    deadline = time.monotonic() + timeout
    text = different_from
    while time.monotonic() < deadline:
        text = page.evaluate("() => navigator.clipboard.readText()")
        if text != different_from:
            return text
        time.sleep(0.05)
    return text


def test_copy_citation_gives_the_exact_citation(clipboard_page, base_url: str, policy: Policy, clause: Clause) -> None:
    page, errors = clipboard_page
    page.goto(f"{base_url}/clauses/{clause.id}/")
    csp = page.evaluate("""() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || ''""")
    assert "script-src" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.get_by_role("button", name="复制引用").click()
    assert read_clipboard(page) == policy.citation(clause)
    assert "已复制" in page.text_content(".cite-box .copy-status")
    assert not errors, errors


def test_copy_link_gives_the_permanent_address(clipboard_page, base_url: str, clause: Clause) -> None:
    page, errors = clipboard_page
    page.goto(f"{base_url}/clauses/{clause.id}/#{clause.id}-reading-1")
    page.evaluate("() => navigator.clipboard.writeText('')")
    page.get_by_role("button", name="复制链接").click()
    assert read_clipboard(page) == f"{base_url}/clauses/{clause.id}/"
    assert not errors, errors


def test_reading_marker_leads_to_its_reading(page, base_url: str, clause: Clause) -> None:
    page.goto(f"{base_url}/clauses/{clause.id}/")
    marker = page.locator("blockquote.verbatim sup.reading-mark a").first
    target = marker.get_attribute("href")
    marker.click()
    assert page.evaluate("() => location.hash") == target
    reading = page.locator(f"li{target}")
    assert reading.is_visible() and "编者读作" in reading.text_content()
