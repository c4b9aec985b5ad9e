"""Driving the calculator pages from the quality gates: reach a verdict, reach an error.

Each case is a shared link (inputs as query parameters named by their JSON keys, as the calculator pages
reproduce them), so the gates need no knowledge of each form's layout.
"""

from __future__ import annotations

import time

# calculator → (query giving a verdict, query giving an input error)
CASES: dict[str, tuple[str, str]] = {
    "land": ("?area=98&unit=mu&county=淳安县", "?area=-5&unit=mu&county=淳安县"),
    "ratios": (
        "?total_area=10000&sale_area=3000&self_held_area=7000&rental_area=5000",
        "?total_area=10000&sale_area=8000&self_held_area=7000&rental_area=5000",
    ),
    # A table is one parameter: rows split by "~", cells by "!" in the template's column order.
    "prices": (
        "?guidance_sale_price=5000&sale_rule=cap_float&sale_float_pct=5&units=1-101!1200!5200!~1-201!1000!5300!",
        "?guidance_sale_price=-5000&sale_rule=cap_float&sale_float_pct=5&units=1-101!1200!5200!~1-201!1000!5300!",
    ),
    # No query: the page fills in its built-in example project (land, ratios and prices together).
    "plan": ("", "?land.area=abc&land.unit=mu&land.county=淳安县"),
}

VERDICTS = {"pass", "fail", "review", "not_applicable"}
_STATUS = "(() => { const el = document.getElementById('calc-result') || document.querySelector('[data-status]'); return el ? el.dataset.status : null; })()"


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
