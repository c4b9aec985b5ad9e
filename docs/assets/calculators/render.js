// The result panel: overall status (data-status), every finding with its clause linked, the figures, and
// per-row results in the tables. Built with createElement/textContent only: engine text is never markup.

export const STATUS_TEXT = {
  pass: "符合", fail: "不符合", unstated: "合同未约定", review: "由当地决定", not_applicable: "不适用", error: "输入有误", pending: "计算中",
};
const BASIS_TEXT = { notice: "通知原文", reading: "解读", contract: "合同约定", local: "当地标准" };
// Keys of a verdict that are not figures.
const NOT_FIGURES = new Set(["calculator", "status", "findings", "not_run", "errors", "internal", "message", "results"]);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A link to the clause page, e.g. 第（一）条 → ../../clauses/clause-01/. */
export function clauseLink(number, page) {
  const clause = page.clauses[String(number)];
  if (!clause) return element("span", "calc-clause", `第${number}条`);
  const link = element("a", "calc-clause", `第${clause.label}条`);
  link.href = `${page.root}clauses/${clause.id}/`;
  link.title = clause.citation;
  return link;
}

function statusBadge(status) {
  const badge = element("span", `calc-status calc-status-${status}`, STATUS_TEXT[status] || status);
  badge.dataset.status = status;
  return badge;
}

export function findingItem(finding, page) {
  const item = element("li", "calc-finding");
  item.dataset.status = finding.status;
  const head = element("p", "calc-finding-head");
  head.append(statusBadge(finding.status), " ", clauseLink(finding.clause, page));
  if (finding.basis) head.append(" ", element("span", `calc-basis calc-basis-${finding.basis}`, BASIS_TEXT[finding.basis] || finding.basis));
  item.append(head, element("p", "calc-finding-message", finding.message));
  if (finding.caveat && !finding.message.includes(finding.caveat)) item.append(element("p", "calc-caveat", finding.caveat));
  const clause = page.clauses[String(finding.clause)];
  if (clause) item.append(element("p", "calc-citation", `引用：${clause.citation}`));
  return item;
}

function figureValue(value) {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.length ? value.map(figureValue).join("、") : "无";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${figureValue(v)}`).join("；");
  return String(value);
}

function figuresList(result, labels) {
  const entries = Object.entries(result).filter(([key, value]) => !NOT_FIGURES.has(key)
    && !(Array.isArray(value) && value.length && typeof value[0] === "object"));
  if (!entries.length) return null;
  const list = element("dl", "calc-figures");
  for (const [key, value] of entries) {
    const label = labels[key];
    list.append(element("dt", null, label ? label.label : key));
    const dd = element("dd", null, figureValue(value));
    if (label?.how) dd.append(element("span", "calc-how", `（${label.how}）`));
    list.append(dd);
  }
  return list;
}

/** Fill the result section for a verdict; returns the status shown. */
export function renderResult(section, body, result, page) {
  const status = result.status || "error";
  section.dataset.status = status;
  const parts = [];
  const head = element("p", "calc-verdict");
  head.append("总体结论：", statusBadge(status));
  parts.push(head);
  if (status === "error") {
    parts.push(element("p", "calc-error-summary", result.internal
      ? `计算出错：${result.message}。请检查输入；如问题持续，请报告此页面地址。`
      : `有 ${result.errors?.length || 0} 处输入需要修改，见各输入项下方的红字说明。`));
    const list = element("ul", "calc-error-list");
    for (const problem of result.errors || []) list.append(element("li", null, problem.message));
    parts.push(list);
  } else {
    const findings = element("ol", "calc-findings");
    for (const finding of result.findings || []) findings.append(findingItem(finding, page));
    parts.push(element("h3", null, `逐项结论（${(result.findings || []).length} 项）`), findings);
    for (const skipped of result.not_run || []) {
      const line = element("p", "calc-not-run", "未核对：");
      if (skipped.clause) line.append(clauseLink(skipped.clause, page), " ");
      line.append(skipped.reason || skipped.message || "");
      parts.push(line);
    }
    const labels = page.figureLabels || {};
    const figures = figuresList(result, labels[page.calculator] || {});
    if (figures) parts.push(element("h3", null, "计算数据"), figures);
    // The whole-plan check nests each calculator's answer under results.
    for (const [name, sub] of Object.entries(result.results || {})) {
      const subFigures = sub && typeof sub === "object" ? figuresList(sub, labels[name] || {}) : null;
      if (subFigures) parts.push(element("h3", null, `计算数据：${page.titles?.[name] || name}`), subFigures);
    }
  }
  body.replaceChildren(...parts);
  return status;
}

/** A message in the result area (engine unavailable, waiting …), with the status left pending. */
export function renderMessage(section, body, text, className = "calc-message") {
  section.dataset.status = "pending";
  body.replaceChildren(element("p", className, text));
}

/** The inputs as a definition list, for the printed report. */
export function renderInputs(container, fields, values) {
  const list = element("dl", "calc-inputs");
  for (const field of fields) {
    const value = values[field.key];
    if (value === undefined || value === "" || (Array.isArray(value) && !value.length)) continue;
    list.append(element("dt", null, field.label));
    if (Array.isArray(value)) {
      list.append(element("dd", null, `${value.length} 行（见上表）`));
    } else {
      const option = (field.options || []).find((o) => o.value === value);
      list.append(element("dd", null, `${option ? option.label : figureValue(value)}${field.unit ? " " + field.unit : ""}`));
    }
  }
  container.replaceChildren(element("h3", null, "输入"), list);
}
