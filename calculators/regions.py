"""Zhejiang's county-level divisions by official name, and their dated membership of 山区26县 and 海岛县."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from . import parameters


@dataclass(frozen=True)
class County:
    """A county-level division (县, 县级市 or 市辖区) and the city it belongs to."""

    name: str
    city: str


@dataclass(frozen=True)
class Membership:
    """A county's membership of a group as it stood on a date, with what is known of the source."""

    group_id: str
    name: str  # the group's name at that date, e.g. 山区26县
    source: str
    confidence: str
    caveat: str  # "" when none


@cache
def counties() -> dict[str, County]:
    """Every county-level division, by official name, in the order of policy/regions.yaml."""
    found: dict[str, County] = {}
    for city in parameters.regions()["cities"]:
        for kind in ("districts", "county_cities", "counties"):
            for name in city[kind]:
                found[name] = County(name, city["name"])
    return found


def cities() -> list[str]:
    """The 11 cities, in order."""
    return [city["name"] for city in parameters.regions()["cities"]]


def suggestions(text: str, limit: int = 5) -> list[str]:
    """Official names closest to what was typed (淳安 → 淳安县; 杭州市 → its divisions)."""
    text = text.strip()
    names = list(counties())
    if text in cities():
        return [c.name for c in counties().values() if c.city == text][:limit]
    starts = [name for name in names if text and (name.startswith(text) or text.startswith(name[:-1]))]
    close = difflib.get_close_matches(text, names, n=limit, cutoff=0.5)
    return list(dict.fromkeys(starts + close))[:limit]


def hint(text: str) -> str:
    """What to say when `text` is not an official county-level name: the closest names, or what is expected."""
    if text in cities():
        return f"{text}是设区的市，请选择其下的县（市、区），例如：{'、'.join(suggestions(text))}"
    close = suggestions(text)
    if close:
        return f"不是浙江省县级行政区的正式名称；您是否要找：{'、'.join(close)}？"
    return "不是浙江省县级行政区的正式名称；请使用正式名称，例如 淳安县、余杭区、义乌市"


def memberships(county: str, date: str, clause: int | None = None) -> list[Membership]:
    """The groups the county belonged to on `date` (optionally only groups named by one clause)."""
    found = []
    for group in parameters.regions()["groups"]:
        if clause is not None and group["clause"] != clause:
            continue
        entry = parameters.in_force(group["membership"], date)
        if entry is not None and county in entry["members"]:
            found.append(
                Membership(group["id"], entry["name"], entry["source"], entry["confidence"], group.get("caveat", ""))
            )
    return found


def later_changes(county: str, group_id: str, date: str) -> list[str]:
    """Changes to the county's membership after `date`, in words, e.g. ["2024-08-01 起不在山区海岛25县中"]."""
    group = next(g for g in parameters.regions()["groups"] if g["id"] == group_id)
    entry = parameters.in_force(group["membership"], date)
    was_in = entry is not None and county in entry["members"]
    changes = []
    for start in sorted(group["membership"]):
        if start <= date:
            continue
        later = group["membership"][start]
        now_in = county in later["members"]
        if now_in != was_in:
            changes.append(f"{start} 起{'列入' if now_in else '不在'}{later['name']}{'' if now_in else '名单中'}")
            was_in = now_in
    return changes
