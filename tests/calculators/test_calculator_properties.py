"""Property tests (hypothesis): for any input the engine answers by the contract, and its arithmetic holds."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import calculators
from calculators import browser
from calculators.findings import STATUS_ORDER
from calculators.jsonio import answer

settings.register_profile("calculators", deadline=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("calculators")

NAMES = st.sampled_from(sorted(calculators.CALCULATORS))
CHINESE = re.compile(r"[\u4e00-\u9fff]")

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text()
any_json = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)
numberish = (
    st.integers(-(10**20), 10**20)
    | st.decimals(allow_nan=False, allow_infinity=False).map(str)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from(["1,000", "66,666.67", "1e3", "", " 5 ", "abc"])
    | st.booleans()
    | st.none()
)


def assert_contract(result: dict) -> None:
    """The JSON contract: a verdict with cited Chinese findings, or an error listing fields and Chinese messages."""
    json.dumps(result)
    if result["status"] == "error":
        assert result["errors"]
        for entry in result["errors"]:
            assert isinstance(entry["field"], str) and CHINESE.search(entry["message"])
        return
    assert result["status"] in STATUS_ORDER
    for finding in result["findings"]:
        assert 1 <= finding["clause"] <= 16 and finding["status"] in STATUS_ORDER
        assert CHINESE.search(finding["message"]) and finding["basis"] in (
            "notice",
            "reading",
            "contract",
            "local",
            "document",
        )
        if finding["basis"] == "reading":
            assert finding["message"].startswith("解读")


@given(NAMES, any_json)
def test_any_json_value_gives_a_verdict_or_a_clean_error(name: str, payload: object) -> None:
    assert_contract(calculators.run(name, payload))


@given(NAMES, st.text(max_size=200))
def test_any_text_on_the_command_line_gives_a_clean_answer(name: str, text: str) -> None:
    result, status = answer(name, text)
    assert_contract(result)
    assert status == (2 if result["status"] == "error" else 0)


@given(st.text(max_size=200) | any_json.map(json.dumps))
def test_any_request_text_in_the_browser_gives_json_text(text: str) -> None:
    assert_contract(json.loads(browser.handle(text)))


def land_payloads() -> st.SearchStrategy[dict]:
    keys = {
        "area": numberish,
        "unit": st.sampled_from(["mu", "m2", "ha", "亩", "公顷", "x"]) | json_scalars,
        "county": st.sampled_from(["淳安县", "余杭区", "洞头区", "淳安", "杭州市"]) | json_scalars,
        "manufacturing": st.booleans() | json_scalars,
        "new": st.booleans() | json_scalars,
        "local_min_area_mu": numberish,
    }
    return st.fixed_dictionaries({}, optional=keys)


@given(land_payloads())
def test_nearly_valid_land_inputs_never_break_the_contract(payload: dict) -> None:
    assert_contract(calculators.run("land", payload))
    assert_contract(calculators.run("plan", {"land": payload}))


def exact_decimals(max_value: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=Decimal("0.0001"), max_value=max_value, places=4)


@given(
    exact_decimals(10**7),
    st.sampled_from(["mu", "m2", "ha"]),
    st.sampled_from(["余杭区", "淳安县", "嵊泗县", "象山县"]),
)
def test_land_figures_are_exact_and_the_verdict_follows_them(area: Decimal, unit: str, county: str) -> None:
    result = calculators.run("land", {"area": str(area), "unit": unit, "county": county})
    factor = {"mu": Fraction(1), "m2": Fraction(15, 10000), "ha": Fraction(15)}[unit]
    area_mu = Fraction(area) * factor
    assert Fraction(Decimal(result["area_mu_exact"])) == area_mu
    assert Decimal(result["area_mu"]) == Decimal(result["area_mu_exact"]).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    relaxed = county in ("淳安县", "嵊泗县")
    expected = "pass" if area_mu >= 100 else ("review" if relaxed else "fail")
    assert result["status"] == expected


@given(
    exact_decimals(200),
    exact_decimals(200),
    st.sampled_from(["mu", "m2", "ha"]),
    st.sampled_from(["余杭区", "淳安县", "洞头区", "平阳县"]),
    st.none() | st.integers(1, 99),
)
def test_more_area_never_turns_a_land_pass_into_a_fail(
    a: Decimal, b: Decimal, unit: str, county: str, local: int | None
) -> None:
    smaller, larger = sorted((a, b))
    rank = {"fail": 0, "review": 1, "pass": 2}

    def status(area: Decimal) -> str:
        payload = {"area": str(area), "unit": unit, "county": county}
        if local is not None:
            payload["local_min_area_mu"] = local
        return calculators.run("land", payload)["status"]

    assert rank[status(larger)] >= rank[status(smaller)]


@st.composite
def consistent_ratios(draw: st.DrawFn) -> dict:
    """Areas in cents that fit together (sale + self-held ≤ total, rental ≤ self-held), and a few tenants."""
    total = draw(st.integers(1, 10**11))
    sale = draw(st.integers(0, total))
    held = draw(st.integers(0, total - sale))
    rental = draw(st.integers(0, held))
    tenants = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.text(st.characters(categories=["L"]), min_size=1, max_size=5),
                    "area": st.integers(1, 1000),
                    "leading_industry": st.booleans(),
                    "manufacturing": st.booleans(),
                }
            ),
            max_size=6,
        )
    )
    cents = lambda value: f"{value // 100}.{value % 100:02d}"  # noqa: E731
    return {
        "total_area": cents(total),
        "sale_area": cents(sale),
        "self_held_area": cents(held),
        "rental_area": cents(rental),
        "tenants": tenants,
    }


@given(consistent_ratios())
def test_ratio_percentages_stay_within_0_and_100(payload: dict) -> None:
    result = calculators.run("ratios", payload)
    if result["status"] == "error":  # the tenants' areas may exceed a small total
        assert [e["field"] for e in result["errors"]] == ["tenants"]
        return
    assert_contract(result)
    for key, value in result.items():
        if key.endswith("_pct") or "_pct_by_" in key:
            assert value is None or Decimal(0) <= Decimal(value) <= Decimal(100), (key, value)


@given(st.integers(1, 10**6), st.integers(0, 100), st.lists(st.integers(1, 3 * 10**6), min_size=1, max_size=8))
def test_prices_over_the_cap_are_exactly_those_above_guidance_times_one_plus_float(
    guidance: int, float_pct: int, prices: list[int]
) -> None:
    units = [{"id": f"U{i}", "area": 10 + i, "sale_price": price} for i, price in enumerate(prices)]
    payload = {"sale_rule": "cap_float", "guidance_sale_price": guidance, "sale_float_pct": float_pct, "units": units}
    result = calculators.run("prices", payload)
    cap = Fraction(guidance) * (1 + Fraction(float_pct, 100))
    assert [unit["sale_over"] for unit in result["units"]] == [price > cap for price in prices]
    assert result["units_outside"] == sum(price > cap for price in prices)
    assert result["status"] == ("fail" if any(price > cap for price in prices) else "pass")
    weighted = sum(Fraction(u["area"]) * u["sale_price"] for u in units) / sum(u["area"] for u in units)
    assert Decimal(result["average_sale_price"]) == (
        Decimal(weighted.numerator) / Decimal(weighted.denominator)
    ).quantize(Decimal("0.01"), ROUND_HALF_UP)


@given(st.sampled_from([part.NAME for part in calculators.registry.in_plan()]), any_json)
def test_a_plan_part_answers_like_its_own_calculator(name: str, payload: object) -> None:
    """plan's findings for one part are that part's findings: one engine, never two answers."""
    alone = calculators.run(name, payload)
    in_plan = calculators.run("plan", {name: payload})
    if alone["status"] == "error":
        assert in_plan["status"] == "error"
    else:
        assert in_plan["results"][name] == alone
        assert list(in_plan["findings"]) == [{**f, "calculator": name} for f in alone["findings"]]


def mostly(right: st.SearchStrategy, wrong: st.SearchStrategy) -> st.SearchStrategy:
    """Right nine times in ten (st.one_of would weigh each branch of a nested one_of equally)."""
    return st.integers(0, 9).flatmap(lambda n: wrong if n == 0 else right)


def plausible(field: dict) -> st.SearchStrategy:
    """Values a form or a hurried user might send for a described field: mostly right, sometimes wrong."""
    kind = field["type"]
    if kind == "number":
        return mostly(st.integers(1, 10**6) | st.decimals("0.01", "1000000", places=2).map(str), numberish)
    if kind == "select":
        return mostly(
            st.sampled_from([o["value"] for o in field["options"]] + list(field.get("aliases", {}))), json_scalars
        )
    if kind == "boolean":
        return mostly(st.booleans(), json_scalars)
    if kind == "text":
        return mostly(st.text(min_size=1, max_size=8) | st.integers(), json_scalars)
    if kind == "table":
        return mostly(st.lists(described(field["columns"]), max_size=4), json_scalars)
    if kind == "document":
        return mostly(st.dictionaries(st.text(max_size=8), any_json, max_size=4), json_scalars)
    return mostly(described(field["fields"]), json_scalars)


def described(fields: list[dict]) -> st.SearchStrategy[dict]:
    """A payload for these described fields: required keys usually present, the others sometimes."""
    required = {f["key"]: plausible(f) for f in fields if f["required"]}
    optional = {f["key"]: plausible(f) for f in fields if not f["required"]}
    return mostly(
        st.fixed_dictionaries(required, optional=optional), st.fixed_dictionaries({}, optional={**required, **optional})
    )


@cache
def form_strategy(name: str) -> st.SearchStrategy[dict]:
    return described(calculators.describe()[name]["fields"])


@given(st.data())
def test_inputs_shaped_like_the_described_forms_never_break_the_contract(data: st.DataObject) -> None:
    name = data.draw(NAMES)
    result = calculators.run(name, data.draw(form_strategy(name)))
    assert_contract(result)
    event(f"{name}: {result['status']}")
