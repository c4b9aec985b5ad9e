"""`selfcheck` — 全文自查: one answer per provision addressed to a role, plus the `plan` checks, in one report.

Request: {"role": party id, "project": {name, organisation, date}, "answers": {provision id: {answer, note}},
"plan": the plan calculator's input, "report": optional, the report as the sender's browser made it}.
Answers are yes | no | na | unsure, judged by the role's own strength in the sentence (policy/ gives each party it
addresses its strength and the words that carry it). Only binding words addressed to the role (应/要/原则上) make a
"no" 不符合, and the item quotes them; an encouragement, permission or "有条件的/根据实际需要" reads 未采用, and what
the notice tells 各地 to make the role do (督促指导) or a directive without 应 reads 未做到 (不计为不符合), each with
its basis. The numeric rules are not asked: the plan's findings, not_run and results are carried in, those of
sentences (or, for a check no sentence names, clauses) that address the role: a tenant's report carries none of
the developers' checks.
When the request carries a report, it is compared with the recomputed one, and every difference is listed
(an edited verdict in a received file is caught). ARCHITECTURE.md describes the request and the report.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from . import plan, provisions, registry, verification
from .chinese import iso_date
from .findings import STATUS_LABELS, STATUS_ORDER, worst
from .inputs import Errors, Field, Option, error
from .registry import Code, Figure

NAME = "selfcheck"
TITLE = "全文自查"
ORDER = 95
CLAUSES = tuple(range(1, 17))  # all 16 clauses (a test checks provisions.json has exactly these)
OWN_PAGE = True  # its page is written by sitegen/selfcheck_page.py, not generated from fields()
SUMMARY = "按所选对象逐句回答通知中针对它的每一项规定，连同项目数据的计算核对结果，生成一份按条款排列的自查报告。"
ANSWERS = ("yes", "no", "na", "unsure")
# How an answer reads, by the kind of the role's strength: binding (应/要/原则上), or a strength with binding false
# whose "no" is not_adopted (鼓励, 可, 有条件的) or not_done (督促指导 of 各地, 指示 without 应): vocabularies.yaml.
ANSWER_LABELS = {
    "binding": {"yes": "符合", "no": "不符合", "na": "不适用", "unsure": "待核实"},
    "not_adopted": {"yes": "已采用", "no": "未采用（非强制）", "na": "不适用", "unsure": "待核实"},
    "not_done": {"yes": "已做到", "no": "未做到（不计为不符合）", "na": "不适用", "unsure": "待核实"},
}
OPTION_LABELS = {"yes": "是（做到）", "no": "否（未做到）", "na": "不适用", "unsure": "待核实"}
YES_NO = {"binding": ("yes", "no"), "not_adopted": ("adopted", "not_adopted"), "not_done": ("done", "not_done")}
# Outcomes, most urgent first; each counts as a finding status for the overall verdict.
OUTCOMES = {
    "no": ("不符合", "fail"),
    "not_done": ("未做到（不计为不符合）", "review"),
    "unsure": ("待核实", "review"),
    "unanswered": ("未作答", "review"),
    "yes": ("符合", "pass"),
    "adopted": ("已采用", "pass"),
    "done": ("已做到", "pass"),
    "not_adopted": ("未采用（非强制）", "not_applicable"),
    "na": ("不适用", "not_applicable"),
}
OUTCOMES_LABELS = {outcome: label for outcome, (label, _) in OUTCOMES.items()}
OVERALL_LABELS = {
    "fail": "有不符合的事项",
    "outside": "有超出所填限值（规划条件等其他文件）的事项",
    "unstated": "有合同未约定的事项",
    "to_enter": "有待补充的数据",
    "review": "有待核实或未作答的事项",
    "pass": "未发现不符合或待核实的事项",
    "not_applicable": "没有可判断的事项",
}
UNCHECKED_LABEL = "已回答的事项未发现不符合或待核实；部分计算核对因未提供数据而未进行（见“未核对”）"
# The answers of the built-in example; its plan part is the plan's own example (see __getattr__).
EXAMPLE_ANSWERS: dict[str, Any] = {
    "role": "party-developer",
    "example": True,  # a file made from it says so (the report, the printout, the review view)
    "project": {"name": "示例小微企业园（一期）", "organisation": "示例园区开发有限公司", "date": "2026-11-30"},
    "answers": {
        "clause-01-p2": {"answer": "yes", "note": "见下方用地面积核对"},
        "clause-02-p1": {"answer": "yes", "note": "消防验收意见书编号见附件"},
        "clause-02-p2": {"answer": "unsure", "note": "充电泊位数量待设计单位确认"},
        "clause-04-p2": {"answer": "no", "note": "3 号楼层高不满足入驻企业设备要求，正在调整设计"},
        "clause-04-p3": {"answer": "no", "note": "标准厂房，未做个性化定制"},
        "clause-08-p2": {"answer": "yes", "note": "项目管理合同第五条、第七条"},
        "clause-10-p2": {"answer": "no", "note": "暂未回购退出企业的厂房"},
        "clause-12-p1": {"answer": "unsure", "note": "应急预案待属地复核"},
    },
}
CODES: dict[str, Code] = {}  # no findings of its own: the plan's findings are carried in with their codes
FIGURES: dict[str, Figure] = {
    "status_label": Figure("总体结论"),
    "notice": Figure("依据的通知"),
    "role": Figure("自查对象"),
    "project": Figure("项目"),
    "counts": Figure(
        "逐句回答的结论",
        "按结论计数：不符合、未做到（不计为不符合）、待核实、未作答、符合、已采用、已做到、未采用（非强制）、不适用",
    ),
    "check_counts": Figure("计算核对的结论", "按状态计数"),
    "attention": Figure(
        "需要处理的事项", "不符合在前，其次超出所填限值、合同未约定、待补充、未做到、待核实、由当地决定，最后未作答"
    ),
    "items": Figure("逐句回答"),
    "left_to_contract": Figure("通知留给项目管理合同约定的事项"),
    "example": Figure("示例", "true：由本站示例生成，不是填报单位的数据"),
    "verification": Figure("与收到的报告比对", "none：文件未附报告；match：一致；mismatch：有不一致"),
}


def __getattr__(name: str) -> Any:
    """EXAMPLE carries the plan's example, which the registry knows only after discovery (as plan's own does)."""
    if name == "EXAMPLE":
        return {**EXAMPLE_ANSWERS, "plan": plan.EXAMPLE}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def fields() -> tuple[Field, ...]:
    """Role, project, one answer object per provision, the plan's input, and an optional received report."""
    return (
        Field(
            "role",
            "自查对象",
            "select",
            "按谁的义务自查：开发单位、运营机构、入园企业，或各地（属地政府）、有关部门。",
            required=True,
            options=tuple(Option(party_id, name) for party_id, name in provisions.parties().items()),
        ),
        Field(
            "project",
            "项目",
            "object",
            "报告抬头：项目名称、填报单位和填报日期。",
            fields=(
                Field("name", "项目名称", "text", "园区（项目）名称。", example="示例小微企业园（一期）"),
                Field("organisation", "填报单位", "text", "填写本自查的单位。", example="示例园区开发有限公司"),
                Field("date", "填报日期", "text", "年-月-日。", example="2026-11-30", normalise=iso_date),
            ),
        ),
        Field(
            "answers",
            "逐句回答",
            "object",
            "每句规定一项：结论（answer）和说明与依据（note，如合同条款、证书编号）。",
            fields=tuple(
                Field(
                    p.id,
                    f"第{p.clause_label}条第 {p.sentence} 句",
                    "object",
                    p.summary,
                    clause=p.clause,
                    fields=(
                        Field(
                            "answer",
                            "结论",
                            "select",
                            "yes、no、na 或 unsure，按自查对象在这一句中的效力判断：只有对它用“应”“要”“原则上”的"
                            "规定，no 才是不符合；鼓励、允许、酌情的 no 是“未采用”，各地督促指导的事项和指示的 no 是"
                            "“未做到（不计为不符合）”。",
                            clause=p.clause,
                            options=tuple(Option(a, OPTION_LABELS[a]) for a in ANSWERS),
                        ),
                        Field("note", "说明与依据", "text", "如合同条款、证书编号。", clause=p.clause),
                    ),
                )
                for p in provisions.provisions()
            ),
        ),
        Field("plan", plan.TITLE, "object", plan.SUMMARY, fields=plan.fields()),
        Field("example", "示例", "boolean", "由本站示例生成时为 true：报告、打印件和审阅页面都标明“示例”。"),
        Field("report", "收到的报告", "document", "导出文件中随附的报告；重新计算后逐项比对，不一致处会列出。"),
    )


def problems(values: dict[str, Any], invalid: set[str]) -> Errors:
    """Answers only to the role's provisions, a real date, and the plan's own cross-field problems."""
    found: Errors = []
    role = values["role"]
    if role is not None and values["answers"] is not None:
        party = provisions.parties()[role]
        for p in provisions.provisions():
            if values["answers"][p.id] is not None and role not in p.parties:
                found.append(
                    error(
                        f"answers.{p.id}",
                        f"第{p.clause_label}条第 {p.sentence} 句不是针对{party}的规定；请删去这一回答，或改选自查对象",
                    )
                )
    when = (values["project"] or {}).get("date")
    if when is not None and "project.date" not in invalid:
        try:
            date.fromisoformat(when)
        except ValueError:
            found.append(
                error("project.date", f"填报日期“{when[:20]}”不是有效日期；请按 年-月-日 填写，例如 2026-11-30")
            )
    if values["plan"] is not None:
        inner = {path.removeprefix("plan.") for path in invalid if path.startswith("plan.")}
        for entry in plan.problems(values["plan"], inner):
            found.append(error(f"plan.{entry['field']}" if entry["field"] else "plan", entry["message"]))
    return found


def evaluate(values: dict[str, Any]) -> dict[str, Any]:
    """The report; when a received report came with the request, the differences from it too."""
    report = _report(values)
    labels = {key: figure.label for key, figure in FIGURES.items()}
    report["verification"] = verification.compare(values["report"], report, labels, OUTCOMES_LABELS)
    return report


def _report(values: dict[str, Any]) -> dict[str, Any]:
    role = values["role"]
    answers = values["answers"] or {}
    items = [_item(p, role, answers.get(p.id)) for p in provisions.addressed_to(role)]
    plan_values = values["plan"] or {spec.key: None for spec in plan.fields()}
    checked = plan.evaluate(plan_values)
    findings = [f for f in checked["findings"] if _concerns(f, role)]
    for p, item in zip(provisions.addressed_to(role), items, strict=True):
        _conflicts(item, [f for f in findings if f["check"] in p.checks])
    not_run = [entry for entry in checked["not_run"] if _concerns(entry, role)]
    ran = {entry["check"].split(".")[0] for entry in checked["findings"] + checked["not_run"]}
    shown = {entry["check"].split(".")[0] for entry in findings + not_run}
    concerned = {p.clause for p in provisions.addressed_to(role)}
    counts = {outcome: sum(item["outcome"] == outcome for item in items) for outcome in OUTCOMES}
    check_counts = {status: sum(f["status"] == status for f in findings) for status in STATUS_ORDER}
    status = worst([OUTCOMES[item["outcome"]][1] for item in items] + [f["status"] for f in findings])
    project = values["project"] or {}
    return {
        "calculator": NAME,
        "status": status,
        "status_label": UNCHECKED_LABEL if status == "pass" and not_run else OVERALL_LABELS[status],
        "notice": provisions.notice(),
        "role": {"id": role, "name": provisions.parties()[role]},
        "project": {key: project.get(key) for key in ("name", "organisation", "date")},
        "example": values["example"] is True,
        "counts": counts,
        "check_counts": check_counts,
        "attention": _attention(items, findings),
        "items": items,
        "left_to_contract": {
            "provisions": [
                {"id": p.id, "clause": p.clause, "clause_label": p.clause_label, "text": p.text}
                for p in provisions.addressed_to(role)
                if p.contract
            ],
            "checks": [f["check"] for f in findings if f["basis"] == "contract"],
        },
        "findings": findings,
        "not_run": not_run,
        "results": {
            part.NAME: checked["results"][part.NAME]
            for part in registry.in_plan()
            if part.NAME in checked["results"]
            and (part.NAME in shown or (part.NAME not in ran and bool(set(part.CLAUSES) & concerned)))
        },
    }


def _concerns(entry: dict[str, Any], role: str) -> bool:
    """Whether a plan check (a finding or a not_run entry) concerns the role. A check a provision names (policy/
    `checks`) concerns the parties that sentence addresses — （九）'s manufacturing mix is 第 2 句's, not the tenants'
    of 第 1 句; any other check, the parties its clause addresses."""
    named = [p for p in provisions.provisions() if entry["check"] in p.checks]
    if named:
        return any(role in p.parties for p in named)
    return any(p.clause == entry["clause"] for p in provisions.addressed_to(role))


def answer_kind(strength: dict[str, Any]) -> str:
    """binding, not_adopted or not_done: how a "no" reads for this strength (vocabularies.yaml)."""
    return "binding" if strength["binding"] else str(strength["not_done"])


def _item(p: provisions.Provision, role: str, answer: dict[str, Any] | None) -> dict[str, Any]:
    duty = p.duty(role)
    strength = provisions.strengths()[duty.strength]
    kind = answer_kind(strength)
    given = (answer or {}).get("answer")
    if given is None:
        outcome = "unanswered"
    elif given in ("yes", "no"):
        outcome = YES_NO[kind][given == "no"]
    else:
        outcome = given
    return {
        "id": p.id,
        "clause": p.clause,
        "clause_label": p.clause_label,
        "clause_title": p.clause_title,
        "sentence": p.sentence,
        "text": p.text,
        "summary": p.summary,
        "parties": list(p.parties),
        "strength": duty.strength,
        "strength_label": strength["short"],
        "binding": strength["binding"],
        "words": duty.words,
        "basis": strength["not_done_basis"],
        "answer": given,
        "outcome": outcome,
        "outcome_label": OUTCOMES[outcome][0],
        "note": (answer or {}).get("note"),
        "link": f"{p.clause_path}#{p.id}",
        "qr": p.clause_qr,
    }


# A declared answer and the computed status that contradicts it: 符合 against a computed 不符合, and the reverse.
CONTRADICTED_BY = {"yes": "fail", "no": "pass"}
CONFLICT_LABEL = "回答与计算不一致"


def _conflicts(item: dict[str, Any], findings: list[dict[str, Any]]) -> None:
    """The item's `conflicts`: the codes of the plan's findings (on this sentence's checks) contradicting its answer,
    with a plain sentence saying so; a 不符合 computed against a declared 符合 is never passed over."""
    against = CONTRADICTED_BY.get(item["outcome"], "")
    codes = [f["code"] for f in findings if f["status"] == against]
    if item["outcome"] == "no" and any(f["status"] != "pass" for f in findings):
        codes = []  # a declared 不符合 is contradicted only when every check on it passes
    item["conflicts"] = codes
    item["conflict"] = None
    if codes:
        item["conflict"] = (
            f"回答与计算核对不一致：申报为“{item['outcome_label']}”，按所填项目数据计算为“{STATUS_LABELS[against]}”"
            "（见本条的计算核对）；请核对回答或数据。"
        )


def _attention(items: list[dict[str, Any]], findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """不符合 first, then 超出所填限值, 合同未约定, 待补充, 未做到, 待核实 and 由当地决定, then 未作答; by clause."""
    rank = {"fail": 0, "outside": 1, "unstated": 1, "to_enter": 1, "review": 1}
    entries = [
        (rank[OUTCOMES[i["outcome"]][1]] + (i["outcome"] == "unanswered"), i["clause"], index, "provision", i)
        for index, i in enumerate(items)
        if OUTCOMES[i["outcome"]][1] in rank
    ]
    entries += [
        (rank[f["status"]], f["clause"], index, "check", f) for index, f in enumerate(findings) if f["status"] in rank
    ]
    entries += [(0, i["clause"], -1, "conflict", i) for i in items if i["conflicts"]]
    return [
        {"kind": "provision", "id": entry["id"], "clause": entry["clause"], "label": entry["outcome_label"]}
        if kind == "provision"
        else {"kind": "conflict", "id": entry["id"], "clause": entry["clause"], "label": CONFLICT_LABEL}
        if kind == "conflict"
        else {"kind": "check", "id": entry["check"], "clause": entry["clause"], "label": STATUS_LABELS[entry["status"]]}
        for _, _, _, kind, entry in sorted(entries, key=lambda e: (*e[:3], e[3] == "check"))
    ]
