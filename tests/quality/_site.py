"""What the quality gates visit: one page of every page type, and every HTML file of the built site.

PAGE_TYPES names one representative URL per kind of page. test_every_section_has_a_page_type (test_links.py)
fails when the site grows a new top-level section that no entry here covers, so a new page type cannot slip past
the browser gates unnoticed.
"""

from __future__ import annotations

from pathlib import Path

from calculators import registry

# name → site-relative URL (ARCHITECTURE.md's permanent URLs; clause (八) is the one most often cited).
PAGE_TYPES: dict[str, str] = {
    "home": "",
    "text": "text/",
    "clause": "clauses/clause-08/",
    "clause-list": "clauses/",
    "topics": "topics/",
    "parties": "parties/",
    "glossary": "glossary/",
    "documents": "documents/",
    "regions": "regions/",
    "about": "about/",
    "feedback": "feedback/",
    "accessibility": "accessibility/",  # 无障碍说明
    "performance": "performance/",
    "quality": "quality/",
    "findings": "findings/",  # 结论代码: every finding code and its params
    "data": "data/",
    "obligations": "obligations/",
    "calculator-list": "calculators/",
    # one per registered calculator (calculators/registry.py), added below
    "selfcheck-review": "calculators/selfcheck/review/",
    "embed": "embed/clause-08/",
    "card": "cards/clause-08/",
    "not-found": "404.html",
    "selfcheck-forward": "selfcheck/",  # the short address: forwards to calculators/selfcheck/, keeping ?role= and #q-
}
PAGE_TYPES.update({f"calculator-{name}": f"calculators/{name}/" for name in registry.calculators()})


def section(relative: str) -> str:
    """The top-level section of a site-relative path: "clauses" for "clauses/clause-08/index.html"."""
    return relative.split("/", 1)[0] if "/" in relative else relative.replace("index.html", "")


def html_files(site_dir: Path) -> list[Path]:
    """Every HTML file of the built site, sorted."""
    return sorted(site_dir.rglob("*.html"))


def page_file(site_dir: Path, url: str) -> Path:
    """The file a site-relative URL is served from."""
    return site_dir / url if url.endswith(".html") else site_dir / url / "index.html"


def calculator_name(url: str) -> str | None:
    """ "land" for "calculators/land/"; None for any other page (the list of calculators included)."""
    parts = url.strip("/").split("/")
    return parts[1] if len(parts) == 2 and parts[0] == "calculators" else None


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
        page.context.on("request", lambda r: self.requests.append(r.url))

    def visit(self, url: str) -> None:
        """Open url (which must exist: a gate run on a 404 page proves nothing) and wait until the network is quiet."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, f"{url} answered {response.status if response else 'nothing'}"
        self.page.wait_for_load_state("networkidle")

    def violations(self) -> list[str]:
        """CSP violations seen by the document, plus any the console reported (workers report only there)."""
        seen = list(self.page.evaluate("window.__cspViolations || []"))
        return seen + [m for m in self.console_errors if "Content Security Policy" in m]
