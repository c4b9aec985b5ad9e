// The result panel: a summary on top (overall status, then how many findings of each status, worst first),
// every finding worst first with its clause linked, the figures, and per-row results in the tables.
// Status and basis labels, and their order (worst first), are the engine's (calculators.labels(), in the page
// data): this file names no status, so a status the engine adds shows with its own label and order.
// Built with createElement/textContent only: engine text is never markup.

/** An element with a class and text (never markup): the one builder of the result and report views. */
export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A link to the clause page, e.g. 第（一）条 → ../../clauses/clause-01/ (the path comes from sitegen/urls.py). */
export function clauseLink(number, page) {
  const clause = page.clauses[String(number)];
  if (!clause) return element("span", "calc-clause", `第${number}条`);
  const link = element("a", "calc-clause", `第${clause.label}条`);
  link.href = page.root + clause.path;
  link.title = clause.citation;
  return link;
}

/** The engine's label for a status ("不符合" …). */
export function statusText(status, page) {
  return page.labels.status[status] || status;
}

/** Rank of a status, worst first (0), in the engine's order; unknown statuses last. */
function rank(status, page) {
  const index = page.labels.order.indexOf(status);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

/** The worst of some statuses in the engine's order, or "" when there are none. */
export function worstStatus(statuses, page) {
  return [...statuses].sort((a, b) => rank(a, page) - rank(b, page))[0] || "";
}

function statusBadge(status, page) {
  const badge = element("span", "calc-status", statusText(status, page));
  badge.dataset.status = status;
  return badge;
}

/** Overall status and the number of findings of each status, worst first: "不符合 1 项 · 符合 4 项". */
function summary(status, findings, page) {
  const box = element("div", "calc-summary");
  box.id = "calc-summary";
  const head = element("p", "calc-verdict");
  head.append("总体结论：", statusBadge(status, page));
  box.append(head);
  const counts = new Map();
  for (const finding of findings) counts.set(finding.status, (counts.get(finding.status) || 0) + 1);
  if (counts.size) {
    const list = element("ul", "calc-counts");
    list.setAttribute("aria-label", "各结论的项数");
    for (const key of [...counts.keys()].sort((a, b) => rank(a, page) - rank(b, page))) {
      const item = element("li", "calc-count");
      item.dataset.status = key;
      item.append(element("span", "calc-count-label", statusText(key, page)), ` ${counts.get(key)} 项`);
      list.append(item);
    }
    box.append(list);
  }
  return box;
}

/** @param {Finding} finding */
export function findingItem(finding, page) {
  const item = element("li", "calc-finding");
  item.dataset.status = finding.status;
  const head = element("p", "calc-finding-head");
  head.append(statusBadge(finding.status, page), " ", clauseLink(finding.clause, page));
  if (finding.basis) {
    const basis = element("span", "calc-basis", page.labels.basis[finding.basis] || finding.basis);
    basis.dataset.basis = finding.basis;
    head.append(" ", basis);
  }
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

/** A figure that echoes a select's value ("count") reads as that option's label ("按企业数"). */
function optionLabel(key, value, page) {
  const field = page.fields.find((f) => (f.key === key || f.key.endsWith(`.${key}`)) && f.options);
  return field?.options.find((option) => option.value === value)?.label;
}

function figuresList(result, labels, page) {
  // The members that are not figures are the engine's (registry.STRUCTURE_KEYS, in the page data).
  const entries = Object.entries(result).filter(([key, value]) => !page.labels.structure.includes(key)
    && !(Array.isArray(value) && value.length && typeof value[0] === "object"));
  if (!entries.length) return null;
  const list = element("dl", "calc-figures");
  for (const [key, value] of entries) {
    const label = labels[key];
    list.append(element("dt", null, label ? label.label : key));
    const dd = element("dd", null, optionLabel(key, value, page) ?? figureValue(value));
    if (label?.how) dd.append(element("span", "calc-how", `（${label.how}）`));
    list.append(dd);
  }
  return list;
}

/** Fill the result section for a verdict; returns the status shown.
 * @param {HTMLElement} section
 * @param {HTMLElement} body
 * @param {Verdict} result */
export function renderResult(section, body, result, page) {
  const status = result.status || "error";
  section.dataset.status = status;
  // Worst first; the engine's clause order is kept among findings of one status (sort is stable).
  const findings = [...(result.findings || [])].sort((a, b) => rank(a.status, page) - rank(b.status, page));
  const parts = [summary(status, findings, page)];
  if (status === "error") {
    parts.push(element("p", "calc-error-summary", result.internal
      ? `计算出错：${result.message}。请检查输入；如问题持续，请报告此页面地址。`
      : `有 ${result.errors?.length || 0} 处输入需要修改，见各输入项下方的红字说明。`));
    const list = element("ul", "calc-error-list");
    for (const problem of result.errors || []) list.append(element("li", null, problem.message));
    parts.push(list);
  } else {
    const list = element("ol", "calc-findings");
    for (const finding of findings) list.append(findingItem(finding, page));
    parts.push(element("h3", null, `逐项结论（${findings.length} 项，按结论从重到轻）`), list);
    for (const skipped of result.not_run || []) {
      const line = element("p", "calc-not-run", "未核对：");
      if (skipped.clause) line.append(clauseLink(skipped.clause, page), " ");
      line.append(skipped.reason);
      parts.push(line);
    }
    const labels = page.figureLabels || {};
    const figures = figuresList(result, labels[page.calculator] || {}, page);
    if (figures) parts.push(element("h3", null, "计算数据"), figures);
    // The whole-plan check nests each calculator's answer under results.
    for (const [name, sub] of Object.entries(result.results || {})) {
      const subFigures = sub && typeof sub === "object" ? figuresList(sub, labels[name] || {}, page) : null;
      if (subFigures) parts.push(element("h3", null, `计算数据：${page.titles?.[name] || name}`), subFigures);
    }
  }
  body.replaceChildren(...parts);
  return status;
}

/** Why a request got no answer, in the result area: the engine's own Chinese message when it stopped (Engine.run
 * rejects with it), else a page error worded for the reader (and logged for whoever reports it). */
export function renderFailure(section, body, error) {
  if (!error?.reason) console.error(error);
  const text = error?.reason ? error.message : `结果未能显示（${error}）。请刷新页面重试；如问题持续，请报告此页面地址。`;
  renderMessage(section, body, text, "calc-message calc-message-error");
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
      list.append(element("dd", null, `${value.length} 行（见下表）`));
    } else {
      const option = (field.options || []).find((o) => o.value === value);
      list.append(element("dd", null, `${option ? option.label : figureValue(value)}${field.unit ? " " + field.unit : ""}`));
    }
  }
  container.replaceChildren(element("h3", null, "输入"), list);
}
