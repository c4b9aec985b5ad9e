"""Stage step: the 全文自查 pages, /calculators/selfcheck/ (answer, save, export, print: the `selfcheck`
calculator's page, under the calculators' service worker and CSP), /calculators/selfcheck/review/ (officials open
a received file read-only), and /selfcheck/, the short permanent address that forwards there (query and anchor
kept, so /selfcheck/?role=party-developer opens a role's self-check).

Every question is a provision from policy/ with its verbatim text, strength and clause link; the answer words
come from the engine (calculators.selfcheck.ANSWER_LABELS), so the page and the report say the same thing.
The numeric rules are not asked: the page carries the plan calculator's form (the same field macros as
/calculators/plan/), and the engine carries its findings into the report. Templates are autoescaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..loading.model import Policy
from ..templating import render
from ..urls import CHANGES, site_url
from .calculator_pages import clause_table, describe, flatten, verdict_labels
from .changes import last_change
from .checklist import short_name

# file in build/docs → (template, the site root as seen from the served page)
PAGES = {
    "calculators/selfcheck.md": ("selfcheck/selfcheck.md.j2", "../../"),
    "calculators/selfcheck/review.md": ("selfcheck/review.md.j2", "../../../"),
    "selfcheck/index.md": ("selfcheck/forward.md.j2", "../"),
}
PLAN_PREFIX = "plan."


def roles(policy: Policy) -> list[dict[str, Any]]:
    """Each party as a self-check role, with how many provisions address it."""
    return [
        {
            "id": party.id,
            "name": party.name,
            "count": sum(party.id in p.parties for c in policy.clauses for p in c.provisions),
        }
        for party in policy.parties
    ]


def page_data(policy: Policy, plan_fields: list[dict[str, Any]], root: str) -> dict[str, Any]:
    """What the page's script needs and cannot read from the HTML: JSON data, never script."""
    from calculators import plan, registry, selfcheck

    return {
        "root": root,
        "siteUrl": site_url(),
        # the data version (the newest 变更记录 date): a report names it, /changes/ lists what changed since
        "dataVersion": policy.changes.version,
        "changesUrl": CHANGES,
        "notice": f"《{policy.notice.title}》（{policy.notice.doc_number}）",
        "fields": [f for f in plan_fields if f.get("type") != "object"],
        "planPrefix": PLAN_PREFIX,
        "roles": {party.id: party.name for party in policy.parties},
        "calculatorTitles": {c.NAME: c.TITLE for c in registry.calculators().values()},
        "provisions": {p.id: list(p.parties) for c in policy.clauses for p in c.provisions},
        "example": selfcheck.EXAMPLE,
        "planClauses": list(plan.CLAUSES),
        "clauses": clause_table(policy, [clause.number for clause in policy.clauses]),
        "labels": verdict_labels(),
        # The status each answer's outcome counts as (its colour: calculators.css keys colours by status only).
        "outcomeStatus": {outcome: status for outcome, (_label, status) in selfcheck.OUTCOMES.items()},
    }


def write_selfcheck_pages(policy: Policy, staging: Path) -> None:
    """Write build/docs/selfcheck/index.md and review.md."""
    from calculators import plan, registry, selfcheck

    plan_fields = flatten(describe()["plan"]["fields"], PLAN_PREFIX)
    strengths = {s.id: s for s in policy.strengths}
    context = {
        "policy": policy,
        "notice": f"《{policy.notice.title}》（{policy.notice.doc_number}）",
        "roles": roles(policy),
        "strengths": strengths,
        "short_name": short_name,
        "answer_values": selfcheck.ANSWERS,
        "vocabulary": policy.vocabulary,
        "answer_labels": {
            s.id: selfcheck.ANSWER_LABELS["binding" if s.binding else str(s.not_done)] for s in policy.strengths
        },
        "plan_clauses": plan.CLAUSES,
        "plan_fields": plan_fields,
        "plan_title": plan.TITLE,
        "plan_parts": "、".join(part.TITLE for part in registry.in_plan()),
        "clauses": clause_table(policy, [clause.number for clause in policy.clauses]),
        "outcomes": selfcheck.OUTCOMES,
        "title": selfcheck.TITLE,
        "summary": selfcheck.SUMMARY,
        "last_change": last_change(policy, calculator=selfcheck.NAME),
    }
    for file, (template, root) in PAGES.items():
        target = staging / file
        target.parent.mkdir(parents=True, exist_ok=True)
        text = render(template, **context, root=root, page_data=page_data(policy, plan_fields, root))
        target.write_text(text, encoding="utf-8")
