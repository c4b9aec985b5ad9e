"""Driving the calculator pages from the quality gates: reach a verdict, reach an error.

Each case is a shared link (inputs as query parameters named by their JSON keys, as the calculator pages
reproduce them), so the gates need no knowledge of each form's layout.
"""

from __future__ import annotations

import time

from calculators import registry
from calculators.findings import STATUS_ORDER
from sitetools import first_number_field

# calculator → (query giving a verdict, query giving an input error), for every registered calculator. With no
# query the page fills in its built-in example (EXAMPLE), which has a verdict; a shared link whose first number
# field is not a number gives an error.
CASES: dict[str, tuple[str, str]] = {name: ("", f"?{first_number_field(name)}=abc") for name in registry.calculators()}

VERDICTS = set(STATUS_ORDER)
_STATUS = (
    "(() => { const el = document.getElementById('calc-result') || document.querySelector('[data-status]'); "
    "return el ? el.dataset.status : null; })()"
)


def wait_for_status(page, accept: set[str], timeout_s: float = 60.0) -> str:
    """Poll (string wait_for_function breaks under a CSP) until the verdict element shows one of accept."""
    deadline = time.monotonic() + timeout_s
    status = None
    while time.monotonic() < deadline:
        status = page.evaluate(_STATUS)
        if status in accept:
            return status
        time.sleep(0.1)
    raise AssertionError(f"{page.url}: no verdict in {accept} after {timeout_s:.0f} s (last: {status!r})")


def wait_for_verdict(page) -> str:
    """Wait until the calculator shows any verdict or error: the engine started and answered."""
    return wait_for_status(page, VERDICTS | {"error"})
