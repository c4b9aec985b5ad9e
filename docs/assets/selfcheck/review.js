// The review page: the self-check files an office receives, many at once. Files come by the picker (several at a
// time), a chosen or dropped folder, or one drop after another; each becomes a row of the summary table, computed
// by the engine in the worker a few files per request (calculators/review.py: the recomputed worst status, counts
// per outcome, match / mismatch / none / unreadable with the reason) while the page shows progress and stays
// responsive. A row opens into the single view (today's report, every sentence beside its clause's text) and back.
// A printed report's QR code opens here too (#P1.…: its answers and figures in the fragment, never sent to a
// server). The table sorts, filters, exports as CSV and prints. Nothing is uploaded: files are read in this browser.
// Every verdict and its wording are the engine's; nothing from a file becomes markup (textContent only).
import { download } from "../calculators/tables.js";
import { element, stamp } from "../calculators/render.js";
import { filterReport, page, renderReport, startEngine } from "./report.js";
import { collator, csvText, markDuplicates, matches, sortRows } from "./batch-core.mjs";

const FILES_PER_REQUEST = 8;
const BYTES_PER_REQUEST = 1_500_000;
const review = page.review;

const $ = (id) => document.getElementById(id);
const section = $("calc-result");
const body = $("calc-result-body");
const note = $("sc-action-note");
const line = $("sc-review-line");
const filters = $("sc-filters");
const batch = $("sc-batch");
const single = $("sc-single");
const tbody = $("sc-batch-rows");
const bar = /** @type {HTMLProgressElement} */ ($("sc-batch-bar"));
const progress = $("sc-batch-progress");
const select = (id) => /** @type {HTMLSelectElement} */ ($(id));
const outcome = select("sc-filter-outcome");
const clause = select("sc-filter-clause");
const status = select("sc-batch-status");
const problemClause = select("sc-batch-clause");
const county = select("sc-batch-county");
const sort = select("sc-batch-sort");

const headers = [...document.querySelectorAll("#sc-batch-table thead th")].map((th) => th.textContent.trim());

/** @typedef {ReviewRow & {duplicateOf?: string, id: number, source: {name: string, size: number, text: string | null, unread?: boolean}}} Row */
/** @type {Row[]} */
const rows = [];
/** @type {Map<Row, HTMLTableRowElement>} */
const rowElements = new Map();
/** @type {Array<{id: number, file: File, name: string}>} */
const queue = [];
let nextId = 1;
let expected = 0; // files taken in so far (rows plus those still queued)
let pumping = false;
let openWhenDone = null; // the id of a file added on its own: it opens into the single view once read
let linkToOpen = location.hash.startsWith("#P1.") ? location.hash.slice(1) : null;

const engine = startEngine(() => {
  if (linkToOpen) openLink(linkToOpen);
  pump();
});

/** Files to add (any number, any kind): each becomes a row; one file on its own opens into the single view.
 * @param {Array<{file: File, name: string}>} files */
function add(files) {
  if (!files.length) return;
  for (const { file, name } of files) queue.push({ id: nextId++, file, name });
  expected += files.length;
  openWhenDone = files.length === 1 && queue.length === 1 ? queue[0].id : null;
  if (!openWhenDone) showBatch();
  showProgress();
  pump();
}

/** Read the queued files and have the engine summarise them, a few per request; the page draws each batch's rows
 * and yields between batches, so that it stays responsive with hundreds of files. */
async function pump() {
  if (pumping || !engine.ready) {
    if (!engine.ready && queue.length) note.textContent = "文件已读入，计算引擎就绪后显示。";
    return;
  }
  pumping = true;
  try {
    while (queue.length) {
      const group = [];
      let bytes = 0;
      while (queue.length && group.length < FILES_PER_REQUEST && (bytes < BYTES_PER_REQUEST || !group.length)) {
        const next = queue.shift();
        bytes += Math.min(next.file.size, review.maxBytes);
        group.push(next);
      }
      const sources = await Promise.all(group.map(read));
      const answer = /** @type {ReviewRows} */ (await engine.run({ review: "rows", files: sources }));
      const added = answer.rows.map((row, index) => Object.assign(row, { id: group[index].id, source: sources[index] }));
      rows.push(...added);
      markDuplicates(rows);
      draw(added);
      showProgress();
      const alone = openWhenDone && added.find((row) => row.id === openWhenDone);
      if (alone) {
        openWhenDone = null;
        await open(alone);
      }
      await new Promise((resolve) => setTimeout(resolve, 0)); // let the page paint and answer between batches
    }
    note.textContent = "";
  } catch (error) {
    note.textContent = error.reason ? error.message : "计算引擎出错，请刷新页面重试。";
  } finally {
    pumping = false;
  }
}

/** A file as the engine reads it: its name, size and text (none above the size limit, which the engine words). */
async function read({ file, name }) {
  if (file.size > review.maxBytes) return { name, size: file.size, text: null };
  try {
    return { name, size: file.size, text: await file.text() };
  } catch {
    return { name, size: file.size, text: null, unread: true }; // moved or unreadable: the engine says so
  }
}

function showProgress() {
  const done = rows.length;
  bar.value = expected ? Math.round((done / expected) * 100) : 0;
  progress.dataset.state = done < expected ? "running" : "done";
  $("sc-batch-count").textContent = done < expected ? `正在计算：${done} / ${expected} 个文件` : `共 ${done} 个文件，已全部计算`;
}

function showBatch() {
  batch.hidden = false;
  single.hidden = true;
  printHeading();
}

/** The printed summary's page: A4 landscape, its heading in the top margin (the number of files, the data version,
 * when the table last changed). Set whenever the table shows, so that any way of printing it (the button, Ctrl+P)
 * gets it; the single view's report sets its own (report.js). No file's text goes into it. */
function printHeading() {
  if (!("adoptedStyleSheets" in document) || batch.hidden) return;
  const sheet = new CSSStyleSheet();
  const heading = `自查文件汇总表 · ${rows.length} 个文件 · 数据版本 ${page.dataVersion}`;
  sheet.replaceSync(`@media print { @page { size: A4 landscape; @top-left { content: "${heading}"; }
    @top-right { content: "生成于 ${stamp(new Date())}"; } } }`);
  document.adoptedStyleSheets = [sheet];
}

// --- the table -------------------------------------------------------------------------------------------------

function badge(row) {
  if (!row.status) return element("span", "sc-batch-none", "—");
  const node = element("span", "calc-status", row.status_label);
  node.dataset.status = row.status;
  return node;
}

function countsCell(row) {
  const list = element("ul", "sc-counts sc-batch-counts");
  for (const entry of row.counts) {
    if (!entry.count) continue;
    const chip = element("li", "sc-count", `${entry.label} ${entry.count}`);
    chip.dataset.status = entry.status;
    chip.dataset.outcome = entry.outcome;
    list.append(chip);
  }
  return list;
}

function verificationCell(row) {
  const cell = element("td", "sc-batch-verification");
  const label = element("span", "sc-batch-label", row.verification_label);
  if (row.differences.length) {
    // The differences one click away, in the report's words.
    const details = element("details", "sc-batch-differences");
    const summary = element("summary", null);
    summary.append(label, ` ${row.differences.length} 处`);
    const list = element("ul");
    for (const difference of row.differences) list.append(element("li", null, difference));
    details.append(summary, list);
    cell.append(details);
  } else {
    cell.append(label);
  }
  if (row.reason) cell.append(element("p", "sc-batch-reason", row.reason));
  for (const text of row.notes) cell.append(element("p", "sc-batch-note", text));
  if (row.changes_since.length) cell.append(changesSince(row));
  return cell;
}

/** What changed on the site since the file was made (the 变更记录's entries), folded: one click away.
 * @param {ReviewRow} row */
function changesSince(row) {
  const details = element("details", "sc-batch-changes");
  details.append(element("summary", null, review.text.changes_since.replace("{count}", String(row.changes_since.length))));
  const list = element("ul");
  for (const change of row.changes_since) list.append(element("li", null, change));
  const link = element("a", null, "变更记录");
  link.href = `${page.root}${page.changesUrl}`;
  details.append(list, link);
  return details;
}

/** @param {Row} row */
function rowElement(row) {
  const tr = document.createElement("tr");
  tr.dataset.file = row.file;
  tr.dataset.verification = row.verification;
  tr.dataset.status = row.status || "";
  const name = element("td", "sc-batch-file");
  name.append(element("span", "sc-batch-filename", row.file));
  if (row.example) name.append(" ", element("span", "sc-example-tag", "示例"));
  if (row.duplicateOf) {
    tr.dataset.duplicate = row.duplicateOf;
    name.append(element("p", "sc-batch-duplicate", review.text.duplicate.replace("{name}", row.duplicateOf)));
  }
  const unnamed = review.text.unnamed;
  const cells = [name, element("td", null, row.project.name ?? (row.status ? unnamed : "")),
    element("td", null, row.project.organisation ?? (row.status ? unnamed : "")), element("td", null, row.role?.name ?? ""),
    element("td", "sc-batch-date", row.project.date ?? ""), element("td", null, row.county ?? "")];
  const overall = element("td", "sc-batch-status");
  overall.append(badge(row));
  const counts = element("td", null);
  if (row.counts.some((entry) => entry.count)) counts.append(countsCell(row)); // empty: no label on a phone
  const action = element("td", null);
  const button = element("button", "md-button sc-batch-open", "查看");
  button.type = "button";
  button.setAttribute("aria-label", `查看 ${row.file}`);
  button.addEventListener("click", () => open(row));
  action.append(button);
  tr.append(...cells, overall, counts, verificationCell(row), action);
  // On a phone each row is a card: every cell names its column (the header's words, shown by the style sheet).
  [...tr.children].forEach((cell, index) => { /** @type {HTMLElement} */ (cell).dataset.label = headers[index] || ""; });
  return tr;
}

/** Draw newly computed rows: appended as they come, or the whole table again when sorted or filtered. */
function draw(added) {
  for (const row of added) rowElements.set(row, rowElement(row));
  // A later copy of a file marks the earlier rows' duplicates too: redraw the marked rows whose mark is new.
  let redrawn = false;
  for (const row of rows) {
    const tr = rowElements.get(row);
    if (row.duplicateOf && tr.dataset.duplicate !== row.duplicateOf) {
      rowElements.set(row, rowElement(row));
      redrawn ||= !added.includes(row);
    }
  }
  refreshCounties();
  if (redrawn || sort.value || status.value || problemClause.value || county.value) {
    render();
  } else {
    tbody.append(...added.map((row) => rowElements.get(row)));
    summarise();
  }
}

function filterValues() {
  return { status: status.value, clause: problemClause.value, county: county.value };
}

/** The rows as the table shows them: sorted, filtered. */
function shownRows() {
  const wanted = filterValues();
  return sortRows(rows, sort.value, page.labels.order).filter((row) => matches(row, wanted));
}

function render() {
  const wanted = filterValues();
  const ordered = sortRows(rows, sort.value, page.labels.order);
  for (const row of ordered) rowElements.get(row).hidden = !matches(row, wanted);
  tbody.replaceChildren(...ordered.map((row) => rowElements.get(row)));
  summarise();
}

function summarise() {
  const shown = shownRows().length;
  const tally = new Map();
  for (const row of rows) tally.set(row.verification_label, (tally.get(row.verification_label) || 0) + 1);
  const parts = [...tally].map(([label, count]) => `${label} ${count}`);
  $("sc-batch-summary").textContent = `${rows.length} 个文件（${parts.join("，")}）${shown < rows.length ? `；当前显示 ${shown} 个` : ""}`;
  $("sc-batch-version").textContent = `本表按本站 ${page.dataVersion} 版的数据和计算引擎重新计算；生成于 ${stamp(new Date())}。`;
  printHeading();
}

function refreshCounties() {
  const names = [...new Set(rows.map((row) => row.county).filter(Boolean))].sort(collator.compare);
  const have = [...county.options].slice(1).map((option) => option.value);
  if (names.join("\n") === have.join("\n")) return;
  const chosen = county.value;
  county.replaceChildren(new Option("全部", ""), ...names.map((name) => new Option(name, name)));
  county.value = names.includes(chosen) ? chosen : "";
}

// --- the single view --------------------------------------------------------------------------------------------

/** The line at the top: the engine's finding first, then the file, project and organisation, then what differs.
 * @param {ReviewRow} row */
function say(row) {
  line.dataset.verification = row.verification;
  line.hidden = false;
  line.replaceChildren(element("strong", "sc-review-finding", row.finding));
  const unnamed = review.text.unnamed;
  const facts = [["文件", row.file], ["项目", row.status && (row.project.name || unnamed)],
    ["填报单位", row.status && (row.project.organisation || unnamed)], ["自查对象", row.role?.name],
    ["核对码", row.check_code], ["数据版本", row.made_with && row.made_with !== row.computed_with ? `文件 ${row.made_with}，重新计算 ${row.computed_with}` : row.computed_with]];
  for (const [label, value] of facts) {
    if (value) line.append(element("span", "sc-review-fact", `${label}：${value}`));
  }
  const said = [...row.differences, ...row.notes];
  if (said.length) {
    const list = element("ul", "sc-review-differences");
    for (const text of said) list.append(element("li", "", text));
    line.append(list);
  }
  if (row.changes_since.length) line.append(changesSince(row));
}

function showSingle() {
  batch.hidden = true;
  single.hidden = false;
  $("sc-back").hidden = !rows.length;
  $("sc-back").textContent = `← 返回汇总表（${rows.length} 个文件）`;
}

/** Show an opened file or link: its row's finding on top, and today's report (or the reason it cannot be read).
 * @param {ReviewOpened} opened */
function show(opened) {
  showSingle();
  say(opened.row);
  if (!opened.report) {
    section.dataset.status = "pending";
    delete section.dataset.verification;
    filters.hidden = true;
    body.replaceChildren(element("p", "calc-waiting", opened.row.reason || ""));
  } else {
    renderReport(section, body, opened.report);
    filters.hidden = false;
    filterReport(body, outcome.value, clause.value);
  }
  section.dataset.answers = String(Number(section.dataset.answers || 0) + 1);
  single.scrollIntoView({ block: "start" }); // the finding first (the theme's header is allowed for in the CSS)
}

/** Open a row into the single view: the engine recomputes the file today and returns the whole report.
 * @param {Row} row */
async function open(row) {
  const opened = /** @type {ReviewOpened} */ (await engine.run({ review: "open", file: row.source }));
  show(opened);
  single.dataset.file = row.file;
}

/** A printed report's QR link (#P1.…): its answers and figures recomputed, its check code compared. */
async function openLink(fragment) {
  linkToOpen = null;
  const opened = /** @type {ReviewOpened} */ (await engine.run({ review: "open", link: fragment }));
  show(opened);
  single.dataset.file = "";
}

// A paper link pasted into this tab's address bar (only the fragment changes: no new page load).
window.addEventListener("hashchange", () => {
  if (!location.hash.startsWith("#P1.")) return;
  if (engine.ready) openLink(location.hash.slice(1));
  else linkToOpen = location.hash.slice(1);
});

// --- files in ---------------------------------------------------------------------------------------------------

/** Every file of a dropped folder (and its subfolders), with its path as its name; hidden files left out. */
async function filesOf(entry, path = "") {
  if (entry.isFile) {
    if (entry.name.startsWith(".")) return [];
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    return [{ file, name: path + entry.name }];
  }
  const reader = entry.createReader();
  const found = [];
  for (;;) {
    const batchOf = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (!batchOf.length) break;
    for (const child of batchOf) found.push(...(await filesOf(child, `${path}${entry.name}/`)));
  }
  return found;
}

function picked(input, named) {
  const picker = /** @type {HTMLInputElement} */ (input);
  picker.addEventListener("change", () => {
    const files = [...(picker.files || [])].filter((file) => !file.name.startsWith("."));
    picker.value = ""; // choosing the same files again is a change too
    add(files.map((file) => ({ file, name: named(file) })));
  });
}

picked($("sc-open"), (file) => file.name);
// A folder picker: webkitdirectory is set here (every current browser knows it; the HTML standard does not yet).
/** @type {HTMLInputElement} */ ($("sc-open-folder")).webkitdirectory = true;
picked($("sc-open-folder"), (file) => file.webkitRelativePath || file.name);

const drop = $("sc-drop");
// The whole view takes drops (the marked area says so), one handler: a drop on the area bubbles here once.
{
  const target = $("sc");
  target.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.classList.add("sc-drop-over");
  });
  target.addEventListener("dragleave", () => drop.classList.remove("sc-drop-over"));
  target.addEventListener("drop", async (event) => {
    event.preventDefault();
    drop.classList.remove("sc-drop-over");
    const items = [...(event.dataTransfer?.items || [])];
    const entries = items.map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
    if (entries.length) {
      try {
        add((await Promise.all(entries.map((entry) => filesOf(entry)))).flat());
        return;
      } catch {
        /* a folder the browser will not list: take the files as dropped */
      }
    }
    add([...(event.dataTransfer?.files || [])].map((file) => ({ file, name: file.name })));
  });
}

// --- table actions ----------------------------------------------------------------------------------------------

for (const control of [status, problemClause, county, sort]) control.addEventListener("change", render);
$("sc-batch-filters").addEventListener("submit", (event) => event.preventDefault());
for (const control of [outcome, clause]) control.addEventListener("change", () => filterReport(body, outcome.value, clause.value));
filters.addEventListener("submit", (event) => event.preventDefault());

$("sc-back").addEventListener("click", () => {
  showBatch();
  const tr = [...tbody.children].find((row) => /** @type {HTMLElement} */ (row).dataset.file === single.dataset.file);
  (/** @type {HTMLElement | undefined} */ (tr?.querySelector(".sc-batch-open")))?.focus();
});

$("sc-batch-csv").addEventListener("click", () => {
  const shown = shownRows();
  const label = (n) => `第${page.clauses[String(n)]?.label ?? n}条`;
  const day = page.dataVersion && stamp(new Date()).split(" ")[0].replaceAll("/", "-");
  download(`自查文件汇总表-${day}.csv`, csvText(shown, review.text, review.outcomes, label), "text/csv;charset=utf-8");
  note.textContent = `已导出 ${shown.length} 行（UTF-8，可用 Excel 或 WPS 打开）。`;
});

$("sc-batch-print").addEventListener("click", () => window.print());

// On paper every difference shows: the folded lists open for printing.
window.addEventListener("beforeprint", () => {
  for (const details of tbody.querySelectorAll("details")) /** @type {HTMLDetailsElement} */ (details).open = true;
});

$("sc-batch-clear").addEventListener("click", () => {
  if (rows.length && !confirm(`清空汇总表中的 ${rows.length} 个文件吗？（文件本身不受影响，可再次打开）`)) return;
  rows.length = 0;
  rowElements.clear();
  queue.length = 0;
  expected = 0;
  tbody.replaceChildren();
  refreshCounties();
  showProgress();
  summarise();
});
