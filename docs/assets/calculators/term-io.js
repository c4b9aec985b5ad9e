// The contract terms (clause 八's 主导产业占比, 租售比例, 自持比例, 租售指导价格 and the figures beside them) read
// from a table of two columns, 项目 and 约定: pasted from Excel/WPS or a CSV file. The three states of a term
// survive the table: a value is entered; a cell saying 合同未约定 sets the term's own mark (the only thing that
// yields 合同未约定); an empty cell leaves the term not entered (待补充). A cell the form cannot take is said beside
// its field; what the user entered is changed only after asking.
import * as form from "./form.js";
import { csvRow, decodeCsv, detectDelimiter, download, onFileChosen, parseDelimited } from "./tables.js";

const YES = new Set(["是", "true", "1", "√", "✓", "yes", "y"]);
const NO = new Set(["否", "false", "0", "×", "no", "n", ""]);
const HEADER = new Set(["项目", "名称", "事项"]);

/** "合同约定的最低自持比例（%）" and "合同约定的最低自持比例" name the same field. */
function norm(text) {
  return String(text ?? "").replace(/[（(].*$/, "").trim().toLowerCase();
}

/** The key of a field's sibling (its mark "self_held_unstated" beside "ratios.contract.min_self_held_pct"). */
function sibling(key, name) {
  return key.includes(".") ? `${key.slice(0, key.lastIndexOf(".") + 1)}${name}` : name;
}

/** A field's label as the table names it: with its unit, as the template writes it. */
function tableLabel(field) {
  return field.unit ? `${field.label}（${field.unit}）` : field.label;
}

/**
 * Rows of [项目, 约定] → what the form should hold. Pure: `values` (key → text, true, false or "" for not entered),
 * `hints` (key → a Chinese message for a cell that field cannot take, shown beside it) and `notes` (rows naming no
 * field). A first row 项目/约定 is a header.
 * @param {string[][]} rows
 * @param {any[]} fields the page's fields; those with `term` are the contract's
 * @param {string} unstated the words that mark a term not agreed, as the engine labels that outcome (the page's
 *   data-unstated: no outcome is named in page scripts)
 */
export function readTerms(rows, fields, unstated) {
  const terms = fields.filter((field) => field.term);
  const byName = new Map();
  for (const field of terms) {
    byName.set(norm(field.label), field);
    byName.set(field.key.toLowerCase(), field);
    byName.set(field.key.split(".").at(-1).toLowerCase(), field);
  }
  const marks = new Set(terms.filter((field) => field.mark).map((field) => sibling(field.key, field.mark)));
  /** @type {Record<string, any>} */
  const values = {};
  /** @type {Record<string, string>} */
  const hints = {};
  const notes = [];
  const header = rows.length > 0 && HEADER.has(norm(rows[0][0]));
  const said = new Set(); // marks a row set to 合同未约定
  rows.slice(header ? 1 : 0).forEach((cells, index) => {
    const line = index + 1 + (header ? 1 : 0);
    const [name = "", cell = ""] = cells;
    const value = cell.trim();
    const field = byName.get(norm(name));
    if (!field) {
      notes.push(`第 ${line} 行：没有名为“${name}”的合同约定项目，未读入；请用“下载合同约定表”中的项目名称。`);
      return;
    }
    if (marks.has(field.key)) { // the mark itself: 是 (or 合同未约定) / 否 / empty
      const text = value.toLowerCase();
      const yes = YES.has(text) || value === unstated;
      if (yes || NO.has(text)) {
        values[field.key] = yes;
        if (yes) said.add(field.key);
      } else hints[field.key] = `合同约定表第 ${line} 行“${value}”未读入：这一项请填“是”或“否”（或“${unstated}”）。`;
      return;
    }
    if (value === unstated) {
      if (!field.mark) {
        hints[field.key] = `合同约定表第 ${line} 行写了“${unstated}”，未读入：这一项没有“${unstated}”的选项`
          + "（通知未要求合同约定它）；合同没有约定的，请留空。";
        return;
      }
      const mark = sibling(field.key, field.mark);
      values[field.key] = "";
      values[mark] = true;
      said.add(mark);
      return;
    }
    values[field.key] = field.type === "select" ? optionValue(field, value) : value;
    // A term the table states (or leaves empty: 待补充) is not marked 合同未约定, unless another row says so.
    if (field.mark && !said.has(sibling(field.key, field.mark))) values[sibling(field.key, field.mark)] = false;
  });
  return { values, hints, notes };
}

/** A select's value from the option's label or value as typed; other text is kept (the engine says what it expects). */
function optionValue(field, text) {
  const option = (field.options || []).find((o) => o.label === text || o.value === text);
  return option ? option.value : text;
}

/** The contract terms as a CSV table (UTF-8 with BOM, for Excel and WPS): 项目, 约定, filled with what the form holds
 * (a marked term reads 是 in its mark's row). */
export function termsCsv(fields, values) {
  const lines = [["项目", "约定"]];
  for (const field of fields.filter((f) => f.term)) {
    const value = values[field.key];
    const option = (field.options || []).find((o) => o.value === value);
    const shown = value === true ? "是" : value === false ? "" : option ? option.label : value ?? "";
    lines.push([tableLabel(field), String(shown)]);
  }
  return "\ufeff" + lines.map(csvRow).join("\r\n") + "\r\n";
}

/** What the reader has entered in a field ("" for nothing: an unset yes/no, an empty box, or the mark's 否). */
function entered(value) {
  return value === false || value === null || value === undefined ? "" : String(value);
}

/** Wire the 合同约定 block (templates/calculators/_fields.j2 term_import) if the page has one. */
export function wireTermImport(formElement, fields, onChange) {
  const note = document.getElementById("calc-term-note");
  if (!note) return;
  const unstated = document.getElementById("calc-term-import").dataset.unstated;
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const clearHints = () => { for (const hint of formElement.querySelectorAll(".calc-term-hint")) hint.remove(); };
  const read = (text, source) => {
    clearHints();
    const { values, hints, notes } = readTerms(parseDelimited(text, detectDelimiter(text)), fields, unstated);
    const now = form.readValues(formElement, fields);
    const changed = Object.keys(values).filter((key) => entered(now[key]) !== "" && entered(now[key]) !== entered(values[key]));
    const labels = changed.map((key) => byKey.get(key).label).join("、");
    if (changed.length && !confirm(`读入的合同约定会改动已填写的：${labels}。要继续吗？`)) {
      note.textContent = "表单中的数据保持不变。";
      return;
    }
    form.writeValues(formElement, fields, values);
    for (const [key, message] of Object.entries(hints)) {
      const hint = Object.assign(document.createElement("p"), { className: "calc-hint calc-term-hint", textContent: message });
      hint.setAttribute("role", "status");
      document.getElementById(`e-${key}`)?.after(hint);
    }
    const count = Object.keys(values).length;
    note.textContent = [`已从${source}读入 ${count} 项合同约定${changed.length ? `（改动了：${labels}）` : ""}。`, ...notes,
      ...(Object.keys(hints).length ? [`${Object.keys(hints).length} 项未读入，原因见该项旁。`] : [])].join(" ");
    onChange();
  };
  const paste = /** @type {HTMLTextAreaElement} */ (document.getElementById("calc-term-paste"));
  paste.addEventListener("paste", (/** @type {ClipboardEvent} */ event) => {
    const text = event.clipboardData?.getData("text/plain") || "";
    if (!text.trim()) return; // read on change instead
    event.preventDefault();
    read(text, "粘贴内容");
    paste.value = "";
  });
  paste.addEventListener("change", () => {
    if (paste.value.trim()) read(paste.value, "粘贴内容");
    paste.value = "";
  });
  onFileChosen(document.getElementById("calc-term-file"), async (file) => {
    read(decodeCsv(await file.arrayBuffer()), `文件 ${file.name} `);
  });
  document.getElementById("calc-term-template").addEventListener("click", () => {
    download("合同约定.csv", termsCsv(fields, form.readValues(formElement, fields)), "text/csv;charset=utf-8");
  });
  // A hint beside a field goes once the reader changes that field.
  formElement.addEventListener("input", (event) => {
    const name = /** @type {HTMLInputElement} */ (event.target).name;
    if (name) formElement.querySelector(`[data-key="${CSS.escape(name)}"] .calc-term-hint`)?.remove();
  });
}
