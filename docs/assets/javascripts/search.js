// The search box in the header (templates/overrides/partials/search.html). This small script only wires the
// box: the ranking module (search-core.mjs) and the index (search/index.json, built from policy/ and the
// pages by sitegen/search/) are loaded the first time the box is used, never on page load, so calculator
// start-up does not wait for them. Results use Material's markup; all text goes in as text, never as HTML.
(() => {
  const dialog = /** @type {HTMLElement | null} */ (document.querySelector("[data-site-search]"));
  const toggle = /** @type {HTMLInputElement | null} */ (document.getElementById("__search"));
  if (!dialog || !toggle) return;
  const input = /** @type {HTMLInputElement} */ (dialog.querySelector("input[name=query]"));
  const form = input.form;
  const meta = dialog.querySelector(".md-search-result__meta");
  const list = /** @type {HTMLElement} */ (dialog.querySelector(".md-search-result__list"));
  const here = /** @type {HTMLScriptElement} */ (document.currentScript).src;
  const root = new URL("../../", here); // this file is assets/javascripts/search.js
  let engine = null; // Promise of {search, prepared}
  const FIRST_BATCH = 8; // results rendered at once: more than a screen holds

  function load() {
    engine ??= Promise.all([
      import(new URL("./search-core.mjs", here).href), // versioned by the build (sitegen/modules.py)
      fetch(new URL("search/index.json", root)).then((response) => {
        if (!response.ok) throw new Error(`search index: HTTP ${response.status}`);
        return response.json();
      }),
    ]).then(([core, index]) => ({ search: core.search, prepared: core.prepare(index) }));
    return engine;
  }

  function setOpen(open) {
    if (toggle.checked !== open) toggle.click(); // Material listens for the click (scroll lock, overlay)
  }

  function message(text) {
    meta.textContent = text;
  }

  function countText(n) {
    if (n === 0) return dialog.dataset.none;
    if (n === 1) return dialog.dataset.one;
    return dialog.dataset.other.replace("#", String(n));
  }

  function resultItem(result) {
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = new URL(result.url, root).href;
    link.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.dataset.kind = result.kind;
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const title = document.createElement("h1");
    title.textContent = result.title;
    const text = document.createElement("p");
    for (const piece of result.snippet) {
      if (piece.hit) {
        const mark = document.createElement("mark");
        mark.textContent = piece.text;
        text.append(mark);
      } else text.append(piece.text);
    }
    article.append(icon, title);
    // Why it matched beyond the marked words: an everyday word found as the notice's (也称：租金 → 租售价格),
    // or the closest topic offered when nothing answers.
    if (result.why.length) {
      const why = document.createElement("p");
      why.className = "search-why";
      why.textContent = result.why.join("；");
      article.append(why);
    }
    article.append(text);
    link.append(article);
    item.append(link);
    return item;
  }

  let latest = 0;
  async function run() {
    const query = input.value;
    const ticket = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      list.dataset.query = query;
      message(dialog.dataset.placeholder);
      return;
    }
    if (!engine) message(dialog.dataset.initializer);
    let ready;
    try {
      ready = await load();
    } catch {
      engine = null;
      message(dialog.dataset.failed);
      return;
    }
    if (ticket !== latest) return; // a newer keystroke is being answered
    const results = ready.search(ready.prepared, query);
    message(countText(results.length));
    // The first screenful now, the rest after this frame: a keystroke is answered without laying out 20 results.
    list.replaceChildren(...results.slice(0, FIRST_BATCH).map(resultItem));
    list.dataset.query = query; // which query the list answers (keystrokes overtake each other while loading)
    if (results.length > FIRST_BATCH) {
      setTimeout(() => {
        if (ticket === latest) list.append(...results.slice(FIRST_BATCH).map(resultItem));
      });
    }
  }

  function links() {
    return [.../** @type {NodeListOf<HTMLAnchorElement>} */ (list.querySelectorAll(".md-search-result__link"))];
  }

  input.addEventListener("focus", () => {
    setOpen(true);
    load().catch(() => { /* run() loads again and says the search failed */ });
  });
  input.addEventListener("input", (event) => {
    if (!(/** @type {InputEvent} */ (event).isComposing)) run();
  });
  input.addEventListener("compositionend", run);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(() => {
      run();
      input.focus();
    });
  });
  // The magnifier in the header (phones) opens the dialog: put the cursor in the box.
  for (const label of document.querySelectorAll(".md-header label[for=__search]")) {
    label.addEventListener("click", () => setTimeout(() => input.focus()));
  }
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) setOpen(false);
  });
  dialog.addEventListener("keydown", (/** @type {KeyboardEvent} */ event) => {
    const all = links();
    const at = all.indexOf(/** @type {HTMLAnchorElement} */ (document.activeElement));
    switch (event.key) {
      case "Escape":
        setOpen(false);
        input.blur();
        break;
      case "Tab": // as in Material: leaving the box with Tab closes the results; focus moves on as usual
        setOpen(false);
        return;
      case "Enter":
        if (document.activeElement === input && all.length) {
          event.preventDefault();
          all[0].click();
        }
        return;
      case "ArrowDown":
      case "ArrowUp": {
        if (!all.length) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        const next = at + step;
        if (next < 0) input.focus();
        else all[Math.min(next, all.length - 1)].focus();
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  });
  // As with Material's search: "/", "s" or "f" outside a field puts the cursor in the box.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || !["/", "s", "f"].includes(event.key)) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) {
      return;
    }
    event.preventDefault();
    input.focus();
    input.select();
  });
  // A link to /?q=… (the 404 page's search box, a bookmarked search) opens the box with the query and its results.
  const asked = new URLSearchParams(location.search).get("q");
  if (asked) {
    input.value = asked;
    input.focus();
    run();
  }
})();
