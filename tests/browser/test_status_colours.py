"""One status stylesheet: the self-check's counts, attention list and answers take each status's colour from
calculators.css (data-status), an answer's outcome coloured as the status the engine gives it. (selfcheck.css's
own set named colours that were never defined, so they all showed in the text colour.)"""

from __future__ import annotations

from sitetools import fill_example

COLOURS = """(() => {
  const colour = (selector, property = "color") => {
    const node = document.querySelector(selector);
    return node && getComputedStyle(node)[property];
  };
  return {
    text: colour(".sc-report-item .sc-item-text"),
    badge: colour(".sc-summary .calc-status", "backgroundColor"),
    noChip: colour(".sc-counts .sc-outcome-no"),
    noAnswer: colour(".sc-report-item .sc-outcome-no"),
    failCheck: colour(".sc-check-counts .sc-status-fail"),
    attention: colour(".sc-attention", "borderLeftColor"),
  };
})()"""


def test_the_self_checks_statuses_and_outcomes_show_in_their_status_colour(page, base_url: str) -> None:
    page.goto(f"{base_url}/calculators/selfcheck/")
    assert fill_example(page) == "fail"  # the worked example (填入示例): 不符合, with a plan that fails
    colours = page.evaluate(COLOURS)
    fail = colours["badge"]  # 不符合's colour, as calculators.css keys it
    assert fail != colours["text"]
    assert colours["noChip"] == colours["noAnswer"] == colours["failCheck"] == colours["attention"] == fail, colours
