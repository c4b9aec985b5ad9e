// The self-check report as the engine returns it, drawn for screen and print: heading, verification of a
// received file, summary (counts worst first), what needs attention, every item by clause with its verbatim
// text, answer, note, clause address and QR code, the calculators' findings, and what the notice leaves to the
// contract. Built with createElement/textContent only: nothing from the file or the engine becomes markup.
// Shared by the self-check page and the review page, and the engine start-up with its status line too.
import { startWithStatus } from "../calculators/engine.js";
import { clauseLink, element, findingItem, stamp, statusText } from "../calculators/render.js";

export const page = JSON.parse(document.getElementById("sc-data").textContent);

/** Start the calculators' worker, reporting in the page's status line; onReady() once Python is up. */
export function startEngine(onReady) {
  return startWithStatus("sc", { onReady: () => onReady() });
}

/** Colour a node as a status (calculators.css keys each status's colour by data-status); an answer's outcome
 * takes the status the engine gives it (page data: outcomeStatus). */
function toned(node, status) {
  if (status) node.dataset.status = status;
  return node;
}

function outcomeTone(node, outcome) {
  return toned(node, page.outcomeStatus?.[outcome]);
}

function absolute(path) {
  return new URL(path, page.siteUrl).href;
}

const EXAMPLE_MARK = "示例：本报告由本站的示例数据生成（虚构的项目和回答），不是填报单位的申报";

/** @param {Report} report @param {string} generated */
function heading(report, generated) {
  const head = element("div", "sc-report-head");
  const title = element("p", "sc-report-title", "全文自查报告");
  if (report.example) title.append(" ", element("span", "sc-example-tag", "示例"));
  head.append(title);
  if (report.example) head.append(element("p", "sc-example-line", `${EXAMPLE_MARK}。`));
  const facts = element("dl", "sc-facts");
  const project = report.project || {};
  for (const [label, value] of [["项目名称", project.name], ["填报单位", project.organisation],
    ["自查对象", report.role?.name], ["填报日期", project.date], ["生成时间", generated],
    ["数据版本", `${page.dataVersion}（此后的更改见 ${absolute(page.changesUrl)}）`]]) {
    facts.append(element("dt", null, label), element("dd", null, value || "（未填写）"));
  }
  head.append(facts, element("p", "sc-basis", `依据：${page.notice}。全文与各条二维码见 ${page.siteUrl}`));
  return head;
}

/** The submitter's signature and seal, printed at the end of the report. */
function signature() {
  const box = element("div", "sc-sign");
  box.append(element("p", "sc-sign-line", "填报单位（盖章）："), element("p", "sc-sign-line", "负责人（签字）："),
    element("p", "sc-sign-line", "经办人（签字）：　　　　　　　　联系电话："),
    element("p", "sc-sign-line", "日期：　　　　年　　月　　日"));
  return box;
}

function cssString(text) {
  return `"${String(text).replace(/[\\"]/g, "\\$&").replace(/[\n\r\f]/g, " ")}"`;
}

/** Every printed page names the project and the submitter (and 示例, when it is one), in the page's top margin:
 * a stylesheet built here (CSS margin boxes cannot read the page's text), strings escaped as CSS strings. */
function printHeader(report, generated) {
  if (!("adoptedStyleSheets" in document)) return;
  const project = report.project || {};
  const left = `全文自查报告 · ${project.name || "（未填写项目名称）"} · ${project.organisation || "（未填写填报单位）"}`;
  const right = `${report.example ? "示例 · " : ""}生成于 ${generated} · 数据版本 ${page.dataVersion}`;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`@media print { @page { @top-left { content: ${cssString(left)}; }
    @top-right { content: ${cssString(right)}; } } }`);
  document.adoptedStyleSheets = [sheet];
}

/** @param {Report} report */
function verification(report) {
  const check = report.verification;
  if (!check || check.status === "none") return null;
  const box = element("div", `sc-verification sc-verification-${check.status}`);
  box.dataset.verification = check.status;
  if (check.status === "match") {
    box.append(element("p", null, "✓ 文件中的报告与按文件中的回答和数据重新计算的结果一致。"));
    return box;
  }
  box.setAttribute("role", "alert");
  box.append(element("p", "sc-verification-head",
    `⚠ 文件中的报告与重新计算的结果有 ${check.differences.length} 处不一致，可能被改动过；以下按重新计算的结果显示。`));
  const list = element("ul");
  for (const difference of check.differences) list.append(element("li", null, difference.message));
  box.append(list);
  return box;
}

/** @param {Report} report */
function summary(report) {
  const box = element("div", "sc-summary");
  const verdict = element("p", "calc-verdict");
  const badge = element("span", `calc-status calc-status-${report.status}`, report.status_label);
  badge.dataset.status = report.status;
  verdict.append("总体：", badge);
  const counts = element("ul", "sc-counts");
  for (const [outcome, count] of Object.entries(report.counts)) {
    if (!count) continue;
    const label = report.items.find((item) => item.outcome === outcome)?.outcome_label;
    const chip = outcomeTone(element("li", `sc-count sc-outcome-${outcome}`, `${label} ${count} 句`), outcome);
    chip.dataset.outcome = outcome;
    counts.append(chip);
  }
  const checks = element("ul", "sc-counts sc-check-counts");
  for (const [status, count] of Object.entries(report.check_counts)) {
    if (count) checks.append(toned(element("li", `sc-count sc-status-${status}`, `${statusText(status, page)} ${count} 项`), status));
  }
  box.append(verdict, element("p", "sc-summary-line", `逐句回答（共 ${report.items.length} 句）：`), counts);
  box.append(element("p", "sc-summary-line", report.findings.length
    ? `计算核对（共 ${report.findings.length} 项）：` : "计算核对：未提供项目数据，未核对。"));
  if (report.findings.length) box.append(checks);
  return box;
}

/** @param {Report} report */
function attention(report) {
  if (!report.attention.length) return null;
  const box = toned(element("div", "sc-attention"), report.status);
  box.append(element("h3", null, `需要处理的事项（${report.attention.length} 项，不符合在前）`));
  const list = element("ol");
  const items = new Map(report.items.map((item) => [item.id, item]));
  const unanswered = report.attention.filter((e) => e.kind === "provision" && items.get(e.id).outcome === "unanswered");
  for (const entry of report.attention) {
    if (unanswered.includes(entry)) continue;
    const line = element("li", `sc-attention-${entry.kind}`);
    const finding = entry.kind === "check" ? report.findings.find((f) => f.check === entry.id) : null;
    // A conflict reads as the answer 不符合 does (the outcome "no"): the engine names the status it counts as.
    const outcome = entry.kind === "conflict" ? "no" : items.get(entry.id)?.outcome;
    const tone = finding ? `sc-status-${finding.status}` : `sc-outcome-${outcome}`;
    const label = element("span", `sc-attention-label ${tone}`, entry.label);
    if (finding) toned(label, finding.status);
    else outcomeTone(label, outcome);
    line.append(label, " ", clauseLink(entry.clause, page), " ");
    if (entry.kind === "conflict") {
      const item = items.get(entry.id);
      line.append(`第 ${item.sentence} 句：${item.conflict}`);
    } else if (entry.kind === "provision") {
      const item = items.get(entry.id);
      line.append(`第 ${item.sentence} 句：${item.summary}`);
      if (item.note) line.append(element("span", "sc-note-text", `（说明：${item.note}）`));
    } else {
      line.append(finding?.message || entry.id);
    }
    list.append(line);
  }
  if (unanswered.length) {
    // Unanswered sentences on one line: the list stays short enough to print.
    const line = element("li", "sc-attention-unanswered");
    const label = outcomeTone(element("span", "sc-attention-label sc-outcome-unanswered", unanswered[0].label), "unanswered");
    line.append(label, ` ${unanswered.length} 句：`);
    line.append(unanswered.map((e) => `${page.clauses[String(e.clause)].label}第 ${items.get(e.id).sentence} 句`).join("、"));
    list.append(line);
  }
  box.append(list);
  return box;
}

/** The checks 需要处理的事项 lists: on paper they are not repeated further down. */
function listedChecks(report) {
  return new Set(report.attention.filter((entry) => entry.kind === "check").map((entry) => entry.id));
}

function itemElement(item) {
  const node = element("li", "sc-report-item");
  node.dataset.provision = item.id;
  node.dataset.outcome = item.outcome;
  node.dataset.clause = String(item.clause);
  const head = element("p", "sc-item-head");
  const outcome = outcomeTone(element("span", `sc-outcome sc-outcome-${item.outcome}`, item.outcome_label), item.outcome);
  head.append(outcome, ` 第 ${item.sentence} 句 `, element("span", `strength-chip ${item.strength}`, item.strength_label));
  if (!item.binding) head.append(" ", element("span", "sc-optional", "不计为不符合"));
  node.append(head, element("p", "sc-item-text", item.text));
  if (item.conflict) {
    node.dataset.conflicts = item.conflicts.join(" ");
    node.append(element("p", "sc-conflict", `⚠ ${item.conflict}`));
  }
  // A "no": the words that bind (or only encourage) this role, and, where it is not 不符合, why not.
  if (item.answer === "no") node.append(element("p", "sc-item-words", `对本方：据“${item.words}”。${item.basis || ""}`));
  if (item.note) node.append(element("p", "sc-note-text", `说明与依据：${item.note}`));
  return node;
}

/** @param {Report} report */
function itemsByClause(report) {
  const box = element("div", "sc-items");
  const columns = element("div", "sc-items-body");
  box.append(element("h3", null, "逐句回答（按条款）"), columns);
  const listed = listedChecks(report);
  const groups = new Map();
  for (const item of report.items) {
    if (!groups.has(item.clause)) groups.set(item.clause, []);
    groups.get(item.clause).push(item);
  }
  for (const [clause, items] of groups) {
    const group = element("section", "sc-report-clause");
    group.dataset.clause = String(clause);
    const address = absolute(items[0].link.split("#")[0]);
    const qr = element("img", "sc-qr");
    qr.src = `${page.root}${items[0].qr}`;
    qr.alt = `第${items[0].clause_label}条页面二维码`;
    qr.width = 56;
    qr.height = 56;
    const title = element("h4", null);
    title.append(clauseLink(clause, page), ` ${items[0].clause_title}`);
    const side = element("div", "sc-clause-side");
    // The address breaks after a "/" only, so "clause-10/" stays whole in a narrow column.
    const shown = element("span", "sc-address");
    for (const part of address.split(/(?<=\/)/)) shown.append(part, document.createElement("wbr"));
    side.append(qr, shown);
    const list = element("ol", "sc-report-items");
    for (const item of items) list.append(itemElement(item));
    const findings = report.findings.filter((f) => f.clause === clause);
    group.append(side, title, list);
    if (findings.length) {
      const checks = element("ul", "calc-findings sc-clause-findings");
      for (const finding of findings) {
        const line = findingItem(finding, page);
        // Printed once: a finding in 需要处理的事项 is not repeated under its clause on paper.
        if (listed.has(finding.check)) line.classList.add("sc-listed-above");
        checks.append(line);
      }
      group.append(element("p", "sc-findings-head", "本条的计算核对："), checks);
    }
    columns.append(group);
  }
  return box;
}

/** @param {Report} report */
function otherFindings(report) {
  const shown = new Set(report.items.map((item) => item.clause));
  const rest = report.findings.filter((f) => !shown.has(f.clause));
  if (!rest.length && !report.not_run.length) return null;
  const box = element("div", "sc-checks");
  box.append(element("h3", null, "计算核对（项目数据）"));
  const listed = listedChecks(report);
  if (rest.length) {
    const list = element("ul", "calc-findings");
    for (const finding of rest) {
      const line = findingItem(finding, page);
      if (listed.has(finding.check)) line.classList.add("sc-listed-above"); // printed once, as under each clause
      list.append(line);
    }
    box.append(list);
  }
  if (!report.not_run.length && rest.every((finding) => listed.has(finding.check))) box.classList.add("sc-listed-above");
  for (const skipped of report.not_run) {
    const line = element("p", "calc-not-run", "未核对：");
    line.append(clauseLink(skipped.clause, page), " ", skipped.reason);
    box.append(line);
  }
  return box;
}

/** @param {Report} report */
function contract(report) {
  const left = report.left_to_contract;
  if (!left.provisions.length) return null;
  const box = element("div", "sc-contract");
  box.append(element("h3", null, "通知留给项目管理合同约定的事项"));
  for (const provision of left.provisions) {
    const line = element("p", "sc-contract-text");
    line.append(clauseLink(provision.clause, page), `：“${provision.text}”`);
    box.append(line);
  }
  box.append(element("p", "sc-contract-checks", left.checks.length
    ? `本报告中有 ${left.checks.length} 项按合同约定核对（见“计算核对”中标为“合同约定”的结论）。通知本身没有规定这些比例和价格的数值。`
    : "本报告没有按合同约定核对的项目（未提供合同约定的比例或价格）。"));
  return box;
}

/** Draw a report (or the engine's error answer) into the report section. */
/** @param {Report} report */
export function renderReport(section, body, report) {
  section.dataset.status = report.status;
  if (report.status === "error") {
    const list = element("ul", "calc-error-list");
    for (const problem of report.errors || []) list.append(element("li", null, problem.message));
    body.replaceChildren(element("p", "calc-error-summary", report.internal
      ? `计算出错：${report.message}。`
      : `有 ${report.errors?.length || 0} 处需要修改，见下列说明和各项下方的红字。`), list);
    return;
  }
  section.dataset.verification = report.verification?.status || "none";
  section.dataset.example = String(Boolean(report.example));
  const generated = stamp(new Date());
  printHeader(report, generated);
  const parts = [heading(report, generated), verification(report), summary(report), attention(report),
    itemsByClause(report), otherFindings(report), contract(report), signature()];
  body.replaceChildren(...parts.filter(Boolean));
}

/** Show only the items (and clause groups) matching an outcome and a clause; "" matches all. */
export function filterReport(body, outcome, clause) {
  for (const item of body.querySelectorAll(".sc-report-item")) {
    item.hidden = (outcome && item.dataset.outcome !== outcome) || (clause && item.dataset.clause !== clause);
  }
  for (const group of body.querySelectorAll(".sc-report-clause")) {
    group.hidden = ![...group.querySelectorAll(".sc-report-item")].some((item) => !item.hidden);
  }
}
