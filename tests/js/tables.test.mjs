// Table paste and CSV parsing (docs/assets/calculators/tables.js): what Excel, WPS and Chinese Excel's GBK CSV
// files put on the clipboard or in a file becomes the rows the reader sees.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  decodeCsv, detectDelimiter, parseDelimited, rowsToRecords, templateCsv,
} from "../../docs/assets/calculators/tables.js";

const COLUMNS = [{ key: "unit", label: "单元" }, { key: "area", label: "面积", unit: "平方米" }];

test("quoted cells keep their delimiters, doubled quotes and line breaks", () => {
  const text = 'A,"1,2"\r\n"说""明""\n第二行",3\n\n';
  assert.deepEqual(parseDelimited(text, ","), [["A", "1,2"], ['说"明"\n第二行', "3"]]);
});

test("a spreadsheet paste is tab-separated, a CSV file comma-separated", () => {
  assert.equal(detectDelimiter("101\t120\n102\t98"), "\t");
  assert.equal(detectDelimiter("101,120\n102\t98"), ",");
});

test("a header row naming the columns (label with its unit, or key) maps cells by name and is skipped", () => {
  const rows = [["面积（平方米）", "单元"], ["120", "101"]];
  assert.deepEqual(rowsToRecords(rows, COLUMNS), { records: [{ area: "120", unit: "101" }], header: true });
  assert.deepEqual(rowsToRecords([["101", "120"]], COLUMNS), { records: [{ unit: "101", area: "120" }], header: false });
});

test("a CSV file reads as UTF-8 (its BOM dropped) or, when it is not UTF-8, as GBK", () => {
  const utf8 = new TextEncoder().encode("\ufeff单元,面积");
  assert.equal(decodeCsv(utf8.buffer), "单元,面积");
  const gbk = new Uint8Array([0xb5, 0xa5, 0xd4, 0xaa]); // 单元 in GBK
  assert.equal(decodeCsv(gbk.buffer), "单元");
});

test("the template's header names each column with its unit, and quotes cells that need it", () => {
  const csv = templateCsv(COLUMNS, [{ unit: 'A,"1"', area: 120 }]);
  assert.equal(csv, '\ufeff单元,面积（平方米）\r\n"A,""1""",120\r\n');
  assert.deepEqual(parseDelimited(csv.slice(1), ","), [["单元", "面积（平方米）"], ['A,"1"', "120"]]);
});
