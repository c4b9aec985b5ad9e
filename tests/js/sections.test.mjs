// The folding parts' counts and the sticky summary (docs/assets/calculators/sections.js): what a folded part of the
// plan or a folded clause of the self-check says, and what the summary above the form adds up.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  answerSummary, attentionOf, clauseCount, clauseText, partCount, partStatus, partText, planSummary,
} from "../../docs/assets/calculators/sections.js";

// The engine's labels and order as the pages get them (calculators.labels(); worst first).
const page = {
  labels: { order: ["error", "fail", "review", "pass", "not_applicable"],
    status: { fail: "不符合", review: "由当地决定", pass: "符合", not_applicable: "不适用" } },
  outcomeStatus: { no: "fail", unsure: "review", unanswered: "review", yes: "pass", na: "not_applicable" },
};
const FIELDS = [
  { key: "land", type: "object" }, { key: "land.area", type: "number" }, { key: "land.unit", type: "choice" },
  { key: "land.mountain", type: "boolean" }, { key: "prices", type: "object" }, { key: "prices.units", type: "table" },
];

test("a plan part counts its own inputs filled, an empty table as not filled", () => {
  const values = { "land.area": "30", "land.unit": "", "land.mountain": false, "prices.units": [] };
  assert.deepEqual(partCount(FIELDS, "land", values, null, 0, page), { filled: 2, total: 3, errors: 0, worst: "" });
  assert.equal(partCount(FIELDS, "prices", values, null, 0, page).filled, 0);
});

test("a plan part names its worst finding, only its own checks, none when the result is an input error", () => {
  const result = { status: "fail", findings: [
    { check: "land.min_area", status: "review" }, { check: "land.unit", status: "pass" },
    { check: "prices.sale", status: "fail" }] };
  const land = partCount(FIELDS, "land", { "land.area": "30" }, result, 0, page);
  assert.equal(land.worst, "review");
  assert.equal(partText(land, page), "已填 1/3 项 · 由当地决定");
  assert.equal(partCount(FIELDS, "land", {}, { status: "error", errors: [] }, 0, page).worst, "");
});

test("inputs to correct come before the finding, in the text and in the part's status", () => {
  const result = { status: "pass", findings: [{ check: "land.min_area", status: "pass" }] };
  const count = partCount(FIELDS, "land", { "land.area": "x" }, result, 2, page);
  assert.equal(partText(count, page), "已填 1/3 项 · 2 处需修改");
  assert.equal(partStatus(count), "error");
  assert.equal(partStatus({ ...count, errors: 0 }), "pass");
});

test("the plan's summary adds the parts up", () => {
  const counts = [{ filled: 2, total: 3, errors: 1, worst: "" }, { filled: 0, total: 1, errors: 0, worst: "fail" }];
  assert.equal(planSummary(counts), "已填 2/4 项 · 1 处需修改");
  assert.equal(planSummary([{ filled: 4, total: 4, errors: 0, worst: "pass" }]), "已填 4/4 项");
});

// A developer's report: clause 8 has one sentence answered 不符合 and a check over the cap; clause 10 one sentence
// not answered yet (on the report's attention list as 未作答) and one answered 待核实.
const REPORT = {
  status: "fail",
  items: [
    { id: "clause-08-p1", clause: 8, outcome: "no" }, { id: "clause-08-p2", clause: 8, outcome: "yes" },
    { id: "clause-10-p1", clause: 10, outcome: "unanswered" }, { id: "clause-10-p2", clause: 10, outcome: "unsure" },
  ],
  findings: [{ check: "prices.sale", clause: 8, status: "fail" }, { check: "land.min_area", clause: 1, status: "review" }],
  attention: [
    { kind: "provision", id: "clause-08-p1", clause: 8, label: "不符合" },
    { kind: "check", id: "prices.sale", clause: 8, label: "不符合" },
    { kind: "provision", id: "clause-10-p2", clause: 10, label: "待核实" },
    { kind: "provision", id: "clause-10-p1", clause: 10, label: "未作答" },
  ],
};

test("a clause counts the sentences answered as typed, and what the report says needs attention there", () => {
  const answers = { "clause-08-p1": { answer: "no" }, "clause-08-p2": { answer: "yes", note: "合同第 5 条" } };
  const eight = clauseCount(["clause-08-p1", "clause-08-p2"], answers, REPORT, 8, page);
  assert.deepEqual(eight, { answered: 2, total: 2, attention: 2, worst: "fail" });
  assert.equal(clauseText(eight), "已答 2/2 句 · 2 处需注意");
  // A note without an answer is not an answer; a sentence merely not answered is not "attention" (the count says it).
  const ten = clauseCount(["clause-10-p1", "clause-10-p2"], { "clause-10-p1": { note: "见附件" } }, REPORT, 10, page);
  assert.deepEqual(ten, { answered: 0, total: 2, attention: 1, worst: "review" });
  assert.equal(clauseText({ answered: 1, total: 3, attention: 0 }), "已答 1/3 句");
});

test("before the engine's first report a clause still counts its answers", () => {
  const count = clauseCount(["clause-08-p1"], { "clause-08-p1": { answer: "yes" } }, null, 8, page);
  assert.deepEqual(count, { answered: 1, total: 1, attention: 0, worst: "" });
  assert.deepEqual(attentionOf(null), []);
});

test("the self-check's summary adds the clauses' answers up and counts the report's attention once", () => {
  const counts = [{ answered: 2, total: 2, attention: 2 }, { answered: 0, total: 2, attention: 1 }];
  assert.equal(attentionOf(REPORT).length, 3); // every clause's, the merely unanswered left out
  assert.equal(answerSummary(counts, attentionOf(REPORT).length), "已答 2/4 句 · 3 处需注意");
  assert.equal(answerSummary(counts, 0), "已答 2/4 句");
});
