"""Issue 24's "Why", one test each: the engine says no more than the notice, the contract as entered, or a figure
from another document named as such. Each fails on the engine before issue 24."""

from __future__ import annotations

from pathlib import Path

import yaml

import calculators
from calculators import selfcheck

TENANTS_10_PCT = [  # one of two firms manufacturing, with 10 % of the area
    {"name": "甲", "area": 100, "leading_industry": False, "manufacturing": True},
    {"name": "乙", "area": 900, "leading_industry": True, "manufacturing": False},
]


def _codes(result: dict, check: str) -> list[tuple[str, str]]:
    return [(f["status"], f["code"]) for f in result["findings"] if f["check"] == check]


def test_a_zero_percent_contract_minimum_never_passes_clause_9() -> None:
    result = calculators.run(
        "ratios",
        {
            "total_area": 1000,
            "sale_area": 0,
            "self_held_area": 1000,
            "industrial_land": True,
            "contract": {"min_manufacturing_pct": 0},
            "tenants": TENANTS_10_PCT,
        },
    )
    # the notice's own 以制造业小微企业为主 is checked whatever the contract says; the 0 % term is only beside it
    assert _codes(result, "ratios.manufacturing") == [
        ("fail", "ratios.manufacturing.below_reading"),
        ("pass", "ratios.manufacturing.meets_contract"),
    ]
    assert result["status"] == "fail"


def test_the_rent_sale_ratio_counts_no_square_metre_twice_and_says_so() -> None:
    result = calculators.run(
        "ratios",
        {
            "total_area": 10000,
            "sale_area": 6000,
            "self_held_area": 4000,
            "rental_area": 9000,  # unsold space let meanwhile
            "contract": {"rent_sale_rent": 6, "rent_sale_sale": 4},
        },
    )
    [finding] = [f for f in result["findings"] if f["check"] == "ratios.rent_sale"]
    assert finding["status"] == "fail" and "每平方米只计一次" in finding["message"]
    assert "60%" in finding["message"] and "40%" in finding["message"]


def test_far_beyond_planning_bounds_is_its_own_outcome_never_a_fail_of_clause_4() -> None:
    above = calculators.run("far", {"area": 100, "unit": "mu", "floor_area": 300000, "max_far": 3})
    [finding] = above["findings"]
    assert (finding["status"], finding["basis"]) == ("outside", "document")
    assert "您填写的规划条件" in finding["message"] and "不是通知的规定" in finding["message"]
    bare = calculators.run("far", {"area": 100, "unit": "mu", "floor_area": 300000})
    assert bare["status"] == "not_applicable" and "通知未规定容积率数值" in bare["findings"][0]["message"]
    report = calculators.run(
        "selfcheck", {"role": "party-developer", "plan": {"far": {**selfcheck.EXAMPLE["plan"]["far"]}}}
    )
    assert not [c for c in report["left_to_contract"]["checks"] if c.startswith("far.")]


def test_no_default_basis_decides_the_leading_industry_share() -> None:
    tenants = [
        {"name": n, "area": a, "leading_industry": lead, "manufacturing": True}
        for n, a, lead in (("甲", 900, True), ("乙", 50, False), ("丙", 50, False))
    ]
    base = {"total_area": 1000, "sale_area": 0, "self_held_area": 1000, "tenants": tenants}
    unsaid = calculators.run("ratios", {**base, "contract": {"min_leading_industry_pct": 60}})
    assert _codes(unsaid, "ratios.leading_industry") == [("to_enter", "ratios.leading_industry.basis_needed")]
    assert (unsaid["leading_industry_pct_by_count"], unsaid["leading_industry_pct_by_area"]) == ("33.33", "90.00")
    by_area = calculators.run("ratios", {**base, "contract": {"min_leading_industry_pct": 60, "basis": "area"}})
    assert _codes(by_area, "ratios.leading_industry") == [("pass", "ratios.leading_industry.meets")]


def test_unstated_only_with_the_users_mark_and_otherwise_to_enter() -> None:
    base = {"total_area": 100, "sale_area": 40, "self_held_area": 60}
    entered_ratio = calculators.run("ratios", {**base, "contract": {"rent_sale_rent": 6, "rent_sale_sale": 4}})
    assert _codes(entered_ratio, "ratios.rent_sale") == [("pass", "ratios.rent_sale.meets")]  # no rental area needed
    not_entered = calculators.run("ratios", base)
    assert _codes(not_entered, "ratios.self_held") == [("to_enter", "ratios.self_held.to_enter")]
    marked = calculators.run("ratios", {**base, "contract": {"self_held_unstated": True}})
    assert _codes(marked, "ratios.self_held") == [("unstated", "ratios.self_held.not_agreed")]
    both = calculators.run("ratios", {**base, "contract": {"self_held_unstated": True, "min_self_held_pct": 50}})
    assert both["errors"][0]["field"] == "contract.self_held_unstated"
    price = calculators.run("prices", {"guidance_sale_price": 5000, "units": [{"id": "A", "area": 1, "sale_price": 1}]})
    assert price["status"] == "to_enter"
    plan = calculators.run("plan", {"ratios": base})
    assert "合同确实没有约定的，即未做到" not in " ".join(f["message"] for f in plan["findings"])
    assert plan["status"] == "to_enter"


def test_a_term_entered_is_stated_even_where_its_check_cannot_run() -> None:
    """A leading-industry minimum without a tenant list: the contract states it (nothing to mark, nothing to enter
    for the contract), though the share cannot be computed yet."""
    contract = {"min_self_held_pct": 50, "max_sale_pct": 50, "min_leading_industry_pct": 60}
    plan = calculators.run(
        "plan",
        {
            "ratios": {"total_area": 100, "sale_area": 40, "self_held_area": 60, "contract": contract},
            "prices": {
                "sale_rule": "cap",
                "guidance_sale_price": 5000,
                "units": [{"id": "A", "area": 1, "sale_price": 1}],
            },
        },
    )
    assert not [f for f in plan["findings"] if f["code"] == "plan.contract.incomplete"]
    assert "ratios.leading_industry" in [entry["check"] for entry in plan["not_run"]]  # no tenants: not run, said so


def test_the_guidance_price_has_three_states_and_only_the_mark_says_unstated() -> None:
    unit = {"units": [{"id": "A", "area": 1, "sale_price": 6000}]}
    entered = calculators.run("prices", {**unit, "sale_rule": "cap", "guidance_sale_price": 5000})
    assert _codes(entered, "prices.sale") == [("fail", "prices.sale.breaches")]
    not_entered = calculators.run("prices", {**unit, "guidance_sale_price": 5000})  # a price but no rule
    [waiting] = not_entered["findings"]
    assert (waiting["status"], waiting["code"]) == ("to_enter", "prices.sale.to_enter")
    assert "合同未约定售价指导价" in waiting["message"]  # says how to mark it, never marks it
    marked = calculators.run("prices", {**unit, "sale_unstated": True})
    assert _codes(marked, "prices.sale") == [("unstated", "prices.sale.not_agreed")]
    both = calculators.run("prices", {**unit, "sale_unstated": True, "sale_rule": "cap", "guidance_sale_price": 1})
    assert [e["field"] for e in both["errors"]] == ["sale_unstated"]
    # the plan's clause (八) term follows the mark: 合同未约定 with it, 待补充 without
    said = {
        mark: calculators.run("plan", {"prices": {**unit, "sale_unstated": mark, "rent_unstated": mark}})
        for mark in (True, False)
    }
    terms = {m: [f for f in plan["findings"] if f["code"] == "plan.contract.incomplete"] for m, plan in said.items()}
    assert "您注明合同未约定：租售指导价格" in terms[True][0]["message"]
    assert "合同未约定" not in terms[False][0]["message"].split("。")[0] and terms[False][0]["status"] == "to_enter"


def test_a_later_working_county_list_is_named_with_its_own_source_never_as_the_notices_words() -> None:
    """The notice's 山区26县 is the list in force when it was issued (glossary, ../shared/reference/)."""
    at_notice = calculators.run("land", {"area": 80, "unit": "mu", "county": "泰顺县"})["findings"][0]
    assert at_notice["basis"] == "notice" and "山区26县（据《浙江省山区26县跨越式" in at_notice["message"]
    later = calculators.run("land", {"area": 80, "unit": "mu", "county": "泰顺县", "project_date": "2025-01-01"})
    [finding] = later["findings"]
    assert calculators.labels()["basis"][finding["basis"]] != "通知原文"
    assert finding["basis"] == "reading" and finding["message"].startswith("解读：")
    named = "山区海岛25县（2024-08 起，据公开新闻报道（2025-01-07），可信度 M；是此后的工作名单，不是通知所说的名单）"
    assert named in finding["message"]
    assert "通知所说的是印发时（2022-06-01）的名单，泰顺县（温州市）当时属于山区26县" in finding["message"]
    assert finding["caveat"].startswith("山区海岛25县的可信度为 M：")  # below H: its own caveat, not the 2021 list's


def test_clause_6_items_are_requirements_on_local_governments_not_contract_terms() -> None:
    plan = calculators.run(
        "plan",
        {"ratios": {"total_area": 100, "sale_area": 40, "self_held_area": 60}, "clause6": {"land_price": False}},
    )
    [six] = [f for f in plan["findings"] if f["clause"] == 6]
    assert six["code"] == "plan.clause6.not_made" and "不是合同条款" in six["message"] and "各地" in six["message"]
    developer = calculators.run(
        "selfcheck",
        {
            "role": "party-developer",
            "plan": {
                "clause6": {"land_price": False},
                "ratios": {"total_area": 100, "sale_area": 40, "self_held_area": 60},
            },
        },
    )
    assert not [f for f in developer["findings"] if f["clause"] == 6]  # （六） addresses 各地, not developers


def test_review_is_said_only_where_the_notice_leaves_the_matter_to_the_locality() -> None:
    unknown_land = calculators.run(
        "ratios", {"total_area": 1000, "sale_area": 0, "self_held_area": 1000, "tenants": TENANTS_10_PCT}
    )
    assert ("to_enter", "ratios.manufacturing.land_unknown") in _codes(unknown_land, "ratios.manufacturing")
    bare_far = calculators.run("far", {"area": 100, "unit": "mu", "floor_area": 100000})
    assert bare_far["status"] != "review"


def test_an_echoed_figure_is_consistent_with_the_verdict_beside_it() -> None:
    land = calculators.run("land", {"area": "6.66666666", "unit": "ha", "county": "余杭区"})
    message = land["findings"][0]["message"]
    assert land["status"] == "fail" and "6.66666666 公顷" in message and "6.666667" not in message
    ratios = calculators.run(
        "ratios",
        {
            "total_area": 10000,
            "sale_area": 4000,
            "self_held_area": 6000,
            "rental_area": 6000,
            "contract": {"rent_sale_rent": 3, "rent_sale_sale": 2},
        },
    )
    # no "之比为 1.5000 … 低于 … 1.5": the rent:sale ratio is judged on the sale share, printed once
    [finding] = [f for f in ratios["findings"] if f["check"] == "ratios.rent_sale"]
    assert finding["status"] == "pass" and "1.5000" not in finding["message"]


def test_the_about_page_states_the_rules_with_the_engines_own_words() -> None:
    """docs/about.md says the rules in plain Chinese; the outcome names it uses are the ones reports print."""
    about = (Path(__file__).resolve().parents[2] / "docs" / "about.md").read_text(encoding="utf-8")
    labels = calculators.labels()["status"]
    for status in ("unstated", "to_enter", "outside", "review"):
        assert f"“{labels[status]}”" in about, status
    assert f"“{selfcheck.OUTCOMES['not_done'][0]}”" in about and "“未采用”" in about
    assert "不会用默认值得出" not in about  # the old promise the engine did not keep
    assert "“合同未约定”即注明合同未约定，留空的记为“待补充”" in about  # the contract table's three states
    assert "印发时（2022 年 6 月 1 日）有效的 2021 年名单" in about and "不称作通知原文" in about


def test_the_overstated_wordings_stay_gone_at_their_roots() -> None:
    """Issue 24's wording list, where no worked example pins the words: the notice's only figure is 100 亩 (no
    "数字要求" of （四）（六）（八）（九））; （三） says 按照……执行 and requires no building (documents.yaml);
    容积率 is one thing in the glossary and in the calculator."""
    root = Path(__file__).resolve().parents[2]
    shown = [*root.glob("templates/**/*.j2"), *root.glob("docs/**/*.md"), *root.glob("docs/assets/**/*.js")]
    for path in [*shown, *root.glob("policy/*.yaml"), *root.glob("calculators/*.py")]:
        if path.name == "changes.yaml":  # the change log quotes the old wording it records
            continue
        text = path.read_text(encoding="utf-8")
        for words in ("数字要求", "数字规则", "据此规定", "只适用于印发之后"):
            assert words not in text, f"{path.relative_to(root)}: {words}"
    glossary = yaml.safe_load((root / "policy" / "glossary.yaml").read_text(encoding="utf-8"))
    [far_term] = [t for t in glossary["terms"] if t["term"] == "容积率"]
    from calculators import far

    numerator = far.FIGURES["far"].how.split(" ÷ ")[0]
    assert numerator == "计容建筑面积" and far_term["definition"].startswith(numerator)
