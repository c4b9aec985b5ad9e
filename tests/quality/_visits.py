"""One browser visit per page type (and state) serves every browser gate: the visit records the CSP violations,
script errors, every request, axe-core's findings and, on calculator pages, a Tab walk through the form.
test_csp, test_third_party and test_accessibility each assert their own part of the same record, so the suite
loads each page once instead of three times (it must stay within a few minutes on 2 cores). A calculator's error
state is recorded on the page of its first visit, by typing a value that is no number into its first number field,
as a reader would: no second start of the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from sitetools import axe_violations, clear_storage, fill_example, first_number_field, open_fold

from ._calculators import BAD_NUMBER, wait_for_status
from ._site import PAGE_TYPES, PageRecorder, calculator_name

PHONE = {"width": 390, "height": 844}

_FOCUSED = """(() => { const el = document.activeElement; if (!el || el === document.body) return null;
  if (el.dataset.tabSeen) return "again";
  el.dataset.tabSeen = "1";
  const style = getComputedStyle(el);
  return {name: el.getAttribute("name"), tag: el.tagName.toLowerCase(),
          ring: style.outlineStyle !== "none" && style.outlineWidth !== "0px" || style.boxShadow !== "none"}; })()"""
# The fields shown: not those of a folded part (the self-check's clauses and plan data), which Tab reaches by the
# part's heading (a closed <details> keeps its content laid out, hidden, in Chromium: offsetParent is set).
_CONTROLS = """[...document.querySelectorAll("#calc-form [name]")].filter(el => !el.disabled && el.type !== "hidden"
  && el.offsetParent !== null && !el.closest("details:not([open])")).map(el => el.getAttribute("name"))"""
_UNNAMED = """[...document.querySelectorAll("#calc-form input:not([type=file]), #calc-form select")]
  .filter(el => !el.closest("table") && !el.getAttribute("name")).length"""
_FIELD = """(key) => { const field = document.querySelector(`[name="${key}"]`);
  const message = document.getElementById(`e-${key}`);
  return {message: message ? message.innerText : "", visible: !!message && message.offsetParent !== null,
          invalid: field.getAttribute("aria-invalid"), described_by: field.getAttribute("aria-describedby") || ""}; }"""
_VISIBLE_TEXT = """(() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest('code, pre, kbd, script, style, noscript, svg')) continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], img[alt]'))
    for (const name of ['placeholder', 'aria-label', 'alt']) parts.push(el.getAttribute(name) || '');
  return parts.join(' ');
})()"""
_LIVE = """(() => { const el = document.getElementById("calc-result");
  const region = el && (el.closest("[aria-live], [role=status], [role=alert]")
                        || el.querySelector("[aria-live], [role=status], [role=alert]"));
  return region ? region.innerText.trim().length : 0; })()"""


@dataclass
class Visit:
    """What one visit of one page type saw."""

    url: str
    status: str | None = None  # calculators: the verdict shown
    violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)  # refused by the route guard
    axe: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)  # calculators: named form fields
    tabbed: list[dict] = field(default_factory=list)  # calculators: elements reached by Tab, in order
    live_text: int = 0  # calculators: characters in the verdict's live region
    findings: int = 0  # calculators: findings shown
    unnamed: int = 0  # calculators: form inputs outside a table without a name (their JSON key)
    broken_field: dict = field(default_factory=dict)  # calculators' error state: the broken field, its message
    text: str = ""  # the text a reader sees (not code, hidden or script text), with placeholders and labels


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus comes round again; returns each element focused."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused == "again":
            break
        if focused is not None:
            seen.append(focused)
    return seen


class Visits:
    """Visits made on demand and remembered for the session: (page type, state, phone?) → Visit.

    One browser tab per width serves every visit, navigating from page to page as a reader does (a new browser
    context costs some 0.55 s of CPU on this machine, a navigation 0.15 s): what a visit leaves in the device's
    storage (the self-check's answers, the toolbar's state) is cleared before the next one, so each page is seen as
    on a first visit; the calculators' runtime cache stays, as it does for a reader who opened a calculator before.
    """

    def __init__(self, browser, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self._done: dict[tuple[str, int, bool], Visit] = {}
        self._tabs: dict[bool, tuple[object, PageRecorder]] = {}
        self._current = Visit(base_url)  # the visit under way: where the route guard records a foreign request

    def get(self, name: str, state: int = 0, phone: bool = False) -> Visit:
        """state 0: as a reader first sees it (calculators: with a verdict); 1: a calculator showing an error
        (recorded by the visit of state 0)."""
        key = (name, state, phone)
        if key not in self._done:
            self._visit(name, phone)
        return self._done[key]

    def _tab(self, phone: bool) -> tuple[object, PageRecorder]:
        """The tab of this width, opened on first use; every request that leaves the origin is refused, recorded."""
        if phone not in self._tabs:
            origin = urlsplit(self.base_url).netloc
            context = self.browser.new_context(
                viewport=PHONE if phone else {"width": 1280, "height": 900}, locale="zh-CN"
            )

            def guard(route) -> None:
                if urlsplit(route.request.url).netloc == origin or route.request.url.startswith(("data:", "blob:")):
                    route.continue_()
                else:
                    self._current.foreign.append(route.request.url)
                    route.abort()

            context.route("**/*", guard)
            page = context.new_page()
            self._tabs[phone] = (page, PageRecorder(page))
        return self._tabs[phone]

    def close(self) -> None:
        for page, _ in self._tabs.values():
            page.context.close()

    def _visit(self, name: str, phone: bool) -> None:
        calculator = calculator_name(PAGE_TYPES[name])
        url = f"{self.base_url}/{PAGE_TYPES[name]}"
        page, recorder = self._tab(phone)
        clear_storage(page, self.base_url)
        recorder.reset()
        visit = self._current = Visit(url)
        recorder.visit(url)
        if calculator:
            # Pages that start empty (项目整体自查, 全文自查) are filled by their 填入示例 button, as a reader does.
            visit.status = fill_example(page)
        visit.violations = recorder.violations()
        visit.page_errors = list(recorder.page_errors)
        visit.axe = axe_violations(page)
        visit.text = page.evaluate(_VISIBLE_TEXT)
        if calculator and not phone:
            visit.findings = page.locator("#calc-result .calc-finding").count()
            visit.unnamed = page.evaluate(_UNNAMED)
            visit.controls = list(page.evaluate(_CONTROLS))
            visit.live_text = page.evaluate(_LIVE)
            visit.tabbed = tab_through(page)
        visit.requests = list(recorder.requests)
        self._done[(name, 0, phone)] = visit
        if calculator:
            # The error state, on the same page: what the page does from here on is the error visit's.
            error = self._current = Visit(url)
            seen = (len(visit.violations), len(visit.page_errors), len(recorder.requests))
            key = first_number_field(calculator)
            page.evaluate(open_fold(f'[name="{key}"]'))
            page.fill(f'[name="{key}"]', BAD_NUMBER)
            error.status = wait_for_status(page, {"error"})
            error.broken_field = page.evaluate(_FIELD, key)
            error.violations = recorder.violations()[seen[0] :]
            error.page_errors = list(recorder.page_errors[seen[1] :])
            error.axe = axe_violations(page)
            error.requests = list(recorder.requests[seen[2] :])
            self._done[(name, 1, phone)] = error
