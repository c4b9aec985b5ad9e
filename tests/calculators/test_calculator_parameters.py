"""Parameters and regions are data with citations; the engine reads exactly them; describe() is the form's source."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from types import SimpleNamespace

import pytest

import calculators
from calculators import land, parameters, regions
from sitegen.loading.errors import PolicyDataError
from sitegen.loading.schemas import load_and_validate
from sitegen.runtime.engine_data import engine_data, write_engine_data

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "policy"
README_MOUNTAIN_2021 = (
    "淳安县 永嘉县 平阳县 苍南县 文成县 泰顺县 武义县 磐安县 柯城区 衢江区 江山市 常山县 开化县 龙游县 三门县 天台县 "
    "仙居县 莲都区 龙泉市 青田县 云和县 庆元县 缙云县 遂昌县 松阳县 景宁畲族自治县"
).split()
README_ISLANDS = "定海区 普陀区 岱山县 嵊泗县 洞头区 玉环市".split()


def stand_in_policy() -> SimpleNamespace:
    """policy/parameters and policy/regions.yaml validated by their schemas, as load_policy hands them over."""
    params = {}
    for path in sorted((POLICY / "parameters").glob("*.yaml")):
        loaded, problems = load_and_validate(path, "parameter")
        assert problems == []
        params[path.stem] = loaded.data
    loaded, problems = load_and_validate(POLICY / "regions.yaml", "regions")
    assert problems == []
    return SimpleNamespace(parameters=params, regions=loaded.data, notice=SimpleNamespace(date="2022-06-01"))


def test_every_parameter_has_a_reference_with_a_clause_or_source_a_note_and_a_confidence() -> None:
    for name, record in parameters.load()["parameters"].items():
        reference = record["reference"]
        assert reference.get("clause") in range(1, 17) or reference.get("source"), name
        assert reference["note"] and reference["confidence"] in ("H", "M", "L"), name
        assert record["description"] and record["unit"] and record["values"], name


def test_the_land_rule_cites_the_clause_its_minimum_comes_from() -> None:
    from calculators import land, run

    assert parameters.parameter("land_min_area_mu")["reference"]["clause"] == land.CLAUSE
    verdict = run("land", {"area": 98, "unit": "mu", "county": "余杭区"})
    assert [finding["clause"] for finding in verdict["findings"]] == [land.CLAUSE], verdict


def test_the_engine_reads_exact_values_in_force_on_the_notices_date() -> None:
    assert parameters.notice_date() == "2022-06-01"
    assert parameters.value_at("land_min_area_mu") == 100
    assert parameters.value_at("m2_per_mu") == Fraction(10000, 15)
    assert parameters.value_at("mu_per_hectare") == 15
    assert parameters.value_at("majority_share") == Fraction(1, 2)
    assert parameters.parameter("majority_share")["reading"] is True
    assert parameters.parameter("land_min_area_mu")["reference"]["clause"] == 1


def test_ninety_divisions_in_eleven_cities_as_listed_in_the_reference() -> None:
    counties = regions.counties()
    assert len(counties) == 90 and len(regions.cities()) == 11
    assert (
        counties["龙港市"].city == "温州市"
        and counties["临平区"].city == "杭州市"
        and counties["钱塘区"].city == "杭州市"
    )
    assert "江干区" not in counties and "下城区" not in counties  # merged in 2021


def test_group_membership_is_dated_and_the_notice_date_reads_the_2021_set() -> None:
    date = parameters.notice_date()
    mountain = {c for c in regions.counties() if any(m.group_id == "mountain-26" for m in regions.memberships(c, date))}
    islands = {c for c in regions.counties() if any(m.group_id == "island" for m in regions.memberships(c, date))}
    assert mountain == set(README_MOUNTAIN_2021) and len(mountain) == 26
    assert islands == set(README_ISLANDS) and "象山县" not in islands
    later = {
        c for c in regions.counties() if any(m.group_id == "mountain-26" for m in regions.memberships(c, "2024-09-01"))
    }
    assert later == set(README_MOUNTAIN_2021) - {"平阳县", "柯城区", "莲都区"} | {"洞头区", "嵊泗县"}
    latest = {
        c for c in regions.counties() if any(m.group_id == "mountain-26" for m in regions.memberships(c, "2026-01-01"))
    }
    assert latest == later - {"永嘉县", "苍南县", "江山市"}
    assert regions.later_changes("平阳县", "mountain-26", date) == ["2024-08 起不在山区海岛25县中"]
    assert all(group.get("caveat") for group in parameters.regions()["groups"] if group["id"] == "island")


def test_the_engine_follows_the_data_not_constants_in_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Change the 100 亩 in the data and the verdict moves with it."""
    data = json.loads(parameters.DATA_FILE.read_text(encoding="utf-8"))
    data["parameters"]["land_min_area_mu"]["values"]["2022-06-01"]["value"] = "80"
    changed = tmp_path / "parameters.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(parameters, "DATA_FILE", changed)
    result = calculators.run("land", {"area": 90, "unit": "mu", "county": "余杭区"})
    assert result["status"] == "pass" and result["threshold_mu"] == "80"


def test_a_missing_parameters_file_names_the_command_that_makes_it(tmp_path: Path) -> None:
    with pytest.raises(parameters.ParametersMissing, match=r"python build\.py data"):
        parameters.load(tmp_path / "nothing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(parameters.ParametersMissing, match=r"python build\.py data"):
        parameters.load(broken)


def test_engine_data_is_deterministic_sorted_and_written_atomically(tmp_path: Path) -> None:
    target = tmp_path / "data" / "parameters.json"
    first = write_engine_data(stand_in_policy(), target).read_bytes()
    second = write_engine_data(stand_in_policy(), target).read_bytes()
    assert first == second and list(target.parent.iterdir()) == [target]
    document = json.loads(first)
    assert list(document) == sorted(document)
    assert document["parameters"]["m2_per_mu"]["values"]["1959-06-25"]["value"] == "10000/15"
    assert document["parameters"]["land_min_area_mu"]["values"]["2022-06-01"]["value"] == "100"  # text, never a float


@pytest.mark.parametrize(
    "damage, field, says",
    [
        (lambda r: r["cities"][0]["counties"].append("余杭区"), "cities[0].counties", "listed twice"),
        (lambda r: r["cities"][0]["counties"].remove("淳安县"), "cities", "89 county-level divisions"),
        (
            lambda r: r["groups"][0]["membership"]["2021-01-01"]["members"].append("北京区"),
            "groups[0].membership.2021-01-01.members",
            "not one of the divisions",
        ),
    ],
)
def test_regions_that_disagree_stop_the_build_naming_file_and_field(damage, field: str, says: str) -> None:
    policy = stand_in_policy()
    damage(policy.regions)
    with pytest.raises(PolicyDataError) as caught:
        engine_data(policy)
    assert any(p.field == field and says in p.message and p.file.name == "regions.yaml" for p in caught.value.problems)


def test_a_missing_parameter_file_stops_the_build() -> None:
    policy = stand_in_policy()
    del policy.parameters["majority_share"]
    with pytest.raises(PolicyDataError, match="majority_share"):
        engine_data(policy)


def test_describe_declares_every_field_the_validation_uses() -> None:
    described = calculators.describe()
    json.dumps(described)
    assert list(described) == list(calculators.registry.calculators())
    allowed = {"number", "select", "boolean", "text", "table", "object", "document"}
    for entry in described.values():
        assert entry["title"] and entry["summary"] and all(1 <= c <= 16 for c in entry["clauses"])
        stack = list(entry["fields"])
        while stack:
            field = stack.pop()
            assert field["type"] in allowed and field["label"] and field["help"], field["key"]
            assert field["clause"] is None or 1 <= field["clause"] <= 16
            stack += field.get("columns", []) + field.get("fields", [])
    county = next(f for f in described["land"]["fields"] if f["key"] == "county")
    assert len(county["options"]) == 90 and {o["group"] for o in county["options"]} == set(regions.cities())
    assert [f["key"] for f in described["plan"]["fields"]] == [part.NAME for part in calculators.registry.in_plan()] + [
        "clause6"
    ]
    assert described["plan"]["fields"][0]["fields"] == described["land"]["fields"]
    for name, entry in described.items():
        assert calculators.run(name, entry["example"])["status"] != "error", name


def test_every_declared_field_is_accepted_and_an_undeclared_one_is_refused() -> None:
    fields = {f["key"] for f in calculators.describe()["land"]["fields"]}
    assert fields == {spec.key for spec in land.fields()}
    result = calculators.run(
        "land",
        {"area": 120, "unit": "mu", "county": "余杭区", "manufacturing": True, "new": True, "local_min_area_mu": None},
    )
    assert result["status"] == "pass"
    assert (
        calculators.run("land", {"area": 120, "unit": "mu", "county": "余杭区", "colour": "red"})["errors"][0]["field"]
        == "colour"
    )


def test_labels_name_every_status_and_basis_in_chinese() -> None:
    labels = calculators.labels()
    assert set(labels["status"]) == {
        "pass",
        "fail",
        "outside",
        "unstated",
        "to_enter",
        "review",
        "not_applicable",
        "error",
    }
    assert labels["status"]["to_enter"] == "待补充" and labels["status"]["outside"] == "超出所填限值"
    assert labels["basis"]["reading"] == "解读"
