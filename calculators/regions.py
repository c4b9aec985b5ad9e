"""Zhejiang's county-level divisions by official name, their former names, and their dated membership of
山区26县 and 海岛县."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from . import parameters

SUFFIXES = ("畲族自治县", "自治县", "县", "市", "区")


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
    since: str = ""  # when this list took effect, as known ("2024-08")
    of_notice: bool = True  # the list in force when the notice was issued: the one the notice means


def _membership(group: dict[str, Any], start: str, entry: dict[str, Any]) -> Membership:
    """One dated list of a group. The notice means the list in force when it was issued; a later list is a working
    list of its own, named with its own source and date, its caveat its own note (below H: shown with it)."""
    at_notice = parameters.in_force(group["membership"], parameters.notice_date())
    of_notice = entry is at_notice
    own = f"{entry['name']}的可信度为 {entry['confidence']}：{entry['note']}"
    caveat = group.get("caveat", "") if of_notice else own
    return Membership(
        group["id"], entry["name"], entry["source"], entry["confidence"], caveat, shown_date(start, entry), of_notice
    )


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


def _stem(name: str) -> str:
    """The name without its 县/市/区 ending: 淳安县 → 淳安."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def suggestions(text: str, limit: int = 5) -> list[str]:
    """Official names the text is a form of (淳安 → 淳安县; 杭州市 → its divisions). Never a name that merely
    sounds alike: 江干区 is not 衢江区."""
    text = text.strip()
    if text in cities():
        return [c.name for c in counties().values() if c.city == text][:limit]
    stem = _stem(text)
    return [name for name in counties() if stem and (name.startswith(text) or _stem(name) == stem)][:limit]


def former(text: str) -> dict[str, Any] | None:
    """The record of a former (or split) name, e.g. 江干区 → 上城区、钱塘区 (2021-04); None if it is not one."""
    records = parameters.regions().get("former_names", {})
    for entry in records.get("names", []) + records.get("split_but_kept", []):
        if entry["name"] == text.strip() or _stem(entry["name"]) == _stem(text.strip()) == text.strip():
            return dict(entry)
    return None


def former_hint(entry: dict[str, Any]) -> str:
    """Where a former name went, in words, with the successors to choose from."""
    when = f"{entry['when']} 起已调整：" if entry.get("when") else ""
    became = entry["became"]
    choose = f"请选择 {became[0]}" if len(became) == 1 else f"请按项目所在位置选择 {' 或 '.join(became)}"
    confidence = parameters.regions()["former_names"]["confidence"]
    return f"“{entry['name']}”{when}{entry['note']}。{choose}（区划沿革据公开报道整理，可信度 {confidence}）"


def hint(text: str) -> str:
    """What to say when `text` is not an official county-level name: its successors, its forms, or the rule."""
    text = text.strip()
    if text in cities():
        return f"{text}是设区的市，请选择其下的县（市、区），例如：{'、'.join(suggestions(text))}"
    moved = former(text)
    if moved is not None:
        return former_hint(moved)
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
            start = next(key for key, value in group["membership"].items() if value is entry)
            found.append(_membership(group, start, entry))
    return found


def _named_by(clause: int) -> list[dict[str, Any]]:
    return [group for group in parameters.regions()["groups"] if group["clause"] == clause]


def groups(clause: int) -> list[str]:
    """The ids of the groups a clause names, e.g. ["mountain-26", "island"] for clause (一)."""
    return [group["id"] for group in _named_by(clause)]


def named(clause: int, joiner: str) -> str:
    """The groups a clause names, as the notice names them (policy/regions.yaml): "山区26县和海岛县"."""
    return joiner.join(group["name"] for group in _named_by(clause))


def later_changes(county: str, group_id: str, date: str) -> list[str]:
    """Changes to the county's membership after `date`, in words, e.g. ["2024-08 起不在山区海岛25县名单中"]."""
    return changes_between(county, group_id, date, "9999-12-31")


def changes_between(county: str, group_id: str, start_date: str, end_date: str) -> list[str]:
    """Changes to the county's membership after `start_date` up to `end_date`, in words."""
    group = next(g for g in parameters.regions()["groups"] if g["id"] == group_id)
    entry = parameters.in_force(group["membership"], start_date)
    was_in = entry is not None and county in entry["members"]
    changes = []
    for start in sorted(group["membership"]):
        if start <= start_date or start > end_date:
            continue
        later = group["membership"][start]
        now_in = county in later["members"]
        if now_in != was_in:
            changes.append(f"{shown_date(start, later)} 起{_change_words(later, now_in)}")
            was_in = now_in
    return changes


def shown_date(start: str, entry: dict[str, Any]) -> str:
    """A membership's start as known: "2024-08" when only the month is known, else the ISO date."""
    return start[:7] if entry.get("known_to") == "month" else start


def _change_words(entry: dict[str, Any], now_in: bool) -> str:
    return f"列入{entry['name']}" if now_in else f"不在{entry['name']}中"
