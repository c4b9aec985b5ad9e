// Inputs ⇄ the page's query string (so a link reproduces a result) and ⇄ a JSON file (plan export/import).
//
// Flat inputs use their JSON keys: ?area=98&unit=mu&county=淳安县. A table is one parameter with rows
// separated by "~" and cells by "!" in the template's column order: ?units=101!1!120~102!1!98.
// A table is left out of the link when the link would grow past MAX_URL (the JSON file still carries it).

export const MAX_URL = 6000;

function escapeCell(text) {
  return encodeURIComponent(text).replace(/!/g, "%21").replace(/~/g, "%7E");
}

export function encodeTable(rows, columns) {
  return rows.map((row) => columns.map((c) => escapeCell(String(row[c.key] ?? ""))).join("!")).join("~");
}

export function decodeTable(text, columns) {
  if (!text) return [];
  return text.split("~").map((line) => {
    const cells = line.split("!");
    const row = {};
    columns.forEach((column, index) => { row[column.key] = decodeURIComponent(cells[index] ?? ""); });
    return row;
  });
}

/** The query string for these inputs; returns {query, omitted} with the keys of tables left out. */
export function toQuery(fields, values, base) {
  const parts = [];
  const tables = [];
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || value === null || value === "") continue;
    if (field.type === "table") {
      if (value.length) tables.push([field, encodeTable(value, field.columns)]);
    } else if (field.type === "boolean") {
      parts.push(`${field.key}=${value ? "1" : "0"}`);
    } else {
      parts.push(`${field.key}=${encodeURIComponent(String(value))}`);
    }
  }
  const omitted = [];
  for (const [field, encoded] of tables) {
    const part = `${field.key}=${encoded}`;
    if (base.length + parts.join("&").length + part.length + 2 <= MAX_URL) parts.push(part);
    else omitted.push(field.key);
  }
  return { query: parts.length ? "?" + parts.join("&") : "", omitted };
}

/** Inputs from a query string; only declared keys are read. Returns null when the query names none. */
export function fromQuery(search, fields) {
  const params = new URLSearchParams(search);
  const values = {};
  let found = false;
  for (const field of fields) {
    if (!params.has(field.key)) continue;
    found = true;
    const raw = params.get(field.key);
    if (field.type === "table") {
      // URLSearchParams has already percent-decoded once; undo that for the cell escapes by re-reading raw.
      const match = new RegExp(`(?:^|[?&])${field.key.replace(/\./g, "\\.")}=([^&]*)`).exec(search);
      values[field.key] = decodeTable(match ? match[1] : "", field.columns);
    } else if (field.type === "boolean") {
      values[field.key] = raw === "1" || raw === "true";
    } else {
      values[field.key] = raw;
    }
  }
  return found ? values : null;
}

/**
 * The JSON file a plan is saved as. {calculator, input} is exactly a request to the engine, so the same file
 * also runs with `python -m calculators NAME` (its "input"); saved and source say when and under what.
 */
export function exportDocument(calculator, input, citation, example = false) {
  const saved = { calculator, input, saved: new Date().toISOString(), source: citation };
  return JSON.stringify(example ? { ...saved, example: true } : saved, null, 2);
}

/** {"land": {"area": 98}} → {"land.area": 98}, the form's keys; tables (arrays) stay whole. */
export function flatten(values, prefix = "", out = {}) {
  for (const [key, value] of Object.entries(values)) {
    if (value && typeof value === "object" && !Array.isArray(value)) flatten(value, `${prefix}${key}.`, out);
    else out[`${prefix}${key}`] = value;
  }
  return out;
}

/** Form values from an exported file (or a bare engine input); throws Error with a Chinese message otherwise. */
export function importDocument(text, calculator) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("文件不是有效的 JSON，请选择本站导出的 .json 文件。");
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("文件内容应为一个 JSON 对象。");
  if (data.calculator && data.calculator !== calculator) {
    throw new Error(`这是“${data.calculator}”计算器导出的文件，不能用于本页。`);
  }
  const inputs = data.input ?? data;
  if (!inputs || typeof inputs !== "object" || Array.isArray(inputs)) throw new Error("文件中没有输入数据（input）。");
  return flatten(inputs);
}
