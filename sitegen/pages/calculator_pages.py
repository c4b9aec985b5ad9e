"""Stage step: one page per calculator (/calculators/land/ …) and the index /calculators/, from describe().

Each form is generated from the calculator's declared inputs (`calculators.describe()`): every input carries
`name` = its JSON key, its label, unit, help text and a link to the clause it applies. The same declarations
go into the page as JSON data (not script) for calculator.js, which runs the engine in a Web Worker.
The templates are rendered autoescaped (sitegen/templating.py): nothing from describe() can become markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..loading.model import Policy
from ..templating import render
from ..urls import url_for
from .changes import last_change


def describe() -> dict[str, dict[str, Any]]:
    """The engine's declarations, by calculator name, in the registry's order (calculators/registry.py)."""
    import calculators

    return calculators.describe()


def flatten(fields: list[dict[str, Any]], prefix: str = "") -> list[dict[str, Any]]:
    """Fields with object members spelled out: {"key": "land", "fields": [area …]} → land (a heading), land.area …

    The object itself stays in the list (type "object") so the page can show its label as a heading.
    """
    flat = []
    for field in fields:
        key = f"{prefix}{field['key']}"
        entry = {**field, "key": key}
        if field.get("options"):
            entry["option_groups"] = option_groups(field["options"])
        flat.append(entry)
        if field.get("type") == "object":
            flat.extend(flatten(field.get("fields") or [], key + "."))
    return flat


def option_groups(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Options gathered under their group (a county's city) in first-seen order; ungrouped ones stand alone."""
    groups: list[dict[str, Any]] = []
    for option in options:
        group = option.get("group", "")
        if group and groups and groups[-1].get("label") == group:
            groups[-1]["options"].append(option)
        elif group:
            groups.append({"label": group, "options": [option]})
        else:
            groups.append(option)
    return groups


def flat_values(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"land": {"area": 98}} → {"land.area": 98}; tables (lists) stay whole."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(flat_values(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def form_state(fields: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, Any]:
    """The form as the page is sent with these values (flat_values), as form.js writeValues would set it: key → the
    text a control shows (a yes/no: True, False or None), a table → its rows' cells.

    A page that opens with its example is sent holding it, so the page's script has no form to write before the
    first verdict (that writing, and the style and layout of the rows it made, were most of a long task on a phone:
    Lighthouse's blocking time). tests/browser/test_calculators.py checks that the page as sent and the same values
    written by form.js agree.
    """
    state: dict[str, Any] = {}
    for field in fields:
        if field["key"] not in values or field.get("type") == "object":
            continue
        value = values[field["key"]]
        if field.get("type") == "table":
            state[field["key"]] = [
                {c["key"]: _cell_text(c, row[c["key"]]) for c in field["columns"] if c["key"] in row} for row in value
            ]
        elif field.get("type") == "boolean":
            # True, False or None (not given): the template shows it as a checkbox or as a 是/否 select
            state[field["key"]] = (
                True if value in (True, "1", "true") else False if value in (False, "0", "false") else None
            )
        else:
            state[field["key"]] = _js_text(value)
            listed = [o["value"] for o in field.get("options") or []]
            if field.get("type") == "select" and state[field["key"]] not in listed:
                raise ValueError(f"{field['key']}: the example's {value!r} is not one of its options {listed}")
    return state


def _cell_text(column: dict[str, Any], value: Any) -> str:
    if column.get("type") == "boolean" and isinstance(value, bool):
        return "true" if value else "false"
    return _js_text(value)


def _js_text(value: Any) -> str:
    """A JSON value as the page's String(value) writes it (1.0 arrives in the page as 1)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def clause_numbers(spec: dict[str, Any]) -> list[int]:
    """Every clause the calculator or one of its fields applies, in order."""
    numbers = set(_as_list(spec.get("clauses") or spec.get("clause")))
    for field in flatten(spec.get("fields", [])):
        numbers.update(_as_list(field.get("clause")))
        for column in field.get("columns") or []:
            numbers.update(_as_list(column.get("clause")))
    return sorted(numbers)


def _as_list(value: Any) -> list[int]:
    if value is None or value == "":
        return []
    return [int(v) for v in value] if isinstance(value, (list, tuple)) else [int(value)]


def clause_table(policy: Policy, numbers: list[int]) -> dict[str, dict[str, str]]:
    """Clause number → id, label, title, full citation and page path (from the site root, by url_for), for links."""
    table = {}
    for number in numbers:
        clause = policy.clause_by_number(number)
        table[str(number)] = {
            "id": clause.id,
            "label": clause.label,
            "title": clause.title,
            "citation": policy.citation(clause),
            "path": url_for("clause", clause.id),
        }
    return table


def verdict_labels() -> dict[str, Any]:
    """The engine's Chinese labels for statuses and bases (calculators.labels()), plus the statuses worst first.

    labels() lists its statuses worst first (the engine's order); the page data keeps that order as a list, since
    JSON objects in the page are written with sorted keys. The page shows counts and findings in that order and
    knows no status by name, so a status the engine adds appears with its own label in its place. `structure`:
    the members of a verdict that are not figures (registry.STRUCTURE_KEYS).
    """
    import calculators
    from calculators import registry

    labels = calculators.labels()
    # A verdict's members that are not figures (the rest are listed as 计算数据).
    return {**labels, "order": list(labels["status"]), "structure": sorted(registry.STRUCTURE_KEYS)}


def stage_calculator_pages(policy: Policy, staging: Path) -> None:
    """Write build/docs/calculators/index.md and one <name>.md per calculator."""
    specs = describe()
    out = staging / "calculators"
    out.mkdir(parents=True, exist_ok=True)
    notice = policy.notice_citation()
    all_clauses = clause_table(policy, list(range(1, len(policy.clauses) + 1)))
    figure_labels = {name: spec["figures"] for name, spec in specs.items()}
    titles = {name: spec.get("title", name) for name, spec in specs.items()}
    labels = verdict_labels()
    from calculators import CALCULATORS

    for name, spec in specs.items():
        if getattr(CALCULATORS[name], "OWN_PAGE", False):
            continue  # a calculator with its own page generator (selfcheck: sitegen/selfcheck_page.py)
        fields = flatten(spec.get("fields", []))
        numbers = clause_numbers(spec)
        page_data = {
            "calculator": name,
            "title": spec.get("title", name),
            "root": "../../",
            "notice": notice,
            "fields": [f for f in fields if f.get("type") != "object"],
            "clauses": all_clauses,
            "example": flat_values(spec.get("example") or {}),
            "startsEmpty": bool(getattr(CALCULATORS[name], "STARTS_EMPTY", False)),
            "figureLabels": figure_labels,
            "labels": labels,
            "titles": titles,
        }
        text = render(
            "calculators/calculator.md.j2",
            name=name,
            # as the page opens: its example, or empty on a page that starts empty (calculator.js start)
            state=form_state(fields, {} if page_data["startsEmpty"] else page_data["example"]),
            spec=spec,
            fields=fields,
            # parts that fold (the plan's): the page gets the sticky summary instead of the floating 看结论
            folds=any(f["type"] == "object" and "." not in f["key"] for f in fields),
            clauses=all_clauses,
            used=[str(n) for n in numbers],
            notice=notice,
            page_data=page_data,
            root="../../",
            last_change=last_change(policy, calculator=name),
        )
        (out / f"{name}.md").write_text(text, encoding="utf-8")
    index = render(
        "calculators/index.md.j2",
        specs=specs,
        clauses=all_clauses,
        notice=notice,
        used={name: [str(n) for n in clause_numbers(spec)] for name, spec in specs.items()},
        root="../",
    )
    (out / "index.md").write_text(index, encoding="utf-8")
    (staging / "findings.md").write_text(render_findings_page(), encoding="utf-8")


def render_findings_page() -> str:
    """结论代码: every status and every finding code, from the engine's labels and its calculators' CODES."""
    import calculators
    from calculators import registry

    codes = {name: calculator.CODES for name, calculator in registry.calculators().items()}
    return render("calculators/findings.md.j2", statuses=calculators.labels()["status"], specs=describe(), codes=codes)
