// Reading and writing the generated form: flat inputs by name (= JSON key), editable tables row by row,
// and error messages next to the field (aria-invalid + the field's aria-describedby error element).

const YES = new Set(["true", "是", "y", "yes", "1", "√", "✓", "对"]);
const NO = new Set(["false", "否", "n", "no", "0", "×", "✗", "不是"]);

/** A boolean cell as the select shows it: "true", "false", or the text itself when it is neither. */
function booleanText(value) {
  const text = String(value ?? "").trim().toLowerCase();
  if (value === true || YES.has(text)) return "true";
  if (value === false || NO.has(text)) return "false";
  return String(value ?? "");
}

function control(form, key) {
  return form.elements.namedItem(key);
}

function tableBody(key) {
  return /** @type {HTMLTableElement} */ (document.getElementById(`t-${key}`)).tBodies[0];
}

/** Append one editable row to a table field: a copy of the table's row template (templates/calculators/_fields.j2
 * table_row, the one home of the row's markup: the rows the page is sent with are the same), every cell's control
 * named by its column key. */
export function addRow(field, values = {}, { renumbered = true } = {}) {
  const template = /** @type {HTMLTemplateElement} */ (document.getElementById(`r-${field.key}`));
  const row = /** @type {HTMLTableRowElement} */ (template.content.firstElementChild.cloneNode(true));
  for (const column of field.columns) {
    const input = /** @type {HTMLInputElement | HTMLSelectElement} */ (row.querySelector(`[name="${column.key}"]`));
    const value = column.type === "boolean" ? booleanText(values[column.key]) : values[column.key];
    if (input instanceof HTMLSelectElement && value && ![...input.options].some((o) => o.value === value)) {
      // Keep an unrecognised imported value visible so the engine's message can point at it.
      const odd = document.createElement("option");
      odd.value = odd.textContent = String(value);
      input.append(odd);
    }
    input.value = value ?? "";
  }
  tableBody(field.key).append(row);
  if (renumbered) renumber(field.key);
  return row;
}

/** The 删除 button of every row of a table field, those the page was sent with included: one listener. */
export function wireRemoveButtons(field) {
  const body = tableBody(field.key);
  body.addEventListener("click", (event) => {
    const button = /** @type {Element} */ (event.target).closest(".calc-remove-row");
    if (!button) return;
    button.closest("tr").remove();
    renumber(field.key);
    body.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

function renumber(key) {
  [...tableBody(key).rows].forEach((row, index) => {
    row.cells[0].textContent = String(index + 1);
    row.querySelector(".calc-remove-row")?.setAttribute("aria-label", `删除第 ${index + 1} 行`);
  });
}

/** Replace a table's rows (keeping a few empty rows to type into). */
export function setRows(field, rows) {
  tableBody(field.key).replaceChildren();
  // Number the rows once at the end: renumbering after each row made a 10,000-row paste take minutes.
  for (const values of rows) addRow(field, values, { renumbered: false });
  const least = Number(document.getElementById(`t-${field.key}`).dataset.minRows);
  for (let i = rows.length; i < least; i++) addRow(field, {}, { renumbered: false });
  renumber(field.key);
}

/** The table's rows as objects, skipping rows left entirely empty. */
function getRows(field) {
  const rows = [];
  for (const row of tableBody(field.key).rows) {
    const values = {};
    let filled = false;
    for (const column of field.columns) {
      const value = /** @type {HTMLInputElement} */ (row.querySelector(`[name="${column.key}"]`)).value.trim();
      if (value === "") continue;
      filled = true;
      values[column.key] = column.type === "boolean" && (value === "true" || value === "false") ? value === "true" : value;
    }
    if (filled) rows.push(values);
  }
  return rows;
}

/** Table row elements in the order getRows() reports them (empty rows skipped). */
export function filledRowElements(field) {
  return [...tableBody(field.key).rows].filter((row) =>
    [.../** @type {NodeListOf<HTMLInputElement>} */ (row.querySelectorAll("input, select"))]
      .some((input) => input.value.trim() !== ""));
}

/** Nest dotted keys ("land.area") into objects and drop empty inputs (the engine treats absent as unset). */
export function payload(values) {
  const out = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === "" || value === null || (Array.isArray(value) && !value.length)) continue;
    const path = key.split(".");
    let target = out;
    for (const part of path.slice(0, -1)) target = target[part] ??= {};
    target[path.at(-1)] = value;
  }
  return out;
}

/** All inputs as the engine's JSON: text as typed (the engine parses numbers exactly), booleans, rows. */
export function readValues(form, fields) {
  const values = {};
  for (const field of fields) {
    if (field.type === "table") values[field.key] = getRows(field);
    else if (field.type === "boolean") values[field.key] = booleanValue(control(form, field.key));
    else values[field.key] = control(form, field.key).value.trim();
  }
  return values;
}

/** Put values into the form (from a shared link or an imported file); unknown keys are ignored. */
export function writeValues(form, fields, values) {
  for (const field of fields) {
    if (!(field.key in values)) continue;
    const value = values[field.key];
    if (field.type === "table") setRows(field, Array.isArray(value) ? value : []);
    else if (field.type === "boolean") setBoolean(control(form, field.key), value);
    else setControlValue(control(form, field.key), value === null || value === undefined ? "" : String(value));
  }
}

/**
 * The fields a reader changed before the page's script ran (on a slow link the form shows, and takes typing, before
 * the scripts arrive): what a shared link or the example would put there must not replace what was typed.
 * @param {HTMLFormElement} form @param {{key: string, type: string}[]} fields @returns {Set<string>}
 */
export function typedBeforeStart(form, fields) {
  const changed = (/** @type {any} */ element) => {
    if (!element || element instanceof RadioNodeList) return false;
    if (element.tagName === "SELECT") {
      const options = [...element.options];
      return element.selectedIndex !== Math.max(0, options.findIndex((option) => option.defaultSelected));
    }
    if (element.type === "checkbox") return element.checked !== element.defaultChecked;
    return element.value !== element.defaultValue;
  };
  // A table's rows are in the page as sent (templates/calculators/_fields.j2): a cell typed into counts for its table.
  const typedIn = (field) => field.type === "table"
    ? [...tableBody(field.key).querySelectorAll("input, select")].some(changed)
    : changed(control(form, field.key));
  return new Set(fields.filter(typedIn).map((f) => f.key));
}

/** A yes/no control's value: a checkbox is true or false; a 是/否 select (a yes/no without a default, where "not
 * given" is an answer of its own) is true, false, or "" (not given, which the engine treats as omitted). */
function booleanValue(element) {
  if (element.tagName !== "SELECT") return element.checked;
  return element.value === "" ? "" : element.value === "true";
}

function setBoolean(element, value) {
  const yes = value === true || value === "1" || value === "true";
  const no = value === false || value === "0" || value === "false";
  if (element.tagName === "SELECT") element.value = yes ? "true" : no ? "false" : "";
  else element.checked = yes;
}

/** Set an input or select. A select given a value it does not list (a link with 淳安 for 淳安县, or the
 * alias 亩 for mu) keeps it as an extra option, so the engine sees what was asked and can say what it expects. */
function setControlValue(element, text) {
  element.value = text;
  if (element.tagName !== "SELECT" || text === "" || element.value === text) return;
  const kept = document.createElement("option");
  kept.value = text;
  kept.textContent = `${text}（链接中的值）`;
  element.append(kept);
  element.value = text;
}

/** Remove every error mark and message. */
export function clearErrors(form) {
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const element of form.querySelectorAll(".calc-row-error")) element.classList.remove("calc-row-error");
  // Only the messages shown (showError unhides each box it fills): every verdict used to rewrite every field's box
  // (40-odd on the 全文自查), the first one included.
  for (const element of form.querySelectorAll(".calc-error:not([hidden])")) {
    element.textContent = "";
    element.hidden = true;
  }
}

/** Show a message under a field; `row` (1-based) and `column` point into a table field. */
export function showError(form, field, message, row = null, column = null) {
  const box = document.getElementById(`e-${field.key}`);
  if (!box) return false;
  const line = document.createElement("span");
  line.className = "calc-error-line";
  // The engine names the row itself ("第 2 个单元：…"); say the row number only when it does not.
  line.textContent = row && !message.startsWith("第") ? `第 ${row} 行：${message}` : message;
  box.append(line);
  box.hidden = false;
  if (field.type === "table") {
    document.getElementById(`t-${field.key}`).setAttribute("aria-invalid", "true");
    const element = row ? filledRowElements(field)[row - 1] : null;
    if (element) {
      element.classList.add("calc-row-error");
      const cell = column ? element.querySelector(`[name="${column}"]`) : null;
      (cell || element.querySelector("input, select"))?.setAttribute("aria-invalid", "true");
    }
  } else {
    control(form, field.key)?.setAttribute("aria-invalid", "true");
  }
  return true;
}

/**
 * Percentages are typed as percent (60 for 60%). A value between 0 and 1 is legal but usually a share typed as a
 * fraction (0.6 meaning 60%): say beside the field how it is read, rather than let it pass silently.
 */
export function showPercentHints(form, fields) {
  for (const field of fields.filter((f) => f.unit === "%" && f.type === "number")) {
    const input = control(form, field.key);
    if (!input) continue;
    const text = input.value.trim().replace(/[%％]$/, "").trim();
    const value = Number(text);
    let hint = document.getElementById(`hint-${field.key}`);
    const suspicious = text !== "" && value > 0 && value < 1;
    if (!suspicious) {
      hint?.remove();
      continue;
    }
    if (!hint) {
      hint = document.createElement("p");
      hint.className = "calc-hint";
      hint.id = `hint-${field.key}`;
      hint.setAttribute("role", "status");
      document.getElementById(`e-${field.key}`).after(hint);
    }
    const percent = Number((value * 100).toPrecision(12));
    hint.textContent = `按 ${text}% 计算（不到百分之一）。如果您指的是 ${percent}%，请填 ${percent}。`;
  }
}

/**
 * The note above the form (#calc-example-note) says what the form holds: "example" (the worked example: the note's
 * own text) or another case worded in its data-<holds> attribute; with nothing to say it goes. It is in the page as
 * sent, so that showing it moves nothing below it (layout shift). Once the reader types, the form holds their own
 * data and the note goes.
 */
export function showWhatTheFormHolds(formElement, holds) {
  const note = document.getElementById("calc-example-note");
  const wording = holds === "example" ? note.textContent : note.dataset[holds];
  note.hidden = !wording;
  if (!wording) return;
  note.textContent = wording;
  formElement.addEventListener("input", (event) => { if (event.isTrusted) note.hidden = true; });
}
