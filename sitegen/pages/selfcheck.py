"""Stage step: the 全文自查 pages, /calculators/selfcheck/ (answer, save, export, print: the `selfcheck`
calculator's page, under the calculators' service worker and CSP), /calculators/selfcheck/review/ (officials open
a received file read-only), and /selfcheck/, the short permanent address that forwards there (query and anchor
kept, so /selfcheck/?role=party-developer opens a role's self-check).

Every question is a provision from policy/ with its verbatim text, strength and clause link; the answer words
come from the engine (calculators.selfcheck.ANSWER_LABELS), so the page and the report say the same thing. Each
role's questions are rendered here, apart (a <template> per role, `questions`), and drawn by the page's script only
for the role chosen, folded by clause: a phone lays out one role's clause headings, not every role's questions.
The numeric rules are not asked: the page carries the plan calculator's form (the same field macros as
/calculators/plan/), and the engine carries its findings into the report. Templates are autoescaped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from ..loading.model import Policy
from ..templating import render
from ..urls import CHANGES, absolute, is_preview, site_url
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
REVIEW_PATH = "calculators/selfcheck/review/"
# The QR encoder of a printed report's link, self-hosted from the pinned npm package (MIT; its notice is at the head
# of the file, kept as shipped): the browser makes the code, nothing is asked of another site.
ROOT = Path(__file__).resolve().parents[2]
QR_PACKAGE = ROOT / "node_modules" / "qrcode-generator"
QR_MODULE = "assets/vendor/qrcode-generator/qrcode.mjs"


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


def questions(policy: Policy) -> dict[str, list[tuple[Any, list[tuple[Any, int]]]]]:
    """Each role's questions: the clauses with a sentence addressed to it, each with those sentences and their
    number in the clause (第 2 句), in the notice's order. The page holds each role's apart, drawn when chosen."""
    return {
        party.id: [
            (clause, mine)
            for clause in policy.clauses
            if (mine := [(p, n) for n, p in enumerate(clause.provisions, 1) if party.id in p.parties])
        ]
        for party in policy.parties
    }


def page_data(policy: Policy, plan_fields: list[dict[str, Any]], root: str) -> dict[str, Any]:
    """What the page's script needs and cannot read from the HTML: JSON data, never script."""
    from calculators import plan, registry, review, selfcheck

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
        # The review table: its words and limits (calculators/review.py), the outcomes in the engine's order, and
        # the absolute address a printed report's QR code opens (the site's one address: sitegen/urls.py).
        "review": {
            "text": review.TEXT,
            "maxBytes": review.MAX_BYTES,
            "outcomes": [{"outcome": key, "label": label} for key, (label, _status) in selfcheck.OUTCOMES.items()],
            "verification": review.VERIFICATION_LABELS,
        },
        "reviewUrl": absolute(REVIEW_PATH),
        "preview": is_preview(),  # a placeholder address: a printed QR code says it leads nowhere yet
        "qrModule": QR_MODULE,
    }


def write_selfcheck_pages(policy: Policy, staging: Path) -> None:
    """Write build/docs/selfcheck/index.md and review.md."""
    from calculators import plan, registry, review, selfcheck
    from calculators.findings import STATUS_LABELS, STATUS_ORDER

    plan_fields = flatten(describe()["plan"]["fields"], PLAN_PREFIX)
    strengths = {s.id: s for s in policy.strengths}
    context = {
        "policy": policy,
        "notice": f"《{policy.notice.title}》（{policy.notice.doc_number}）",
        "roles": roles(policy),
        "questions": questions(policy),
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
        "review_text": review.TEXT,
        "verification_labels": review.VERIFICATION_LABELS,
        "status_order": STATUS_ORDER,
        "status_labels": STATUS_LABELS,
        "overall_labels": selfcheck.OVERALL_LABELS,
        "title": selfcheck.TITLE,
        "summary": selfcheck.SUMMARY,
        "last_change": last_change(policy, calculator=selfcheck.NAME),
    }
    copy_qr_module(staging)
    for file, (template, root) in PAGES.items():
        target = staging / file
        target.parent.mkdir(parents=True, exist_ok=True)
        text = render(template, **context, root=root, page_data=page_data(policy, plan_fields, root))
        target.write_text(text, encoding="utf-8")


def copy_qr_module(staging: Path) -> None:
    """Stage the pinned QR encoder (checked against package.json's pin, as the Pyodide runtime is)."""
    installed = json.loads((QR_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["qrcode-generator"]
    if installed != pinned:
        raise RuntimeError(f"node_modules/qrcode-generator is {installed} but package.json pins {pinned}: run `npm ci`")
    target = staging / QR_MODULE
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(QR_PACKAGE / "dist" / "qrcode.mjs", target)
