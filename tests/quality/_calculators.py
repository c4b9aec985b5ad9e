"""Driving the calculator pages from the quality gates: reach a verdict, reach an error.

A calculator page opened without a query fills in its built-in example (EXAMPLE), which has a verdict; its first
number field (sitetools.first_number_field, named by its JSON key) given BAD_NUMBER shows an error, so the gates
need no knowledge of each form's layout.
"""

from __future__ import annotations

import time

from calculators.findings import STATUS_ORDER

BAD_NUMBER = "abc"

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
