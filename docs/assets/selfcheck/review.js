// The review page: open a received self-check file read-only. The engine recomputes the report from the file's
// answers and data and compares it with the report the file carries, so an edited verdict is listed; filters
// show the items of one outcome or one clause. The line at the top says first what was found — 一致 / 不一致：N 处
// / 文件未附报告 / 无法读取 — with the file's name, project and organisation. Opening a file clears the previous
// one's report first, so a broken or foreign file never leaves another file's report on screen.
import { onFileChosen } from "../calculators/tables.js";
import { filterReport, page, renderReport, startEngine } from "./report.js";

const section = document.getElementById("calc-result");
const body = document.getElementById("calc-result-body");
const note = document.getElementById("sc-action-note");
const line = document.getElementById("sc-review-line");
const filters = document.getElementById("sc-filters");
const outcome = /** @type {HTMLSelectElement} */ (document.getElementById("sc-filter-outcome"));
const clause = /** @type {HTMLSelectElement} */ (document.getElementById("sc-filter-clause"));
let pending = null;

const engine = startEngine(() => {
  if (pending) open(pending.request, pending.name);
});

function element(tag, className, text) {
  return Object.assign(document.createElement(tag), { className: className || "", textContent: text ?? "" });
}

/** The line at the top: the finding first, then the file, project and organisation, then what differs. */
function say(verification, finding, facts = [], differences = []) {
  line.dataset.verification = verification;
  line.hidden = false;
  line.replaceChildren(element("strong", "sc-review-finding", finding));
  for (const [label, value] of facts) {
    if (value) line.append(element("span", "sc-review-fact", `${label}：${value}`));
  }
  if (!differences.length) return;
  const list = element("ul", "sc-review-differences");
  for (const difference of differences) list.append(element("li", "", difference.message));
  line.append(list);
}

/** Forget the previous file: its report, filters and top line. */
function reset(message) {
  section.dataset.status = "pending";
  delete section.dataset.verification;
  filters.hidden = true;
  body.replaceChildren(element("p", "calc-waiting", message));
}

/** What kind of file this is, when it is not a self-check file: a sentence saying so and what to do. */
function foreign(bytes, data) {
  const head = new TextDecoder().decode(bytes.slice(0, 8));
  if (data === undefined) {
    if (head.startsWith("%PDF")) return "这是一个 PDF 文件（可能是打印的自查报告）。请向填报单位索取全文自查页面“导出为 JSON 文件”得到的 .json 文件。";
    if (head.startsWith("PK")) return "这是一个压缩包或 Word、Excel 文件，不是自查文件。请选择全文自查页面导出的 .json 文件。";
    if ((bytes[0] === 0x89 && head.slice(1, 4) === "PNG") || (bytes[0] === 0xff && bytes[1] === 0xd8) || head.startsWith("GIF8")) {
      return "这是一个图片文件，不是自查文件。请选择全文自查页面导出的 .json 文件。";
    }
    return "文件不是有效的 JSON（可能不完整或已损坏）。请向填报单位重新索取全文自查页面导出的 .json 文件。";
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) return "文件是 JSON，但内容不是一个自查请求（应为一个 JSON 对象）。";
  if (data.calculator === "plan") {
    return "这是“项目整体自查”页面导出的文件：只有项目数据，没有逐句回答。请在“项目整体自查”页面导入查看，或请填报单位在全文自查页面填写后导出。";
  }
  if (data.calculator && data.calculator !== "selfcheck") {
    const title = page.calculatorTitles[data.calculator];
    return title ? `这是“${title}”计算器导出的文件，不是全文自查文件；请在该计算器页面导入查看。` : "这是另一种计算器导出的文件，不是全文自查文件。";
  }
  const request = data.calculator === "selfcheck" && data.input ? data.input : data;
  if (!page.roles[request.role]) return "文件是 JSON，但没有有效的自查对象（role），不是全文自查页面导出的文件。";
  return null;
}

async function open(request, name) {
  pending = { request, name };
  if (!engine.ready) {
    note.textContent = "文件已读入，计算引擎就绪后显示。";
    return;
  }
  const report = await engine.run({ calculator: "selfcheck", input: request });
  renderReport(section, body, report);
  filters.hidden = report.status === "error";
  filterReport(body, outcome.value, clause.value);
  section.dataset.answers = String(Number(section.dataset.answers || 0) + 1);
  if (report.status === "error") {
    say("unreadable", "无法读取：文件中的内容不是有效的自查请求", [["文件", name]]);
    note.textContent = "见下方说明：文件可能被手工改动过，请向填报单位重新索取。";
    return;
  }
  const check = report.verification;
  const found = {
    match: "一致：文件中的报告与重新计算的结果一致",
    mismatch: `不一致：${check.differences.length} 处，可能被改动过；以下按重新计算的结果显示`,
    none: "文件未附报告：以下为按文件内容计算的报告",
  }[check.status];
  say(check.status, `${report.example ? "【示例文件】" : ""}${found}`, [["文件", name],
    ["项目", report.project.name || "（未填写）"], ["填报单位", report.project.organisation || "（未填写）"],
    ["自查对象", report.role.name]], check.differences);
  note.textContent = "";
}

onFileChosen(document.getElementById("sc-open"), async (file) => {
  pending = null;
  reset("正在读取文件……");
  const bytes = new Uint8Array(await file.arrayBuffer());
  let data;
  try {
    data = JSON.parse(new TextDecoder().decode(bytes));
  } catch { /* not JSON: foreign() says what it is */ }
  const problem = foreign(bytes, data);
  if (problem) {
    say("unreadable", "无法读取", [["文件", file.name]]);
    reset(problem); // said once, where the report would be
    note.textContent = "";
    return;
  }
  const request = data.calculator === "selfcheck" && data.input ? data.input : data;
  open(request, file.name).catch((error) => { note.textContent = error.reason ? error.message : "计算引擎出错，请刷新页面重试。"; });
});

for (const control of [outcome, clause]) {
  control.addEventListener("change", () => filterReport(body, outcome.value, clause.value));
}
filters.addEventListener("submit", (event) => event.preventDefault());
