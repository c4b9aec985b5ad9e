// The review table's pure parts, without the DOM (the same file runs in Node for tests/js/batch-core.test.mjs):
// duplicates by check code, sorting and filtering rows, and the CSV an office opens in Excel or WPS. The rows and
// every word in them are the engine's (calculators/review.py); statuses are ranked in the engine's order.

/** Mark each row whose check code an earlier row has (the same answers and figures): its `duplicateOf` is that
 * row's file name. Rows already marked keep their mark; unreadable rows have no code and are never duplicates.
 * @param {Array<ReviewRow & {duplicateOf?: string}>} rows */
export function markDuplicates(rows) {
  const first = new Map();
  for (const row of rows) {
    if (!row.check_code) continue;
    if (first.has(row.check_code)) row.duplicateOf = first.get(row.check_code);
    else first.set(row.check_code, row.file);
  }
  return rows;
}

/** Rank of a row's status, worst first, in the engine's order (labels.order); unreadable rows first of all: they
 * need the office's action before anything else. */
function rank(row, order) {
  if (!row.status) return -1;
  const index = order.indexOf(row.status);
  return index < 0 ? order.length : index;
}

/** Chinese text in pinyin order; one collator for the page (making one loads the locale's data). */
export const collator = new Intl.Collator("zh-CN");

/** Rows sorted by a key: "" (the order the files came in), "status" (worst first), "project", "county", "date". */
export function sortRows(rows, key, order) {
  const indexed = rows.map((row, index) => ({ row, index }));
  const text = (row) => (key === "project" ? row.project.name : key === "county" ? row.county : row.project.date) || "";
  indexed.sort((a, b) => {
    let by = 0;
    if (key === "status") by = rank(a.row, order) - rank(b.row, order);
    else if (key) by = collator.compare(text(a.row), text(b.row)) || (text(a.row) ? 0 : 1) - (text(b.row) ? 0 : 1);
    return by || a.index - b.index;
  });
  return indexed.map(({ row }) => row);
}

/** Whether a row passes the filters: status (an engine status, or a verification such as "unreadable"), clause
 * (a clause number with something to act on) and county; "" passes all. */
export function matches(row, { status = "", clause = "", county = "" }) {
  if (status && row.status !== status && row.verification !== status) return false;
  if (clause && !row.problem_clauses.includes(Number(clause))) return false;
  if (county && row.county !== county) return false;
  return true;
}

/** A CSV cell: quoted when it holds a comma, quote or line break; a cell a spreadsheet would take for a formula
 * (one starting with =, +, -, an at sign, a tab or a carriage return) starts with ' so that it stays text. */
export function csvCell(value) {
  let text = String(value ?? "");
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV text: UTF-8 with a BOM (Excel and WPS then read the Chinese), CRLF lines, the engine's
 * column names in Chinese, one column per answer outcome.
 * @param {Array<ReviewRow & {duplicateOf?: string}>} rows
 * @param {{columns: Record<string, string>, duplicate: string}} text the engine's words (calculators/review.py TEXT)
 * @param {Array<{outcome: string, label: string}>} outcomes the engine's outcomes, in its order */
export function csvText(rows, text, outcomes, clauseLabel = (n) => String(n)) {
  const c = text.columns;
  const header = [c.file, c.project, c.organisation, c.role, c.date, c.county, c.status,
    ...outcomes.map((o) => o.label), c.verification, c.differences, c.problem_clauses, c.made_with, c.computed_with,
    c.changes_since, c.check_code, c.duplicate];
  /** @type {Array<Array<string | number | null | undefined>>} */
  const lines = [header];
  for (const row of rows) {
    const counts = new Map(row.counts.map((entry) => [entry.outcome, entry.count]));
    lines.push([row.file, row.project.name, row.project.organisation, row.role?.name, row.project.date, row.county,
      row.status_label, ...outcomes.map((o) => (row.status ? counts.get(o.outcome) ?? 0 : "")),
      row.verification_label, [row.reason, ...row.differences, ...row.notes].filter(Boolean).join("；"),
      row.problem_clauses.map(clauseLabel).join("、"), row.made_with, row.computed_with,
      (row.changes_since || []).join("；"), row.check_code,
      row.duplicateOf ? text.duplicate.replace("{name}", row.duplicateOf) : ""]);
  }
  return "\ufeff" + lines.map((line) => line.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
