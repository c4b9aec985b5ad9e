// The review table's pure parts (docs/assets/selfcheck/batch-core.mjs): duplicates by check code, sorting worst
// first in the engine's order, filters, and a CSV that Excel and WPS read as the text it is (BOM, quoting, and no
// cell taken for a formula).
import assert from "node:assert/strict";
import { test } from "node:test";
import { csvCell, csvText, markDuplicates, matches, sortRows } from "../../docs/assets/selfcheck/batch-core.mjs";

const ORDER = ["fail", "outside", "review", "pass"]; // the engine's order, as the page data carries it

function row(file, fields = {}) {
  return {
    file, status: "pass", status_label: "符合", verification: "match", verification_label: "一致", reason: null,
    differences: [], notes: [], project: { name: file, organisation: "单位", date: "2026-11-30" },
    role: { id: "party-developer", name: "开发单位" }, county: "淳安县",
    counts: [{ outcome: "no", label: "不符合", status: "fail", count: 0 }, { outcome: "yes", label: "符合", status: "pass", count: 3 }],
    problem_clauses: [], made_with: null, computed_with: "2026-12-06", check_code: `CODE-${file}`, ...fields,
  };
}

test("a second file with the same answers and figures is marked as the first one's duplicate", () => {
  const rows = markDuplicates([row("a"), row("b", { check_code: "CODE-a" }), row("c", { check_code: null }), row("d", { check_code: null })]);
  assert.deepEqual(rows.map((r) => r.duplicateOf), [undefined, "a", undefined, undefined]);
});

test("sorted by outcome: unreadable first, then worst first in the engine's order; otherwise as they came", () => {
  const rows = [row("p"), row("f", { status: "fail" }), row("u", { status: null, verification: "unreadable" }), row("r", { status: "review" })];
  assert.deepEqual(sortRows(rows, "status", ORDER).map((r) => r.file), ["u", "f", "r", "p"]);
  assert.deepEqual(sortRows(rows, "", ORDER).map((r) => r.file), ["p", "f", "u", "r"]);
});

test("filters by status or verification, by a clause with problems and by county", () => {
  const failing = row("f", { status: "fail", problem_clauses: [8, 10], county: "余杭区" });
  assert.ok(matches(failing, { status: "fail", clause: "10", county: "余杭区" }));
  assert.ok(!matches(failing, { clause: "4" }) && !matches(failing, { county: "淳安县" }) && !matches(row("p"), { status: "fail" }));
  assert.ok(matches(row("m", { verification: "mismatch" }), { status: "mismatch" }));
});

test("a cell a spreadsheet would run as a formula is written as text", () => {
  for (const hostile of ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"]) {
    assert.ok(csvCell(hostile).replace(/^"/, "").startsWith("'"), hostile);
  }
  assert.equal(csvCell("甲,乙"), "\"甲,乙\"");
  assert.equal(csvCell("说\"明\""), "\"说\"\"明\"\"\"");
  assert.equal(csvCell("示例园区"), "示例园区");
});

test("the CSV starts with a BOM, has Chinese headers and one line per row", () => {
  const text = { columns: { file: "文件", project: "项目名称", organisation: "填报单位", role: "自查对象", date: "填报日期",
    county: "县（市、区）", status: "重新计算的总体结论", verification: "与文件中的报告比对", differences: "不一致之处或原因",
    problem_clauses: "有问题的条款", made_with: "文件的数据版本", computed_with: "重新计算的数据版本", check_code: "核对码", changes_since: "文件生成以后本站的变更", duplicate: "重复" },
  duplicate: "重复：与 {name} 相同" };
  const outcomes = [{ outcome: "no", label: "不符合" }, { outcome: "yes", label: "符合" }];
  const rows = markDuplicates([row("a.json"), row("=cmd|' /C calc'!A0", { check_code: "CODE-a.json" })]);
  const csv = csvText(rows, text, outcomes);
  assert.ok(csv.startsWith("\ufeff文件,项目名称,填报单位"));
  const lines = csv.slice(1).trimEnd().split("\r\n");
  assert.equal(lines.length, 3);
  assert.ok(lines[1].startsWith("a.json,a.json,单位,开发单位,2026-11-30,淳安县,符合,0,3,一致"));
  assert.ok(lines[2].startsWith("'=cmd") && lines[2].endsWith("重复：与 a.json 相同"));
});
