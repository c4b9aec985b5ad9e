"""Issues 10 and 24 in real Chromium: a contract rule not entered shows its own outcome (待补充, its own colour:
neither 合同未约定, which only the user's mark gives, nor 由当地决定), and
a yes/no without a default (工业用地性质) keeps "not given" through the form and a shared link."""

from __future__ import annotations

import time

START_TIMEOUT = 90  # seconds: a cold Pyodide start on a busy 2-core machine


def wait_status(page, accept=lambda s: s not in ("pending", None, "")) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate("document.getElementById('calc-result')?.dataset.status")
        if accept(value):
            return value
        time.sleep(0.1)
    raise AssertionError(f"no verdict; last status {value!r}")


def test_a_price_without_a_contract_rule_shows_the_to_enter_outcome_not_a_fail(page, base_url: str) -> None:
    page.goto(f"{base_url}/calculators/prices/?guidance_sale_price=5000&units=A!100!6000!")
    assert wait_status(page) == "to_enter"
    badge = page.locator("#calc-result .calc-verdict .calc-status")
    assert badge.inner_text() == "待补充"
    colours = page.evaluate(
        """() => [...document.querySelectorAll('#calc-result .calc-status')].map(
            (el) => getComputedStyle(el).backgroundColor)"""
    )
    review = page.evaluate(
        """() => { const el = document.createElement('span'); el.className = 'calc-status';
        el.dataset.status = 'review';
        document.getElementById('calc-result').append(el); const c = getComputedStyle(el).backgroundColor;
        el.remove(); return c; }"""
    )
    assert colours and len(set(colours)) == 1 and review not in colours  # its own colour, not 由当地决定's
    row = page.locator("#t-units tbody tr").first.locator(".calc-row-result")
    assert "本行未单独判断" in row.inner_text()


def test_industrial_land_not_given_stays_not_given_and_yes_round_trips(page, base_url: str) -> None:
    tenants = "甲!100!0!0!~乙!100!0!0!"
    page.goto(f"{base_url}/calculators/ratios/?total_area=1000&sale_area=400&self_held_area=600&tenants={tenants}")
    wait_status(page)
    assert page.locator("#f-industrial_land").input_value() == ""
    made = page.locator("#calc-result .calc-finding").filter(has_text="制造业小微企业占比")
    assert made.get_attribute("data-status") == "to_enter"  # not given: 待补充, no fail, not "does not apply" either
    page.select_option("#f-industrial_land", "true")  # the page recomputes on change
    before = page.evaluate("document.getElementById('calc-result-body').innerText")
    deadline = time.monotonic() + 20
    while page.evaluate("document.getElementById('calc-result-body').innerText") == before:
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert made.get_attribute("data-status") == "fail"
    assert "industrial_land=1" in page.url  # the shared link carries the answer
