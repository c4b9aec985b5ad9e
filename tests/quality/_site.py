"""What the quality gates visit: one page of every page type, and every HTML file of the built site.

PAGE_TYPES (tests/sitetools.py, which the browser tests share) names one representative URL per kind of page.
test_every_section_has_a_page_type (test_links.py) fails when the site grows a new top-level section that no entry
there covers, so a new page type cannot slip past the browser gates unnoticed.
"""

from __future__ import annotations

from pathlib import Path

from sitetools import PAGE_TYPES, calculator_name


def section(relative: str) -> str:
    """The top-level section of a site-relative path: "clauses" for "clauses/clause-08/index.html"."""
    return relative.split("/", 1)[0] if "/" in relative else relative.replace("index.html", "")


def html_files(site_dir: Path) -> list[Path]:
    """Every HTML file of the built site, sorted."""
    return sorted(site_dir.rglob("*.html"))


def page_file(site_dir: Path, url: str) -> Path:
    """The file a site-relative URL is served from."""
    return site_dir / url if url.endswith(".html") else site_dir / url / "index.html"


def calculator_types() -> dict[str, str]:
    """The calculator entries of PAGE_TYPES."""
    return {name: url for name, url in PAGE_TYPES.items() if calculator_name(url)}


# Registered before any page script runs (Playwright injects it outside the page's CSP).
_RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample || ""}`));
"""


class PageRecorder:
    """Everything a visit produced that a gate may object to: CSP violations, console errors, requests."""

    def __init__(self, page) -> None:
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        page.add_init_script(_RECORD_VIOLATIONS)
        page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        # The context's requests (a service worker's too), for as long as this page is open: the context may be
        # shared by later tests (conftest.py new_page).
        context, record = page.context, lambda r: self.requests.append(r.url)
        context.on("request", record)
        page.on("close", lambda _: context.remove_listener("request", record))

    def reset(self) -> None:
        """Forget what earlier pages of the same tab produced."""
        self.console_errors.clear()
        self.page_errors.clear()
        self.requests.clear()

    def visit(self, url: str) -> None:
        """Open url (which must exist: a gate run on a 404 page proves nothing) and wait until the network is quiet."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response.status if response else 'nothing'}"
        self.page.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        """CSP violations seen by the document, plus any the console reported (workers report only there)."""
        seen = list(self.page.evaluate("window.__cspViolations || []"))
        return seen + [m for m in self.console_errors if "Content Security Policy" in m]
