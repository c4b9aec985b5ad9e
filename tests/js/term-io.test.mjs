// The contract terms read from a two-column table (docs/assets/calculators/term-io.js): the three states of a term
// survive the table — a value entered, 合同未约定 only from a cell that says so, an empty cell not entered (待补充).
import assert from "node:assert/strict";
import { test } from "node:test";
import { readTerms as read, termsCsv } from "../../docs/assets/calculators/term-io.js";

const readTerms = (rows, fields) => read(rows, fields, "合同未约定"); // the page passes the engine's label

const FIELDS = [
  { key: "ratios.contract.min_self_held_pct", label: "合同约定的最低自持比例", unit: "%", type: "number", term: "自持比例", mark: "self_held_unstated" },
  { key: "ratios.contract.self_held_unstated", label: "合同未约定自持比例", type: "boolean", term: "自持比例" },
  { key: "ratios.contract.basis", label: "合同约定的企业占比口径", type: "select", term: "企业占比口径", options: [{ value: "count", label: "按企业数" }] },
  { key: "prices.sale_rule", label: "合同对售价的规定", type: "select", term: "租售指导价格", mark: "sale_unstated", options: [{ value: "cap", label: "单价不高于指导价" }] },
  { key: "prices.sale_unstated", label: "合同未约定售价指导价", type: "boolean", term: "租售指导价格" },
  { key: "land.area", label: "用地面积", type: "number" },
];

test("a cell saying 合同未约定 sets the term's own mark and empties the term", () => {
  const { values } = readTerms([["项目", "约定"], ["合同约定的最低自持比例（%）", "合同未约定"]], FIELDS);
  assert.deepEqual(values, { "ratios.contract.min_self_held_pct": "", "ratios.contract.self_held_unstated": true });
});

test("an empty cell is not entered (待补充), never 合同未约定", () => {
  const { values } = readTerms([["合同约定的最低自持比例", ""], ["合同对售价的规定", ""]], FIELDS);
  assert.deepEqual(values, {
    "ratios.contract.min_self_held_pct": "", "ratios.contract.self_held_unstated": false,
    "prices.sale_rule": "", "prices.sale_unstated": false,
  });
});

test("a value is entered as typed; a choice by its label; the mark row itself takes 是/否", () => {
  const { values, hints } = readTerms([["min_self_held_pct", "50"], ["合同对售价的规定", "单价不高于指导价"],
    ["合同未约定售价指导价", "是"]], FIELDS);
  assert.deepEqual(values, {
    "ratios.contract.min_self_held_pct": "50", "ratios.contract.self_held_unstated": false,
    "prices.sale_rule": "cap", "prices.sale_unstated": true,
  });
  assert.deepEqual(hints, {});
});

test("a cell the field cannot take is said beside that field; an unknown row is named; no other field is read", () => {
  const { values, hints, notes } = readTerms([["合同约定的企业占比口径", "合同未约定"], ["合同未约定自持比例", "也许"],
    ["用地面积", "100"], ["容积率上限", "3"]], FIELDS);
  assert.deepEqual(values, {});
  assert.match(hints["ratios.contract.basis"], /第 1 行.*没有“合同未约定”的选项/);
  assert.match(hints["ratios.contract.self_held_unstated"], /第 2 行“也许”未读入/);
  assert.equal(notes.length, 2);
  assert.match(notes[1], /第 4 行：没有名为“容积率上限”的合同约定项目/);
});

test("the downloaded table lists every term with what the form holds, and reads back the same", () => {
  const held = { "ratios.contract.min_self_held_pct": "", "ratios.contract.self_held_unstated": true, "prices.sale_rule": "cap" };
  const csv = termsCsv(FIELDS, held);
  assert.ok(csv.startsWith("\ufeff项目,约定\r\n合同约定的最低自持比例（%）,\r\n合同未约定自持比例,是\r\n"));
  assert.ok(!csv.includes("用地面积"));
  const rows = csv.slice(1).trim().split("\r\n").map((line) => line.split(","));
  const { values } = readTerms(rows, FIELDS);
  assert.equal(values["ratios.contract.self_held_unstated"], true);
  assert.equal(values["prices.sale_rule"], "cap");
});
