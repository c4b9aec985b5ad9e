// The table fields' controls: paste from a spreadsheet, upload a CSV, download the template, add/clear rows.
import * as form from "./form.js";
import { decodeCsv, detectDelimiter, download, onFileChosen, parseDelimited, rowsToRecords, templateCsv } from "./tables.js";

function fill(field, text, source, onChange, notify) {
  const rows = parseDelimited(text, detectDelimiter(text));
  const { records, header } = rowsToRecords(rows, field.columns);
  if (!records.length) {
    notify(`${source}中没有可读取的行。`, field);
    return;
  }
  // The engine refuses more rows than max_rows anyway; drawing tens of thousands of input rows first would
  // freeze the page for seconds, so say so at once and keep the current table.
  if (field.max_rows && records.length > field.max_rows) {
    notify(`${source}有 ${records.length} 行，超过本表上限 ${field.max_rows} 行，未读入；请分批核对，每批不超过 ${field.max_rows} 行。`, field);
    return;
  }
  form.setRows(field, records);
  notify(`已从${source}读入 ${records.length} 行${header ? "（首行为表头，已跳过）" : ""}。`, field);
  onChange();
}

/** Wire every table field; onChange recomputes, notify(text) reports what happened; examples fill the templates. */
export function wireTables(fields, onChange, notify, examples = {}) {
  const say = (text, field) => {
    const box = document.getElementById(`n-${field.key}`);
    if (box) box.textContent = text;
    else notify(text);
  };
  for (const field of fields.filter((f) => f.type === "table")) {
    form.wireRemoveButtons(field);
    const byClass = (name) => document.querySelector(`.${name}[data-table="${field.key}"]`);
    byClass("calc-add-row").addEventListener("click", () => {
      /** @type {HTMLInputElement | null} */ (form.addRow(field).querySelector("input, select"))?.focus();
    });
    byClass("calc-clear").addEventListener("click", () => {
      form.setRows(field, []);
      say("已清空表格。", field);
      onChange();
    });
    byClass("calc-template").addEventListener("click", () => {
      const example = Array.isArray(examples[field.key]) ? examples[field.key] : [];
      download(`${field.key}-模板.csv`, templateCsv(field.columns, example), "text/csv;charset=utf-8");
    });
    onFileChosen(byClass("calc-file"), async (file) => {
      fill(field, decodeCsv(await file.arrayBuffer()), `文件 ${file.name} `, onChange, say);
    });
    const paste = /** @type {HTMLTextAreaElement} */ (byClass("calc-paste"));
    paste.addEventListener("paste", (/** @type {ClipboardEvent} */ event) => {
      const text = event.clipboardData?.getData("text/plain") || "";
      if (!text.trim()) return; // nothing to read here: the browser pastes into the box, read on change
      event.preventDefault(); // the rows go into the table, not into the box
      fill(field, text, "粘贴内容", onChange, say);
      paste.value = "";
    });
    // Typing or pasting into the box without a paste event (some input methods): read it on change.
    paste.addEventListener("change", () => {
      if (paste.value.trim()) fill(field, paste.value, "粘贴内容", onChange, say);
      paste.value = "";
    });
    // A multi-cell paste straight into the table is a whole table, not one cell's text.
    document.getElementById(`t-${field.key}`).addEventListener("paste", (/** @type {ClipboardEvent} */ event) => {
      const text = event.clipboardData?.getData("text/plain") || "";
      if (!/[\t\n]/.test(text.trim())) return;
      event.preventDefault();
      fill(field, text, "粘贴内容", onChange, say);
    });
  }
}
