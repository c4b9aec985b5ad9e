"""Percentage fields take what people type: "60%" (or the full-width "60％") means the same as 60."""

from __future__ import annotations

import calculators


def _ratios(self_held_pct: str = "60", total_area: object = 60000) -> dict:
    example = dict(calculators.describe()["ratios"]["example"])
    example["contract"] = {**example["contract"], "min_self_held_pct": self_held_pct}
    example["total_area"] = total_area
    return calculators.run("ratios", example)


def test_a_percent_sign_is_read_as_the_field_unit() -> None:
    plain = _ratios("60")
    for typed in ("60%", "60％", " 60 % "):
        answer = _ratios(typed)
        assert answer["status"] != "error", (typed, answer.get("errors"))
        assert answer == plain, typed


def test_a_percent_sign_elsewhere_is_still_refused() -> None:
    answer = _ratios(total_area="1000%")  # an area is not a percentage
    assert answer["status"] == "error"
    assert any("不是数字" in problem["message"] for problem in answer["errors"])
