// A calculator page: starts the engine at once, recomputes as inputs change (debounced), keeps the link
// reproducing the inputs, and wires tables, sharing, print and JSON export/import.
import { copyText } from "./clipboard.js";
import { startWithStatus } from "./engine.js";
import * as form from "./form.js";
import { renderFailure, renderInputs, renderMessage, renderResult, stamp, statusText } from "./render.js";
import * as sections from "./sections.js";
import * as share from "./share.js";
import { showVerdict, wireSticky } from "./sticky.js";
import { wireTables } from "./table-io.js";
import { wireTermImport } from "./term-io.js";
import { download, onFileChosen } from "./tables.js";

const DEBOUNCE_MS = 120;
const page = JSON.parse(document.getElementById("calc-spec").textContent);
const formElement = /** @type {HTMLFormElement} */ (document.getElementById("calc-form"));
const section = document.getElementById("calc-result");
const body = document.getElementById("calc-result-body");
const note = document.getElementById("calc-action-note");
const fields = page.fields;
const byKey = new Map(fields.map((field) => [field.key, field]));

let sequence = 0;
let timer = null;
// Opened from a shared link: bring the verdict into view once, when the first answer is shown.
let revealOnAnswer = false;
// The form holds the example (填入示例, on a page that starts empty): the printed head and the export say so.
let example = false;

let failed = false; // the engine stopped: a retry's start recomputes
const engine = startWithStatus("calc", {
  onReady() {
    if (failed) recompute().catch(showFailure);
    failed = false;
  },
  onFail(message) {
    failed = true;
    renderMessage(section, body, message, "calc-message calc-message-error");
  },
});

function showFailure(error) {
  renderFailure(section, body, error);
}

// "units[2].price" → field units, row 3, column price; "land.area" → field land.area.
function locate(path) {
  const match = /^(.+?)\[(\d+)\](?:\.(.+))?$/.exec(path || "");
  if (match && byKey.has(match[1])) return { field: byKey.get(match[1]), row: Number(match[2]) + 1, column: match[3] };
  let key = path || "";
  while (key && !byKey.has(key)) key = key.includes(".") ? key.slice(0, key.lastIndexOf(".")) : "";
  return key ? { field: byKey.get(key) } : null;
}

/** The per-row results the engine gives for a table field, if any.
 * @param {Verdict} result
 * @returns {UnitRow[] | null} */
function tableAnswer(result, key) {
  // "prices.units" in the plan is results.prices.units.
  const path = key.split(".");
  /** @type {any} */
  let node = path.length > 1 ? result.results?.[path[0]] : result;
  for (const part of path.slice(path.length > 1 ? 1 : 0)) node = node?.[part];
  return Array.isArray(node) ? node : null;
}

function showRowResults(result) {
  for (const field of fields.filter((f) => f.type === "table")) {
    const perRow = result.status === "error" ? null : tableAnswer(result, field.key);
    form.filledRowElements(field).forEach((row, index) => {
      const cell = /** @type {HTMLElement} */ (row.querySelector(".calc-row-result"));
      // The row's own result, status and wording, as the engine gives it (prices: each unit against the contract).
      const own = perRow?.[index];
      cell.dataset.status = own?.status ?? "";
      cell.textContent = own?.summary ?? "";
    });
  }
}

async function recompute() {
  const values = form.readValues(formElement, fields);
  const mine = ++sequence;
  const asked = performance.now();
  const result = /** @type {Verdict} */ (await engine.run({ calculator: page.calculator, input: form.payload(values) }));
  if (mine !== sequence) return; // a newer change is already being computed
  await nextFrame();
  if (mine !== sequence) return;
  form.clearErrors(formElement);
  // A page that starts empty, still untouched: an invitation, not a list of red 缺少 messages.
  const pristine = page.startsEmpty && result.status === "error" && !result.internal && !holdsData(values);
  if (result.status === "error" && !pristine) {
    for (const problem of result.errors || []) {
      const place = locate(problem.field);
      if (place) form.showError(formElement, place.field, problem.message, place.row, place.column);
    }
    // The message under the field being typed in stays in view: on phones above the 看结论 link, which the
    // page's scroll-padding leaves room for (calculators.css).
    document.activeElement?.closest(".calc-field")?.querySelector(".calc-error:not([hidden])")
      ?.scrollIntoView({ block: "nearest" });
  }
  const status = pristine ? invite() : renderResult(section, body, result, page);
  showJump(status);
  showSections(values, result);
  showRowResults(result);
  renderInputs(document.getElementById("calc-print-inputs"), fields, values);
  form.showPercentHints(formElement, fields);
  scheduleLink(values);
  // Observable figures (bench/calculators.py reads them): answers so far, last request-to-render time.
  section.dataset.answers = String(Number(section.dataset.answers || 0) + 1);
  section.dataset.ms = (performance.now() - asked).toFixed(1);
  if (revealOnAnswer) {
    revealOnAnswer = false;
    section.scrollIntoView({ block: "start" });
  }
}

/** The verdict is drawn in the task of the frame that shows it, just before its style and layout, rather than in
 * the task of the worker's message (whose script Lighthouse counts at four times its length on a phone, a frame's
 * task at twice): one task instead of two. Hidden pages get no frames: a timer draws it there. */
function nextFrame() {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 250);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The summary line of each folding part of the form (the plan's parts, sections.js says what it counts), and the
 * sticky summary above the form adding them up. A part with an input to correct opens, so no message is hidden in
 * a folded part.
 */
function showSections(values, result) {
  const counts = [];
  for (const part of /** @type {NodeListOf<HTMLDetailsElement>} */ (formElement.querySelectorAll("details.calc-section"))) {
    const errors = part.querySelectorAll(".calc-error:not([hidden])").length;
    const count = sections.partCount(fields, part.dataset.section, values, result, errors, page);
    const line = /** @type {HTMLElement} */ (part.querySelector(".calc-section-count"));
    line.dataset.status = sections.partStatus(count);
    line.textContent = sections.partText(count, page);
    if (errors) part.open = true;
    counts.push(count);
  }
  const summary = document.getElementById("calc-sticky-counts");
  if (summary) summary.textContent = sections.planSummary(counts);
}

// Printing shows every part's tables, folded or not; the reader's folding is back afterwards.
let foldedForPrint = [];
addEventListener("beforeprint", () => {
  flushLink(); // the browser may print the address
  foldedForPrint = [.../** @type {NodeListOf<HTMLDetailsElement>} */ (formElement.querySelectorAll("details.calc-section:not([open])"))];
  for (const part of foldedForPrint) part.open = true;
});
addEventListener("afterprint", () => {
  for (const part of foldedForPrint) part.open = false;
  foldedForPrint = [];
});

/** The 看结论 links carry the overall status (sticky.js). */
function showJump(status) {
  showVerdict(status, status === PENDING ? "" : statusText(status, page));
}

const PENDING = "pending"; // no verdict yet: the result area's own state (render.js renderMessage), not a status

/** The result area of an untouched page that starts empty: what to do, no verdict. */
function invite() {
  renderMessage(section, body, "请填写您项目的数据，或点“填入示例”看一个完整的例子；填写后这里显示按条款排列的结论。");
  return PENDING;
}

/** The jump link only while the result is out of view. */
function watchResultVisibility() {
  const jump = document.getElementById("calc-jump");
  if (!jump || !("IntersectionObserver" in window)) return; // the sticky summary's link is always in view
  new IntersectionObserver((entries) => {
    jump.dataset.hidden = entries.some((entry) => entry.isIntersecting) ? "true" : "false";
  }).observe(section);
}

function schedule() {
  untouched = false;
  clearTimeout(timer);
  timer = setTimeout(() => recompute().catch(showFailure), DEBOUNCE_MS);
}

let linkValues = null; // the values the address is still to reproduce (scheduleLink), or null
let linkPending = false; // a timer will write the address
// The page opened at its bare address (with its example, or empty), and the reader has changed nothing: that
// address already opens the same form, so it is left as it is (writing the example into it was a task of its own
// on every first visit, which Lighthouse counted as blocking on a phone). Copying the link and printing write it.
let untouched = false;

/** Bring the address up to date in a task of its own, just after the verdict is drawn: history.replaceState was
 * most of the verdict's script time (11–13 ms of 14 on this machine, 4× that on a phone), and Lighthouse counts a
 * task's time past 50 ms as blocking. Whatever reads the address first (copying the link, printing) brings it up
 * to date at once (flushLink). */
function scheduleLink(values) {
  linkValues = values;
  if (untouched || linkPending) return;
  linkPending = true;
  setTimeout(() => {
    linkPending = false;
    flushLink();
  }, 0);
}

function flushLink() {
  if (linkValues !== null) updateLink(linkValues);
  linkValues = null;
}

function updateLink(values) {
  const { query, omitted } = share.toQuery(fields, values, location.origin + location.pathname);
  // Only when the address changes: replaceState was the largest part of drawing a verdict at phone CPU speed.
  if (location.search !== query) history.replaceState(null, "", location.pathname + query);
  // Only its own message: what an action said (with its 撤销 button) stays until the next action.
  const said = omitted.length ? `表格（${omitted.map((k) => byKey.get(k).label).join("、")}）较大，未放入链接；请用“导出为 JSON 文件”保存。` : "";
  if (said || note.dataset.link) note.textContent = said;
  note.dataset.link = said ? "true" : "";
}

function wireActions() {
  document.getElementById("calc-copy-link").addEventListener("click", async () => {
    flushLink();
    try {
      await copyText(location.href);
      note.textContent = "链接已复制：打开它即可复现本结果。";
    } catch {
      note.textContent = `请手动复制地址栏中的链接：${location.href}`;
    }
  });
  document.getElementById("calc-print").addEventListener("click", () => window.print());
  document.getElementById("calc-export").addEventListener("click", () => {
    const input = form.payload(form.readValues(formElement, fields));
    const text = share.exportDocument(page.calculator, input, page.notice, example);
    download(`${page.calculator}-自查.json`, text, "application/json");
  });
  onFileChosen(document.getElementById("calc-import"), async (file) => {
    try {
      const values = share.importDocument(await file.text(), page.calculator);
      if (!replace(`已导入 ${file.name}。`, "导入", `要用文件“${file.name}”中的数据替换表单中现有的数据吗？`)) return;
      form.writeValues(formElement, fields, values);
      schedule();
    } catch (error) {
      note.textContent = error.message;
    }
  });
  if (!page.startsEmpty) return;
  document.getElementById("calc-example").addEventListener("click", () => {
    if (!replace("已填入示例：结果和打印件都注明“示例”；填写自己的项目前请先清空。", "填入示例", "填入示例会替换表单中现有的数据。")) return;
    form.writeValues(formElement, fields, everyField(page.example));
    form.showWhatTheFormHolds(formElement, "example");
    markExample(true);
    schedule();
  });
  document.getElementById("calc-clear").addEventListener("click", () => {
    if (!replace("已清空表单中的全部数据。", "清空", "清空会删除表单中的全部数据。")) return;
    form.writeValues(formElement, fields, everyField({}));
    markExample(false);
    schedule();
  });
}

function markExample(on) {
  example = on;
  document.getElementById("calc-example-mark").hidden = !on;
}

/** Every field of the form: those not given go back to their defaults (nothing of what was there stays). */
function everyField(values) {
  return Object.fromEntries(fields.map((f) => [f.key, values[f.key] ?? (f.type === "table" ? [] : f.default ?? "")]));
}

/** Does the form hold anything the reader gave: a value other than its field's default, or a table row? */
function holdsData(values) {
  return fields.some((f) => {
    const value = values[f.key];
    const empty = value === "" || value === null || value === false || (Array.isArray(value) && !value.length);
    return !empty && String(value) !== String(f.default ?? "");
  });
}

/** Before replacing or clearing the form's data: ask when it holds any, and keep it for one 撤销. Returns false
 * when the user keeps what is there. */
function replace(done, action, question) {
  const before = form.readValues(formElement, fields);
  const held = holdsData(before);
  if (held && !confirm(`${question}要继续吗？（之后可撤销）`)) {
    note.textContent = "表单中的数据保持不变。";
    return false;
  }
  const wasExample = example;
  note.replaceChildren(done);
  if (!held) return true;
  const undo = Object.assign(document.createElement("button"), {
    type: "button", className: "md-button calc-undo", id: "calc-undo", textContent: `撤销${action}`,
  });
  undo.addEventListener("click", () => {
    form.writeValues(formElement, fields, everyField(before));
    markExample(wasExample);
    note.textContent = "已撤销，表单恢复为之前的数据。";
    schedule();
  });
  note.append(" ", undo);
  return true;
}

function start() {
  document.getElementById("calc-date").textContent = stamp(new Date());
  const shared = share.fromQuery(location.search, fields);
  const holds = shared ? "shared" : page.example && !location.search && !page.startsEmpty ? "example" : null;
  // The page is sent holding its opening form: the example, or empty on a page that starts empty
  // (sitegen/pages/calculator_pages.py form_state). Only what else the form should hold is written: a shared link's
  // values (a field it leaves out goes back to its default) or, on a link naming no field, the empty form.
  // What the reader typed while the scripts were on their way stays (form.js typedBeforeStart).
  const typed = form.typedBeforeStart(formElement, fields);
  const sentEmpty = page.startsEmpty || !Object.keys(page.example ?? {}).length;
  if (shared || (holds !== "example" && !sentEmpty)) {
    const wanted = Object.entries(everyField(shared ?? {})).filter(([key]) => !typed.has(key));
    form.writeValues(formElement, fields, Object.fromEntries(wanted));
  }
  revealOnAnswer = Boolean(shared);
  untouched = !location.search && !typed.size;
  form.showWhatTheFormHolds(formElement, holds);
  watchResultVisibility();
  formElement.addEventListener("input", schedule);
  formElement.addEventListener("change", schedule);
  formElement.addEventListener("submit", (event) => event.preventDefault());
  wireTables(fields, schedule, (text) => { note.textContent = text; }, page.example || {});
  wireTermImport(formElement, fields, schedule);
  wireActions();
  wireSticky();
  if (engine.worker) {
    renderMessage(section, body, "计算引擎加载中，加载完成后自动显示结果。");
    recompute().catch(showFailure);
  }
}

start();
