"""Dates and numbers as people write them are read by the engine (so the command line and the browser agree):
2022年6月1日, 2022/6/1 and 2022.6.1 as 2022-06-01; 6万 and 1.2万平方米 in a field in 平方米 as 60000 and 12000.
What is not understood is refused with a message naming the forms that are."""

from __future__ import annotations

import re

import pytest

import calculators
from calculators.chinese import iso_date

WRITTEN = ["2022-06-01", "2022-6-1", "2022/6/1", "2022.6.1", "2022年6月1日", "2022 年 6 月 1 日"]


@pytest.mark.parametrize("written", WRITTEN)
def test_a_date_as_written_is_the_iso_date(written: str) -> None:
    assert iso_date(written) == "2022-06-01"


@pytest.mark.parametrize("written", ["2022/13/1", "2022年2月30日", "6/1/2022", "2022-6", "昨天"])
def test_a_date_that_is_not_one_names_the_accepted_forms(written: str) -> None:
    with pytest.raises(ValueError, match=re.escape("可写作 2022-06-01、2022/6/1、2022.6.1 或 2022年6月1日")):
        iso_date(written)


def _land(**given: object) -> dict:
    return calculators.run("land", {"area": 98, "unit": "mu", "county": "淳安县", **given})


def test_the_land_date_as_written_gives_the_same_verdict() -> None:
    assert _land(project_date="2022年6月1日") == _land(project_date="2022-06-01")
    refused = _land(project_date="2022/13/1")
    assert refused["status"] == "error" and "2022年6月1日" in refused["errors"][0]["message"]


def test_the_self_checks_date_as_written_is_kept_as_a_date() -> None:
    report = calculators.run("selfcheck", {"role": "party-tenant", "project": {"date": "2026/11/30"}})
    assert report["project"]["date"] == "2026-11-30"


def _ratios(total_area: object) -> dict:
    example = dict(calculators.describe()["ratios"]["example"])
    return calculators.run("ratios", {**example, "total_area": total_area})


@pytest.mark.parametrize("written", ["6万", "6 万", "6万平方米", "6万㎡", "60000m²", "60,000 平方米"])
def test_wan_and_the_fields_unit_are_read(written: str) -> None:
    assert _ratios(written) == _ratios(60000), written


def test_a_unit_other_than_the_fields_is_refused_saying_the_forms() -> None:
    answer = _ratios("6万亩")
    assert answer["status"] == "error"
    assert "可写作 12000、12,000 或 1.2万" in answer["errors"][0]["message"]


def test_wan_beyond_the_bounds_is_refused_not_a_traceback() -> None:
    answer = _ratios("1e999999999万")
    assert answer["status"] == "error" and "过大" in answer["errors"][0]["message"]


def test_land_area_given_twice_must_agree_before_any_verdict() -> None:
    """用地面积 in the plan's land part and its 容积率 part is one plot: two values are refused beside the second."""
    example = calculators.describe()["plan"]["example"]
    assert example["far"]["area"] == example["land"]["area"]
    same_in_m2 = {**example["far"], "area": "65333.3333333333", "unit": "m2"}  # not exactly 98 亩
    refused = calculators.run("plan", {**example, "far": same_in_m2})
    assert refused["status"] == "error"
    assert [e["field"] for e in refused["errors"]] == ["far.area"] and "98 亩" in refused["errors"][0]["message"]
    assert calculators.run("plan", example)["status"] != "error"
    # The same area in another unit is the same plot: 15 亩 is exactly 10000 平方米.
    land, far = {**example["land"], "area": 15}, {**example["far"], "area": 10000, "unit": "m2"}
    assert calculators.run("plan", {**example, "land": land, "far": far})["status"] != "error"
