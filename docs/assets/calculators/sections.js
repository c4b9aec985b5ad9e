// What the folding parts of a long form say when folded, and what the sticky summary above the form adds up: the
// plan's parts count the inputs filled and those to correct, then name their worst finding; the self-check's
// clauses count the sentences answered and what needs attention there. Pure functions (no DOM), so that
// tests/js/sections.test.mjs checks them in Node; calculator.js and selfcheck.js draw what they return.
// No status is named here: the worst is the engine's order's (page.labels.order), attention is the report's.
import { statusText, worstStatus } from "./render.js";

/** Has the reader given this input (a table: at least one row)? A yes/no checkbox always has an answer. */
export function isFilled(value) {
  return value !== "" && value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/**
 * One part of the plan (its fields' keys start with `key.`): inputs filled of all, inputs to correct (`errors`,
 * counted on the page), and the worst of that part's findings (by the check's first name), "" when none or when the
 * result is an input error.
 * @param {{key: string, type: string}[]} fields @param {string} key @param {Record<string, unknown>} values
 * @param {{status: string, findings?: {check?: string, status: string}[]} | null} result @param {number} errors
 */
export function partCount(fields, key, values, result, errors, page) {
  const own = fields.filter((field) => field.type !== "object" && field.key.startsWith(`${key}.`));
  const findings = !result || result.status === "error" ? [] : (result.findings || [])
    .filter((finding) => String(finding.check || "").split(".")[0] === key);
  return {
    filled: own.filter((field) => isFilled(values[field.key])).length,
    total: own.length,
    errors,
    worst: worstStatus(findings.map((finding) => finding.status), page),
  };
}

/** "已填 5/7 项 · 2 处需修改", or "已填 7/7 项 · <the worst finding's label>". */
export function partText(count, page) {
  const tail = count.errors ? ` · ${count.errors} 处需修改` : count.worst ? ` · ${statusText(count.worst, page)}` : "";
  return `已填 ${count.filled}/${count.total} 项${tail}`;
}

/** The page's status for a part: "error" while an input there needs correcting, else its worst finding. */
export function partStatus(count) {
  return count.errors ? "error" : count.worst;
}

/**
 * What in one clause of the self-check needs the reader: the report's attention entries of that clause (不符合,
 * 待核实, a conflict with the plan's checks, a check's finding …) except the sentences merely not answered yet,
 * which the answered count says already. `report` is the engine's last report, or null before its first.
 * @param {Report | null} report @param {number | null} clause (null: every clause)
 */
export function attentionOf(report, clause = null) {
  if (!report?.attention) return [];
  const outcomes = new Map((report.items || []).map((item) => [item.id, item.outcome]));
  return report.attention.filter((entry) => (clause === null || entry.clause === clause)
    && !(entry.kind === "provision" && outcomes.get(entry.id) === "unanswered"));
}

/**
 * One clause of the self-check: its sentences (ids) answered of all, from the answers as typed (no wait for the
 * engine), and how many things need attention there by the last report, with the worst status among its answers'
 * outcomes and its checks' findings (the colour of the count).
 * @param {string[]} ids @param {Record<string, {answer?: string}>} answers @param {Report | null} report
 * @param {number} clause
 */
export function clauseCount(ids, answers, report, clause, page) {
  const own = new Set(ids);
  const items = (report?.items || []).filter((item) => own.has(item.id) && item.outcome !== "unanswered");
  const findings = (report?.findings || []).filter((finding) => finding.clause === clause);
  const statuses = [...items.map((item) => page.outcomeStatus?.[item.outcome]), ...findings.map((f) => f.status)];
  return {
    answered: ids.filter((id) => answers[id]?.answer).length,
    total: ids.length,
    attention: attentionOf(report, clause).length,
    worst: worstStatus(statuses.filter(Boolean), page),
  };
}

/** "已答 3/5 句 · 2 处需注意" (nothing to note: only the answered count). */
export function clauseText(count) {
  return `已答 ${count.answered}/${count.total} 句${count.attention ? ` · ${count.attention} 处需注意` : ""}`;
}

/** The sticky summary of the plan: every part's counts added up. */
export function planSummary(counts) {
  const sum = (name) => counts.reduce((total, count) => total + count[name], 0);
  const errors = sum("errors");
  return `已填 ${sum("filled")}/${sum("total")} 项${errors ? ` · ${errors} 处需修改` : ""}`;
}

/** The sticky summary of the self-check: sentences answered of all the role's, and what needs attention. */
export function answerSummary(counts, attention) {
  const sum = (name) => counts.reduce((total, count) => total + count[name], 0);
  return `已答 ${sum("answered")}/${sum("total")} 句${attention ? ` · ${attention} 处需注意` : ""}`;
}
