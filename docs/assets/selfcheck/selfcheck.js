// The 全文自查 page: choose a role, answer its provisions, fill the plan's data; every change is saved in this
// browser (localStorage) and the engine's report redrawn. Export writes the engine's request with the report
// attached (so `python -m calculators selfcheck < file` and the review page both recheck it); import reads one
// back; a share link carries the request in the URL's fragment when it fits; print gives the report alone.
// The page starts empty: the worked example is one button away and marked "example" in the state, the request
// and every printed page. Filling in the example, importing and clearing ask before replacing the user's work,
// and each can be undone (the state before it is kept; the note offers 撤销).
import { copyText } from "../calculators/clipboard.js";
import * as form from "../calculators/form.js";
import { flatten, fromQuery, MAX_URL } from "../calculators/share.js";
import { wireTables } from "../calculators/table-io.js";
import { wireTermImport } from "../calculators/term-io.js";
import { download, onFileChosen, readJsonFile } from "../calculators/tables.js";
import { renderFailure, renderMessage, statusText } from "../calculators/render.js";
import * as sections from "../calculators/sections.js";
import { showVerdict, wireSticky } from "../calculators/sticky.js";
import { page, renderReport, showPaper, startEngine } from "./report.js";

const STORE = "selfcheck/v1";
const DEBOUNCE_MS = 150;
const formElement = /** @type {HTMLFormElement} */ (document.getElementById("calc-form"));
const section = document.getElementById("calc-result");
const body = document.getElementById("calc-result-body");
const note = document.getElementById("sc-action-note");
const clauses = document.getElementById("sc-clauses"); // the chosen role's questions (data-role: whose)
const fields = page.fields; // the plan's fields, keys prefixed "plan."
const byKey = new Map(fields.map((field) => [field.key, field]));

// The saved state: answers are kept per role (a provision addressed to two parties is answered by each).
let state = { role: "", project: {}, answers: {}, plan: {}, example: false };
let lastReport = null;
let undo = null; // the state before the last replace or clear, and what that action was
let sequence = 0;
let timer = null;
let ready = false;

const engine = startEngine(() => {
  ready = true;
  recompute().catch(showFailure);
});

const NOT_SAVED = "此浏览器不允许本页保存数据（如隐私模式或单位的安全设置），关闭页面后回答会丢失；请用“导出为 JSON 文件”保存。";

/** This browser's localStorage, or null where it is refused: then reading the property itself throws. */
function storage() {
  try {
    return window.localStorage;
  } catch {
    return null; // saving is off; start() says so
  }
}

function save() {
  try {
    storage()?.setItem(STORE, JSON.stringify(state));
  } catch {
    note.textContent = NOT_SAVED; // full, or refused since the page opened
  }
}

const UNREADABLE = `${STORE}.unreadable`;
const SET_ASIDE = "本浏览器中保存的自查内容无法读取（可能已损坏），本页从空白开始；原内容另存在浏览器中，不会被新的回答覆盖。";

/** The saved state, if any: "saved" when it was read, "unreadable" when it was set aside (the page starts empty),
 * null when there was none or storage is refused. */
function load() {
  let text = null;
  try {
    text = storage()?.getItem(STORE) ?? null;
  } catch {
    return null; // refused: nothing saved here
  }
  if (text === null) return null;
  let saved = null;
  try {
    saved = JSON.parse(text);
  } catch { /* written by hand, or cut short: set aside below */ }
  if (saved && typeof saved === "object") {
    state = { ...state, ...saved };
    return "saved";
  }
  // Kept under another key, so that the next save does not destroy it unsaid.
  try {
    storage()?.setItem(UNREADABLE, text);
    storage()?.removeItem(STORE);
  } catch {
    note.textContent = NOT_SAVED; // refused since the page opened
  }
  return "unreadable";
}

function showFailure(error) {
  renderFailure(section, body, error);
}

function roleAnswers(role = state.role) {
  return state.answers[role] ??= {};
}

/** The engine's request for the current role: only what was filled in. */
function request() {
  const out = { role: state.role || undefined };
  const project = Object.fromEntries(Object.entries(state.project).filter(([, v]) => v));
  if (Object.keys(project).length) out.project = project;
  const answers = {};
  for (const [id, answer] of Object.entries(roleAnswers())) {
    if (!page.provisions[id]?.includes(state.role)) continue;
    const given = Object.fromEntries(Object.entries(answer).filter(([, v]) => v));
    if (Object.keys(given).length) answers[id] = given;
  }
  if (Object.keys(answers).length) out.answers = answers;
  const plan = planInput();
  if (plan) out.plan = plan;
  if (state.example) out.example = true;
  return out;
}

/** Whether the page holds anything the user (or the example) put in: replacing it needs asking. */
function hasWork() {
  const answered = Object.values(state.answers).some((byRole) =>
    Object.values(byRole || {}).some((answer) => Object.values(answer || {}).some(Boolean)));
  return answered || Object.values(state.project).some(Boolean) || Boolean(planInput());
}

/** Keep the state before an action that replaces or clears it; the note then offers to undo the action. */
function remember(action) {
  undo = { state: structuredClone(state), action };
}

function tell(text, undoable = false) {
  note.replaceChildren(text);
  if (!undoable || !undo) return;
  const button = Object.assign(document.createElement("button"), {
    type: "button", className: "md-button sc-undo", id: "sc-undo", textContent: `撤销${undo.action}`,
  });
  button.addEventListener("click", () => {
    state = undo.state;
    undo = null;
    writeForm();
    save();
    recompute().catch(showFailure);
    tell("已撤销，页面恢复为之前的内容。");
  });
  note.append(" ", button);
}

/** Does the plan's field hold more than its default (a choice left as it came is not given)? */
function isGiven(field) {
  const value = state.plan[field.key];
  return sections.isFilled(value) && String(value) !== String(field.default ?? "");
}

/** The plan's parts (land, ratios, prices …) that hold more than their defaults; the rest count as not given. */
function planInput() {
  const given = new Set(fields.filter(isGiven).map((field) => field.key.split(".")[1]));
  const kept = Object.entries(state.plan).filter(([key]) => given.has(key.split(".")[1]));
  return form.payload(Object.fromEntries(kept)).plan;
}

/** The page's elements (inputs, question items) that `selector` finds, typed for what this page reads of them.
 * @param {string} selector
 * @param {ParentNode} [within] */
function items(selector, within = document) {
  return /** @type {NodeListOf<HTMLInputElement>} */ (within.querySelectorAll(selector));
}

/** Read every control into the state (the plan's through the calculators' form code). The questions on the page
 * are those of the role they were drawn for, folded or not: their answers go to that role before a newly chosen
 * role's questions replace them. */
function readForm() {
  const answers = clauses.dataset.role ? roleAnswers(clauses.dataset.role) : {};
  state.role = /** @type {RadioNodeList} */ (formElement.elements.namedItem("role")).value || state.role;
  for (const key of ["name", "organisation", "date"]) state.project[key] = formElement.elements[`project.${key}`].value.trim();
  for (const item of items(".sc-item", clauses)) {
    const id = item.dataset.provision;
    const checked = /** @type {HTMLInputElement | null} */ (item.querySelector("input[type=radio]:checked"));
    answers[id] = { answer: checked ? checked.value : "", note: /** @type {HTMLTextAreaElement} */ (item.querySelector("textarea")).value.trim() };
  }
  state.plan = form.readValues(formElement, fields);
}

/** Put the chosen role's answers into its questions. */
function writeAnswers() {
  const answers = roleAnswers();
  for (const item of items(".sc-item", clauses)) {
    const answer = answers[item.dataset.provision] || {};
    for (const radio of items("input[type=radio]", item)) radio.checked = radio.value === answer.answer;
    /** @type {HTMLTextAreaElement} */ (item.querySelector("textarea")).value = answer.note || "";
  }
}

/** Put the state into the controls and show the chosen role's questions. */
function writeForm() {
  for (const radio of items("input[name=role]", formElement)) radio.checked = radio.value === state.role;
  for (const key of ["name", "organisation", "date"]) formElement.elements[`project.${key}`].value = state.project[key] || "";
  showRole();
  writeAnswers();
  // Every field, not only those saved: a field the state does not hold goes back to its default (after 清空,
  // an import or an undo, nothing of the previous content stays in the form).
  const blank = (field) => (field.type === "table" ? [] : field.default ?? "");
  form.writeValues(formElement, fields, Object.fromEntries(fields.map((f) => [f.key, state.plan[f.key] ?? blank(f)])));
  document.getElementById("sc-example-banner").hidden = !state.example;
  // The plan's data stays folded (the worked example's fills 12 phone screens): its count says what it holds, and
  // a message about one of its fields opens it (showProblem).
  showCounts();
}

/** Draw the chosen role's questions from the page's template for it (built with the page), folded by clause;
 * true when they were drawn anew (then they hold no answers yet: writeAnswers). */
function drawRole() {
  const role = state.role;
  if (clauses.dataset.role === role) return false;
  const template = /** @type {HTMLTemplateElement | null} */ (document.getElementById(`sc-role-${role}`));
  clauses.replaceChildren(...(template ? [template.content.cloneNode(true)] : []));
  clauses.dataset.role = template ? role : "";
  showFoldAll();
  return true;
}

function showRole() {
  const role = state.role;
  if (drawRole()) writeAnswers();
  document.getElementById("sc-questions").hidden = !role;
  document.getElementById("sc-pick-role").hidden = Boolean(role);
  const url = new URL(location.href);
  if (role) url.searchParams.set("role", role);
  if (url.href !== location.href) history.replaceState(null, "", url.pathname + url.search + url.hash); // slow on a phone
}

/** Each clause's count under its name (answered, what needs attention by the last report), the sticky summary's
 * totals, and its 看结论 link naming the last report's verdict (sections.js counts). */
function showCounts() {
  const answers = state.role ? roleAnswers() : {};
  const report = lastReport?.role?.id === state.role ? lastReport : null;
  const counts = [];
  for (const part of /** @type {NodeListOf<HTMLDetailsElement>} */ (clauses.querySelectorAll("details.sc-clause"))) {
    const ids = [...items(".sc-item", part)].map((item) => item.dataset.provision);
    const count = sections.clauseCount(ids, answers, report, Number(part.dataset.clause), page);
    const errors = part.querySelectorAll(".calc-error:not([hidden])").length;
    const line = /** @type {HTMLElement} */ (part.querySelector(".calc-section-count"));
    line.dataset.status = errors ? "error" : count.worst;
    line.textContent = sections.clauseText(count) + (errors ? ` · ${errors} 处需修改` : "");
    if (errors) part.open = true;
    counts.push(count);
  }
  const plan = document.getElementById("sc-plan");
  const planErrors = plan.querySelectorAll(".calc-error:not([hidden])").length;
  const filled = fields.filter(isGiven).length;
  const planCount = document.getElementById("sc-plan-count");
  planCount.dataset.status = planErrors ? "error" : "";
  planCount.textContent = `已填 ${filled}/${fields.length} 项${planErrors ? ` · ${planErrors} 处需修改` : ""}`;
  document.getElementById("calc-sticky-counts").textContent = state.role
    ? `${page.roles[state.role]}：${sections.answerSummary(counts, sections.attentionOf(report).length)}`
    : "请先选择自查对象";
}

/** 全部展开 / 全部收起: what the button does next, by whether any clause is folded. */
function showFoldAll() {
  const button = document.getElementById("sc-fold-all");
  const folded = clauses.querySelector("details.sc-clause:not([open])");
  button.textContent = folded ? button.dataset.open : button.dataset.close;
  button.setAttribute("aria-expanded", String(!folded));
}

/** Open the clause holding a question (a link to #q-…, a message to read there). */
function reveal(node) {
  const part = /** @type {HTMLDetailsElement | null} */ (node?.closest("details.sc-clause"));
  if (part) part.open = true;
}

// "answers.clause-10-p2.answer" → the item's message box; "plan.prices.units[2].price" → the plan's field.
function showProblem(problem) {
  const path = problem.field || "";
  const item = /^answers\.([^.]+)/.exec(path);
  const key = item ? `answers.${item[1]}` : path;
  const box = document.getElementById(`e-${key}`);
  if (box && !path.startsWith(page.planPrefix)) {
    box.append(Object.assign(document.createElement("span"), { className: "calc-error-line", textContent: problem.message }));
    box.hidden = false;
    reveal(box);
    return;
  }
  // The plan's fields: marked as the calculator pages mark them (aria-invalid, the row of a table).
  const row = /^(.+?)\[(\d+)\](?:\.(.+))?$/.exec(path);
  let name = row ? row[1] : path;
  while (name && !byKey.has(name)) name = name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : "";
  if (!name) return;
  form.showError(formElement, byKey.get(name), problem.message, row ? Number(row[2]) + 1 : null, row?.[3]);
  /** @type {HTMLDetailsElement} */ (document.getElementById("sc-plan")).open = true; // no message hidden in a fold
}

async function recompute() {
  if (!ready) return;
  const mine = ++sequence;
  const report = await engine.run({ calculator: "selfcheck", input: request() });
  if (mine !== sequence) return;
  form.clearErrors(formElement);
  // Untouched (no role, nothing entered): an invitation, not a red 缺少 message before the reader has done anything.
  const pristine = report.status === "error" && !report.internal && untouched();
  if (report.status === "error" && !pristine) for (const problem of report.errors || []) showProblem(problem);
  lastReport = report.status === "error" ? null : report;
  if (pristine) {
    renderMessage(section, body, "请先选择自查对象，逐句回答；或点“填入示例”看一个完整的例子。回答后这里显示自查报告。");
    showVerdict(section.dataset.status, ""); // no verdict yet: 看结论 alone
  } else {
    renderReport(section, body, report);
    showVerdict(report.status, statusText(report.status, page));
  }
  showCounts();
  section.dataset.answers = String(Number(section.dataset.answers || 0) + 1);
  if (!lastReport) return;
  // The printout's QR code and check code: the engine packs the answers and figures (calculators/review.py).
  const paper = /** @type {PaperLink} */ (await engine.run({ review: "paper", input: request() }));
  if (mine !== sequence) return;
  await showPaper(body, paper);
  section.dataset.paper = paper.fragment ? "qr" : "file";
}

/** Nothing given yet: no role, no project heading, no plan data beyond the form's defaults. */
function untouched() {
  const given = (value) => value !== "" && value !== null && value !== undefined && value !== false
    && !(Array.isArray(value) && !value.length);
  return !state.role && !Object.values(state.project).some(given)
    && !fields.some((field) => given(state.plan[field.key]) && String(state.plan[field.key]) !== String(field.default ?? ""));
}

function changed() {
  readForm();
  save();
  showRole();
  showCounts();
  clearTimeout(timer);
  timer = setTimeout(() => recompute().catch(showFailure), DEBOUNCE_MS);
}

/** Take a request (an imported file, a shared link, the example) as the current role's answers. */
function adopt(data) {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("文件内容应为一个 JSON 对象。");
  const input = data.calculator === "selfcheck" && data.input ? data.input : data;
  if (!page.roles[input.role]) throw new Error("文件中没有有效的自查对象（role），不是本站导出的全文自查文件。");
  state.role = input.role;
  state.project = { ...(input.project || {}) };
  state.answers[input.role] = structuredClone(input.answers || {});
  state.plan = input.plan ? flatten(input.plan, page.planPrefix) : {};
  state.example = input.example === true;
  writeForm();
  save();
  recompute().catch(showFailure);
}

function encode(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(text) {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

function shareLink() {
  const base = `${location.origin}${location.pathname}?role=${encodeURIComponent(state.role)}`;
  const link = `${base}#data=${encode(JSON.stringify(request()))}`;
  return link.length <= MAX_URL ? link : null;
}

function wireActions() {
  document.getElementById("sc-copy-link").addEventListener("click", async () => {
    const link = shareLink();
    if (!link) {
      note.textContent = "回答和数据较多，放不进链接；请用“导出为 JSON 文件”发送。";
      return;
    }
    try {
      await copyText(link);
      note.textContent = "分享链接已复制：打开它即可看到同样的回答和报告（链接内容不经过服务器）。";
    } catch {
      note.textContent = `请手动复制这个链接：${link}`;
    }
  });
  document.getElementById("sc-print").addEventListener("click", () => window.print());
  document.getElementById("sc-export").addEventListener("click", () => {
    // The data version says which build made the file: a review names it beside today's (calculators/review.py).
    const data = { ...request(), ...(lastReport ? { report: lastReport } : {}), data_version: page.dataVersion };
    const name = state.project.name || page.roles[state.role] || "全文自查";
    download(`全文自查-${state.example ? "示例-" : ""}${name}.json`, JSON.stringify(data, null, 2), "application/json");
    note.textContent = lastReport ? "已导出：文件含回答、数据和报告，可用审阅页面或命令行重新核对。" : "已导出回答（报告尚未生成）。";
  });
  onFileChosen(document.getElementById("sc-import"), async (file) => {
    try {
      const data = await readJsonFile(file);
      if (hasWork() && !confirm(`本页已有回答或数据。要用文件“${file.name}”中的内容替换它们吗？\n确定：用文件中的内容（之后可撤销）；取消：保留本页现有内容，不导入。`)) {
        tell(`未导入 ${file.name}，本页内容保持不变。`);
        return;
      }
      const before = structuredClone(state);
      adopt(data);
      undo = { state: before, action: "导入" };
      tell(`已导入 ${file.name}${state.example ? "（文件由示例生成，已标为示例）" : ""}。`, true);
    } catch (error) {
      tell(error.message);
    }
  });
  document.getElementById("sc-example").addEventListener("click", () => {
    if (hasWork() && !confirm("填入示例会替换本页现有的回答、项目信息和数据。要继续吗？（之后可撤销）")) return;
    remember("填入示例");
    adopt(structuredClone(page.example));
    tell("已填入示例（开发单位）：内容标为“示例”，导出、分享和打印都会注明；填写自己的项目前请先清空。", true);
  });
  document.getElementById("sc-clear").addEventListener("click", () => {
    if (!hasWork()) {
      tell("本页没有需要清空的内容。");
      return;
    }
    const whose = state.role ? `${page.roles[state.role]}的全部回答、` : "";
    if (!confirm(`清空会删除${whose}项目信息和计算核对的全部数据。要继续吗？（之后可撤销）`)) return;
    remember("清空");
    if (state.role) state.answers[state.role] = {};
    state.project = {};
    state.plan = {};
    state.example = false;
    writeForm();
    save();
    recompute().catch(showFailure);
    tell(`已清空${whose}项目信息和数据。`, true);
  });
}

function start() {
  // The tables' rows are drawn once, by writeForm() below (or adopt()'s): drawing them empty here first as well
  // built every table twice in the page's first task.
  const loaded = load();
  const saved = loaded === "saved";
  if (loaded === "unreadable") note.textContent = SET_ASIDE;
  if (!storage()) note.textContent = NOT_SAVED;
  const params = new URLSearchParams(location.search);
  const anchor = location.hash.slice(1);
  // A link with the plan's fields in its query (as the calculators' links have) fills them in; a link with the
  // whole request (#data=…) replaces the page's content. Either asks first when this browser holds saved work.
  const shared = fromQuery(location.search, fields);
  const linked = anchor.startsWith("data=") ? anchor.slice(5) : null;
  const hadWork = Boolean(shared || linked) && hasWork();
  const keep = hadWork && !confirm("本浏览器中保存着您之前的自查内容。要用链接中的内容替换它吗？\n确定：用链接中的内容（之后可撤销）；取消：保留已保存的内容。");
  if (keep) tell("已保留本浏览器中保存的内容，未采用链接中的内容。");
  else if (shared || linked) remember("打开链接");
  if (shared && !keep) state.plan = shared;
  let adopted = false; // adopt() has put the state into the form already
  // The note above the form is in the page as sent (showing it would move the form): it says what the form holds.
  let holds = null; // "shared" or "saved": the note's wording (none: the note goes)
  // A first visit starts empty: what is exported, shared or printed is what the user entered (the worked example
  // is the 填入示例 button, and marked as such).
  if (linked && !keep) {
    try {
      adopt(JSON.parse(decode(linked)));
      adopted = true;
      holds = "shared";
    } catch {
      note.textContent = "分享链接中的内容无法读取，已忽略。";
    }
  } else if (page.roles[params.get("role")] || page.roles[anchor]) {
    state.role = page.roles[params.get("role")] ? params.get("role") : anchor;
  }
  if (!holds && shared && !keep) holds = "shared";
  if (hadWork && !keep) tell("已载入链接中的内容，替换了之前保存的内容。", true);
  if (!holds && saved) holds = "saved";
  form.showWhatTheFormHolds(formElement, holds);
  // Once: writing the form twice built the plan's tables twice, ~0.1 s at phone speed on the page's first task.
  if (!adopted) writeForm();
  // A link from the 义务清单 (…#q-clause-10-p2) opens at that question once the role's questions are shown.
  if (anchor.startsWith("q-")) {
    const question = document.getElementById(anchor);
    reveal(question);
    question?.scrollIntoView({ block: "start" });
  }
  formElement.addEventListener("input", changed);
  formElement.addEventListener("change", changed);
  formElement.addEventListener("submit", (event) => event.preventDefault());
  wireTables(fields, changed, (text) => { note.textContent = text; });
  wireTermImport(formElement, fields, changed);
  wireActions();
  wireSticky();
  document.getElementById("sc-fold-all").addEventListener("click", () => {
    const open = Boolean(clauses.querySelector("details.sc-clause:not([open])"));
    for (const part of /** @type {NodeListOf<HTMLDetailsElement>} */ (clauses.querySelectorAll("details.sc-clause"))) part.open = open;
    showFoldAll();
  });
  // A clause folded or opened by its own summary: the button says what it would do next.
  clauses.addEventListener("toggle", showFoldAll, true);
  // Another tab of this page saved: take its state, so that this tab's next save does not overwrite that work.
  window.addEventListener("storage", (event) => {
    if (event.key !== STORE || event.newValue === null) return;
    load();
    writeForm();
    recompute().catch(showFailure);
    tell("另一个标签页中的修改已同步到本页。");
  });
  if (!engine.worker) body.replaceChildren(Object.assign(document.createElement("p"), { textContent: "计算引擎无法在此浏览器运行；回答仍会保存，可导出 JSON 文件。" }));
}

start();
