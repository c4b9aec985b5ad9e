// The review page: open a received self-check file read-only. The engine recomputes the report from the file's
// answers and data and compares it with the report the file carries, so an edited verdict is listed; filters
// show the items of one outcome or one clause.
import { onFileChosen, readJsonFile } from "../calculators/tables.js";
import { filterReport, renderReport, startEngine } from "./report.js";

const section = document.getElementById("calc-result");
const body = document.getElementById("calc-result-body");
const note = document.getElementById("sc-action-note");
const filters = document.getElementById("sc-filters");
const outcome = /** @type {HTMLSelectElement} */ (document.getElementById("sc-filter-outcome"));
const clause = /** @type {HTMLSelectElement} */ (document.getElementById("sc-filter-clause"));
let pending = null;

const engine = startEngine(() => {
  if (pending) open(pending);
});

async function open(request) {
  pending = request;
  if (!engine.ready) {
    note.textContent = "文件已读入，计算引擎就绪后显示。";
    return;
  }
  const report = await engine.run({ calculator: "selfcheck", input: request });
  renderReport(section, body, report);
  filters.hidden = report.status === "error";
  filterReport(body, outcome.value, clause.value);
  if (report.status !== "error") {
    const claimed = report.verification.status === "none" ? "文件未附报告，以下为按文件内容计算的报告。" : "";
    note.textContent = `已打开：${report.role.name}${report.project.name ? "，" + report.project.name : ""}。${claimed}`;
  } else {
    note.textContent = "文件中的内容不是有效的自查请求，见下方说明。";
  }
  section.dataset.answers = String(Number(section.dataset.answers || 0) + 1);
}

onFileChosen(document.getElementById("sc-open"), async (file) => {
  let data;
  try {
    data = await readJsonFile(file, "全文自查导出的 .json 文件");
  } catch (error) {
    note.textContent = error.message;
    return;
  }
  const request = data && data.calculator === "selfcheck" && data.input ? data.input : data;
  open(request).catch((error) => { note.textContent = error.reason ? error.message : "计算引擎出错，请刷新页面重试。"; });
});

for (const control of [outcome, clause]) {
  control.addEventListener("change", () => filterReport(body, outcome.value, clause.value));
}
filters.addEventListener("submit", (event) => event.preventDefault());
