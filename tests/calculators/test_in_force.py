"""The one reading of dated values (calculators.parameters.in_force): parameters and region memberships alike."""

from __future__ import annotations

from calculators import parameters, regions
from calculators.parameters import in_force

DATED = {"2021-01-01": "first", "2022-06-01": "second", "2024-08-01": "third"}


def test_the_latest_start_not_after_the_date_is_in_force() -> None:
    assert in_force(DATED, "2022-05-31") == "first"
    assert in_force(DATED, "2022-06-01") == "second"  # in force from its start date, inclusive
    assert in_force(DATED, "2030-01-01") == "third"


def test_nothing_is_in_force_before_the_first_start() -> None:
    assert in_force(DATED, "2020-12-31") is None


def test_region_membership_follows_the_same_rule() -> None:
    """A county's 山区26县 membership on a date is the membership list whose start is the latest not after it."""
    group = next(g for g in parameters.regions()["groups"] if g["membership"])
    for start, entry in group["membership"].items():
        county = entry["members"][0]
        found = {m.group_id for m in regions.memberships(county, start)}
        assert group["id"] in found
