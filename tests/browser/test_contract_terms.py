"""Issues 10 and 24 in real Chromium: a contract rule not entered shows its own outcome (待补充, its own colour:
neither 合同未约定, which only the user's mark gives, nor 由当地决定), and
a yes/no without a default (工业用地性质) keeps "not given" through the form and a shared link."""

from __future__ import annotations

import time

from sitetools import poll, wait_status


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
    poll(page, "location.search", lambda query: "industrial_land=1" in query, 10)  # the shared link carries it


def _finding_status(page, code_text: str) -> str | None:
    return page.locator("#calc-result .calc-finding").filter(has_text=code_text).first.get_attribute("data-status")


def _paste_terms(page, text: str) -> None:
    page.fill("#calc-term-paste", text)
    page.dispatch_event("#calc-term-paste", "change")


def test_the_guidance_price_mark_and_the_contract_table_keep_the_three_states(page, base_url: str) -> None:
    """Issue 24: a guidance price entered, marked 合同未约定 (the control beside the rule, carried by the link), or not
    entered (待补充) — the same three states from a pasted 项目/约定 table, which asks before changing an entry."""
    page.goto(f"{base_url}/calculators/prices/?units=A!100!6000!")
    assert wait_status(page) == "to_enter"  # not entered: 待补充, never 合同未约定
    answered = "Number(document.getElementById('calc-result').dataset.answers || 0)"

    def after(action, expected: str) -> str:
        """The status once the page answered the action with `expected`, or its last status after 20 s: a
        recompute the form's own input event scheduled before the action may answer first, with the old state."""
        before = page.evaluate(answered)
        action()
        poll(page, answered, lambda n: n > before, 20)
        try:
            return wait_status(page, {expected}, 20)
        except AssertionError:
            return wait_status(page)

    assert after(lambda: page.select_option("#f-sale_unstated", "true"), "unstated") == "unstated"
    poll(page, "location.search", lambda query: "sale_unstated=1" in query, 10)
    # the table states the rule and price: changing the mark the reader set is asked first — declined, nothing moves
    table = "项目\t约定\n合同对售价的规定\t单价不高于指导价\n出售指导价（元/平方米）\t5000\n合同未约定售价指导价\t"
    page.once("dialog", lambda dialog: dialog.dismiss())
    _paste_terms(page, table)
    assert page.input_value("#f-sale_unstated") == "true" and page.input_value("#f-guidance_sale_price") == ""
    assert "保持不变" in page.inner_text("#calc-term-note")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    assert after(lambda: _paste_terms(page, table), "fail") == "fail"  # entered: 6000 above the contract's 5000
    assert "合同未约定售价指导价" in asked[0] and page.input_value("#f-sale_rule") == "cap"
    # a cell 合同未约定 marks the term; an empty cell leaves it not entered; a cell a field cannot take: said there
    page.once("dialog", lambda dialog: dialog.accept())
    status = after(
        lambda: _paste_terms(page, "合同对售价的规定\t\n出售指导价\t合同未约定\n租金计价周期\t合同未约定"), "unstated"
    )
    assert status == "unstated" and page.input_value("#f-sale_unstated") == "true"
    assert _finding_status(page, "您注明合同未约定售价的指导价") == "unstated"
    assert "没有“合同未约定”的选项" in page.inner_text('[data-key="rent_period"]')
    page.once("dialog", lambda dialog: dialog.accept())
    assert after(lambda: _paste_terms(page, "合同对售价的规定\t\n合同未约定售价指导价\t"), "to_enter") == "to_enter"
