// The share-link codec (docs/assets/calculators/share.js): a link must give back exactly the inputs it was made
// from, whatever a cell holds, and a table too large for a link is left out (and named), never cut.
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeTable, encodeTable, fromQuery, importDocument, MAX_URL, toQuery } from "../../docs/assets/calculators/share.js";

const COLUMNS = [{ key: "unit" }, { key: "area" }, { key: "price" }];
const FIELDS = [
  { key: "county", type: "select" },
  { key: "land.area", type: "number" },
  { key: "contract", type: "boolean" },
  { key: "units", type: "table", columns: COLUMNS },
];

test("a link gives back the inputs, cells with the codec's own separators and Chinese included", () => {
  const values = {
    county: "淳安县",
    "land.area": "98.5",
    contract: false,
    units: [
      { unit: "A!1~2", area: "120", price: "8,000&9" },
      { unit: "B 栋 %20", area: "", price: "100%" },
    ],
  };
  const { query, omitted } = toQuery(FIELDS, values, "http://127.0.0.1/calculators/prices/");
  assert.deepEqual(omitted, []);
  assert.deepEqual(fromQuery(query, FIELDS), values);
});

test("a table is one parameter: rows split by ~, cells by !, in column order", () => {
  const rows = [{ unit: "101", area: "1", price: "120" }, { unit: "102", price: "98" }];
  assert.equal(encodeTable(rows, COLUMNS), "101!1!120~102!!98");
  assert.deepEqual(decodeTable("101!1!120~102!!98", COLUMNS), [
    { unit: "101", area: "1", price: "120" },
    { unit: "102", area: "", price: "98" },
  ]);
});

test("a table that would make the link too long is left out and named; the flat inputs stay", () => {
  const units = Array.from({ length: 800 }, (_, i) => ({ unit: `单元${i}`, area: "100", price: "9000" }));
  const { query, omitted } = toQuery(FIELDS, { county: "淳安县", units }, "http://127.0.0.1/x/");
  assert.deepEqual(omitted, ["units"]);
  assert.ok(query.length < MAX_URL);
  assert.deepEqual(fromQuery(query, FIELDS), { county: "淳安县" });
});

test("a query naming no input is no shared link", () => {
  assert.equal(fromQuery("?utm=1", FIELDS), null);
});

test("an exported file is read back into the form's keys; another calculator's file is refused in Chinese", () => {
  const text = JSON.stringify({ calculator: "plan", input: { land: { area: "98" }, units: [{ unit: "1" }] } });
  assert.deepEqual(importDocument(text, "plan"), { "land.area": "98", units: [{ unit: "1" }] });
  assert.throws(() => importDocument(text, "land"), /这是“plan”计算器导出的文件/);
  assert.throws(() => importDocument("{", "land"), /不是有效的 JSON/);
});
