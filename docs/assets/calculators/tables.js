// Tables from spreadsheets: text pasted from Excel/WPS (tab-separated), CSV files in UTF-8 (with or
// without BOM) or GBK (what Chinese Excel writes), and a template CSV to download.

/** Split delimited text into rows of cells; quoted cells may hold delimiters, quotes ("") and newlines. */
export function parseDelimited(text, delimiter) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === "") {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(cell); cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(cell); rows.push(row); row = []; cell = "";
    } else {
      cell += ch;
    }
  }
  if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
  return rows.map((r) => r.map((c) => c.trim())).filter((r) => r.some((c) => c !== ""));
}

/** Tab when the first line has one (a spreadsheet paste), otherwise comma (a CSV file). */
export function detectDelimiter(text) {
  const firstLine = text.split(/\r?\n/, 1)[0];
  return firstLine.includes("\t") ? "\t" : ",";
}

/** Text of a CSV file: UTF-8 (a BOM is dropped) when it decodes cleanly, otherwise GBK. */
export function decodeCsv(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return new TextDecoder("utf-8").decode(bytes.subarray(3));
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gbk").decode(bytes);
  }
}

function headerName(text) {
  // "单价（元/平方米）" and "单价" both name the column labelled 单价.
  return text.replace(/[（(].*$/, "").trim().toLowerCase();
}

/**
 * Rows of cells → records keyed by column key. A first row naming the columns (by label or key) is a
 * header and maps cells by name; otherwise cells are taken in the template's column order.
 * Returns {records, header} where header says whether the first row was skipped.
 */
export function rowsToRecords(rows, columns) {
  if (!rows.length) return { records: [], header: false };
  const names = new Map();
  columns.forEach((column, index) => {
    names.set(headerName(column.label), index);
    names.set(column.key.toLowerCase(), index);
  });
  const first = rows[0].map(headerName);
  const matched = first.filter((name) => names.has(name)).length;
  let order = columns.map((_, index) => index);
  let body = rows;
  const header = matched > 0 && matched >= Math.min(2, columns.length);
  if (header) {
    order = first.map((name) => (names.has(name) ? names.get(name) : -1));
    body = rows.slice(1);
  }
  const records = body.map((cells) => {
    const record = {};
    cells.forEach((cell, index) => {
      const columnIndex = header ? order[index] : index;
      if (columnIndex >= 0 && columnIndex < columns.length) record[columns[columnIndex].key] = cell;
    });
    return record;
  });
  return { records, header };
}

function csvCell(value) {
  const text = String(value ?? "");
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line's cells, quoted where needed. */
export function csvRow(cells) {
  return cells.map(csvCell).join(",");
}

/** A template CSV (UTF-8 with BOM, so Excel and WPS show the Chinese headers): header row + example rows. */
export function templateCsv(columns, exampleRows = []) {
  const header = columns.map((c) => (c.unit ? `${c.label}（${c.unit}）` : c.label));
  const lines = [header, ...exampleRows.map((row) => columns.map((c) => row[c.key] ?? ""))];
  return "\ufeff" + lines.map(csvRow).join("\r\n") + "\r\n";
}

/** Offer text as a file download, without any request leaving the page. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Call onFile(file) with each file chosen in a file input, which is then emptied (so that choosing the same file
 * again is a change too). onFile reports its own failures beside the input. */
export function onFileChosen(input, onFile) {
  const picker = /** @type {HTMLInputElement} */ (input);
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    picker.value = "";
    if (file) onFile(file);
  });
}

/** A chosen file's JSON; throws an Error with a Chinese message when it is not JSON. */
export async function readJsonFile(file, what = "本站导出的 .json 文件") {
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`文件不是有效的 JSON，请选择${what}。`);
  }
}
