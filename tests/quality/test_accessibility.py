"""axe-core finds no violation on any page type (calculators with a result and with an error, desktop and phone),
and the calculators work from the keyboard alone, with labelled fields and results announced."""

from __future__ import annotations

import pytest

from sitetools import axe_violations

from ._calculators import wait_for_status
from ._site import PAGE_TYPES, PageRecorder, calculator_types

# Pages that look different on a phone (drawer navigation, stacked tables, the calculator form).
PHONE_TYPES = ["home", "clause", "calculator-land", "embed"]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_axe_violations(name: str, visits) -> None:
    violations = visits.get(name).axe
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("name", calculator_types())
def test_calculator_showing_an_error_has_no_axe_violations(name: str, visits) -> None:
    visit = visits.get(name, state=1)
    assert visit.status == "error"
    assert not visit.axe, "\n".join(visit.axe)


@pytest.mark.parametrize("name", PHONE_TYPES)
def test_phone_width_has_no_axe_violations(name: str, visits) -> None:
    violations = visits.get(name, phone=True).axe
    assert not violations, "\n".join(violations)


def test_axe_reports_a_violation(base_url: str, page) -> None:
    """The gate can fail: an image without alt text on a real page is reported."""
    PageRecorder(page).visit(f"{base_url}/")
    page.evaluate(
        "document.querySelector('main, body').append(Object.assign(document.createElement('img'), "
        "{src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', width: 10, height: 10}))"
    )
    assert any(v.startswith("image-alt") for v in axe_violations(page))


@pytest.mark.parametrize("name", calculator_types())
def test_every_calculator_field_is_reached_by_tab_with_a_visible_focus(name: str, visits) -> None:
    visit = visits.get(name)
    controls = set(visit.controls)
    assert controls, "the calculator has no named form fields"
    reached = [f for f in visit.tabbed if f["name"] in controls]
    assert controls <= {f["name"] for f in reached}, "fields Tab never reaches"
    assert all(f["ring"] for f in reached), (
        f"fields without a visible focus ring: {[f for f in reached if not f['ring']]}"
    )
    assert visit.live_text, "the verdict is not in an aria-live region, so screen readers do not hear it"


def _tab_to(page, field: str) -> None:
    for _ in range(200):
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('name')") == field:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reaches the {field} field")


def test_land_calculator_by_keyboard_alone(base_url: str, page) -> None:
    """Tab to the area field, type 98, choose 亩 and 淳安县 with the arrow keys: review, citing clause (一)."""
    PageRecorder(page).visit(f"{base_url}/{PAGE_TYPES['calculator-land']}")
    page.keyboard.press("Tab")
    _tab_to(page, "area")
    page.keyboard.press("Control+A")
    page.keyboard.type("98")
    for field, value in (("unit", "mu"), ("county", "淳安县")):
        _tab_to(page, field)
        page.keyboard.press("Home")
        for _ in range(120):  # a closed <select> steps through its options with the arrow keys
            if page.evaluate("document.activeElement.value") == value:
                break
            page.keyboard.press("ArrowDown")
        else:
            raise AssertionError(f"{value} cannot be chosen in {field} with the arrow keys")
    # The verdict of the final values (an earlier keystroke's verdict, e.g. 98 m², may show for a moment).
    assert wait_for_status(page, {"review"}) == "review"
    verdict = page.evaluate("document.getElementById('calc-result').innerText")
    assert "（一）" in verdict or "第一条" in verdict or "(一)" in verdict, verdict[:300]
