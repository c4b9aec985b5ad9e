"""axe-core finds no violation on any page type (calculators with a result and with an error, desktop and phone),
and the calculators work from the keyboard alone, with labelled fields and results announced."""

from __future__ import annotations

from pathlib import Path

import pytest

from ._calculators import CASES, VERDICTS, wait_for_status
from ._site import PAGE_TYPES, PageRecorder, calculator_name, calculator_types

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
# Pages that look different on a phone (drawer navigation, stacked tables, the calculator form).
PHONE_TYPES = ["home", "clause", "calculator-land", "embed"]


def axe_violations(page) -> list[str]:
    """Run axe-core in the page, all default rules; evaluate() runs outside the CSP (a script tag would not)."""
    assert AXE.exists(), f"{AXE} missing: run npm ci"
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`))""")
    return list(found)


def _visit(page, base_url: str, name: str, state: int = 0) -> None:
    url = PAGE_TYPES[name]
    calculator = calculator_name(url)
    PageRecorder(page).visit(f"{base_url}/{url}" + (CASES[calculator][state] if calculator else ""))
    if calculator:
        wait_for_status(page, VERDICTS if state == 0 else {"error"})


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_has_no_axe_violations(name: str, base_url: str, page) -> None:
    _visit(page, base_url, name)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("name", calculator_types())
def test_calculator_showing_an_error_has_no_axe_violations(name: str, base_url: str, page) -> None:
    _visit(page, base_url, name, state=1)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("name", PHONE_TYPES)
def test_phone_width_has_no_axe_violations(name: str, base_url: str, page) -> None:
    page.set_viewport_size(PHONE)
    _visit(page, base_url, name)
    violations = axe_violations(page)
    assert not violations, "\n".join(violations)


def test_axe_reports_a_violation(base_url: str, page) -> None:
    """The gate can fail: an image without alt text on a real page is reported."""
    _visit(page, base_url, "home")
    page.evaluate("document.querySelector('main, body').append(Object.assign(document.createElement('img'), "
                  "{src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=', width: 10, height: 10}))")
    assert any(v.startswith("image-alt") for v in axe_violations(page))


_FOCUSED = """(() => { const el = document.activeElement; if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {name: el.getAttribute("name"), tag: el.tagName.toLowerCase(), type: el.type || "",
          inForm: !!el.closest("form"),
          ring: style.outlineStyle !== "none" && style.outlineWidth !== "0px" || style.boxShadow !== "none"}; })()"""
_CONTROLS = """[...document.querySelectorAll("form [name]")].filter(el => !el.disabled && el.type !== "hidden"
  && el.offsetParent !== null).map(el => el.getAttribute("name"))"""


def tab_through(page, limit: int = 300) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the last control; returns each focused element."""
    page.keyboard.press("Tab")
    seen, first = [], None
    for _ in range(limit):
        focused = page.evaluate(_FOCUSED)
        if focused is None or focused == first:
            break
        first = first or focused
        seen.append(focused)
        page.keyboard.press("Tab")
    return seen


@pytest.mark.parametrize("name", calculator_types())
def test_every_calculator_field_is_reached_by_tab_with_a_visible_focus(name: str, base_url: str, page) -> None:
    _visit(page, base_url, name)
    controls = set(page.evaluate(_CONTROLS))
    assert controls, "the calculator has no named form fields"
    reached = [f for f in tab_through(page) if f["inForm"]]
    assert controls <= {f["name"] for f in reached}, "fields Tab never reaches"
    assert all(f["ring"] for f in reached), f"fields without a visible focus ring: {[f for f in reached if not f['ring']]}"
    live = page.evaluate("(() => { const el = document.querySelector('[data-status]');"
                         " return !!(el && el.closest('[aria-live], [role=status], [role=alert]')); })()")
    assert live, "the verdict is not in an aria-live region, so screen readers do not hear it"


def test_land_calculator_by_keyboard_alone(base_url: str, page) -> None:
    """Tab to the area field, type 98, Tab to the county, type 淳安县: the verdict becomes review (clause 一)."""
    PageRecorder(page).visit(f"{base_url}/{PAGE_TYPES['calculator-land']}")
    page.keyboard.press("Tab")
    for field, text in (("area", "98"), ("county", "淳安县")):
        for _ in range(200):
            if page.evaluate("document.activeElement && document.activeElement.getAttribute('name')") == field:
                break
            page.keyboard.press("Tab")
        else:
            raise AssertionError(f"Tab never reaches the {field} field")
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)  # what an IME commits for Chinese
        page.keyboard.press("Tab")
    assert wait_for_status(page, VERDICTS) == "review"
