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
  if (el.dataset.tabSeen) return "again";
  el.dataset.tabSeen = "1";
  const style = getComputedStyle(el);
  return {name: el.getAttribute("name"), tag: el.tagName.toLowerCase(), inForm: !!el.closest("form"),
          ring: style.outlineStyle !== "none" && style.outlineWidth !== "0px" || style.boxShadow !== "none"}; })()"""
_CONTROLS = """[...document.querySelectorAll("#calc-form [name]")].filter(el => !el.disabled && el.type !== "hidden"
  && el.offsetParent !== null).map(el => el.getAttribute("name"))"""


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus comes round again; returns each element focused."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused == "again":
            break
        if focused is not None:
            seen.append(focused)
    return seen


@pytest.mark.parametrize("name", calculator_types())
def test_every_calculator_field_is_reached_by_tab_with_a_visible_focus(name: str, base_url: str, page) -> None:
    _visit(page, base_url, name)
    controls = set(page.evaluate(_CONTROLS))
    assert controls, "the calculator has no named form fields"
    reached = [f for f in tab_through(page) if f["name"] in controls]
    assert controls <= {f["name"] for f in reached}, "fields Tab never reaches"
    assert all(f["ring"] for f in reached), f"fields without a visible focus ring: {[f for f in reached if not f['ring']]}"
    live = page.evaluate("""(() => { const el = document.getElementById("calc-result");
        const region = el && (el.closest("[aria-live], [role=status], [role=alert]")
                              || el.querySelector("[aria-live], [role=status], [role=alert]"));
        return region ? region.innerText.trim().length : 0; })()""")
    assert live, "the verdict is not in an aria-live region, so screen readers do not hear it"


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
    assert wait_for_status(page, VERDICTS) == "review"
    verdict = page.evaluate("document.getElementById('calc-result').innerText")
    assert "（一）" in verdict or "第一条" in verdict or "(一)" in verdict, verdict[:300]
