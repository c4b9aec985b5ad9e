// The 无障碍 toolbar (templates/overrides/partials/a11y-toolbar.html; statement: docs/accessibility.md).
// 大字 (two steps up), 高对比, 行距 and 大鼠标 are attributes on <html> that assets/stylesheets/a11y.css reads; the
// head script in templates/overrides/main.html applies the saved ones before the first paint, so this script reads
// the state from <html> and only writes it (localStorage "a11y"; where storage is refused, for this page only).
// 朗读 reads the selected text, or else the clause in view, or else the page's content, sentence by sentence in
// zh-CN with the browser's speech synthesis, the sentence being read highlighted (CSS Custom Highlight API).
// Every Chinese message comes from the toolbar's data-msg-* attributes.
(function () {
  "use strict";
  const bar = document.querySelector("[data-a11y-bar]");
  if (!(bar instanceof HTMLElement)) return;
  const root = document.documentElement;
  const KEY = "a11y";
  const TOGGLES = ["contrast", "spacing", "cursor"];
  const HIGHLIGHT = "a11y-reading";
  const status = bar.querySelector(".a11y-status");

  /** @param {string} action @returns {HTMLButtonElement} */
  function button(action) {
    const found = bar.querySelector(`[data-a11y-action="${action}"]`);
    if (!(found instanceof HTMLButtonElement)) throw new Error(`toolbar has no ${action} button`);
    return found;
  }

  /** @param {string} name @returns {string} */
  function message(name) {
    return bar.getAttribute(`data-msg-${name}`) || "";
  }

  /** @param {string} text */
  function say(text) {
    if (status) status.textContent = text;
  }

  /** The text size step, 0 (standard) to 2. @returns {number} */
  function size() {
    const step = Number(root.getAttribute("data-a11y-size"));
    return step === 1 || step === 2 ? step : 0;
  }

  /** @param {string} name @returns {boolean} */
  function on(name) {
    return root.hasAttribute(`data-a11y-${name}`);
  }

  /** Buttons show the state <html> carries. */
  function show() {
    const step = size();
    const sizeButton = button("size");
    sizeButton.setAttribute("aria-pressed", String(step > 0));
    const level = sizeButton.querySelector(".a11y-level");
    if (level) level.textContent = "+".repeat(step);
    for (const name of TOGGLES) button(name).setAttribute("aria-pressed", String(on(name)));
  }

  /** Keeps the state for the next page and visit; where storage is refused, it holds for this page only. */
  function save() {
    /** @type {Record<string, number | boolean>} */
    const state = { size: size() };
    for (const name of TOGGLES) state[name] = on(name);
    try {
      localStorage.setItem(KEY, JSON.stringify(state));
    } catch (error) {
      // Storage refused (private mode, policy): the choice applies to this page only, as the statement says.
    }
  }

  /** @param {string} name @param {boolean} value */
  function setToggle(name, value) {
    if (value) root.setAttribute(`data-a11y-${name}`, "");
    else root.removeAttribute(`data-a11y-${name}`);
  }

  // ---- 朗读 ----

  /** @typedef {{text: string, range: Range}} Sentence */
  const speech = "speechSynthesis" in window ? window.speechSynthesis : null;
  /** @type {Sentence[]} */
  let queue = [];
  let reading = false;
  let paused = false;

  const SKIP = "script, style, noscript, svg, button, sup, [role=tooltip], [aria-hidden=true], [hidden], .a11y-bar";
  const BLOCK = /^(P|LI|DD|DT|TD|TH|H[1-6]|BLOCKQUOTE|DIV|SECTION|ARTICLE|ASIDE|HEADER|FOOTER|FIGCAPTION|CAPTION|PRE)$/;
  const END = /[。！？；!?;]/;

  /** The nearest block-level ancestor of a node (sentences never run across blocks). @param {Node} node */
  function blockOf(node) {
    let el = node.parentElement;
    while (el && !BLOCK.test(el.tagName)) el = el.parentElement;
    return el;
  }

  /** Splits the text of a range into sentences, each with the range it covers on the page.
   * @param {Range} within @returns {Sentence[]} */
  function sentences(within) {
    const container = within.commonAncestorContainer;
    const start = container.nodeType === Node.TEXT_NODE ? container.parentNode || container : container;
    const walker = document.createTreeWalker(start, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node instanceof Element) {
          return node.matches(SKIP) || node.getClientRects().length === 0
            ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_SKIP;
        }
        return within.intersectsNode(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      },
    });
    /** @type {Sentence[]} */
    const found = [];
    /** @type {Range | null} */
    let current = null;
    let text = "";
    /** @type {Element | null} */
    let block = null;
    const finish = () => {
      if (current && text.trim()) found.push({ text: text.trim(), range: current });
      current = null;
      text = "";
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = node.nodeValue || "";
      const from = node === within.startContainer ? within.startOffset : 0;
      const to = node === within.endContainer ? within.endOffset : value.length;
      const nodeBlock = blockOf(node);
      if (nodeBlock !== block) finish();
      block = nodeBlock;
      for (let i = from; i < to; i++) {
        if (!current) {
          if (!value[i].trim()) continue;
          current = document.createRange();
          current.setStart(node, i);
        }
        text += value[i];
        current.setEnd(node, i + 1);
        if (END.test(value[i])) finish();
      }
    }
    finish();
    return found;
  }

  /** What 朗读 reads: the selection, else the innermost clause text in view, else the page's content.
   * @returns {Range | null} */
  function target() {
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed && selection.rangeCount && selection.toString().trim()) {
      const range = selection.getRangeAt(0);
      if (!bar.contains(range.commonAncestorContainer)) return range.cloneRange();
    }
    const header = document.querySelector(".md-header");
    const top = header ? header.getBoundingClientRect().bottom : 0;
    const clauses = [...document.querySelectorAll("[data-clause-text]")].filter(
      (el) => !el.querySelector("[data-clause-text]"),
    );
    const element =
      clauses.find((el) => el.getBoundingClientRect().bottom > top) ||
      document.querySelector(".md-content article") ||
      document.querySelector("main");
    if (!element) return null;
    const range = document.createRange();
    range.selectNodeContents(element);
    return range;
  }

  /** @param {Range | null} range */
  function highlight(range) {
    const registry = window.CSS && "highlights" in CSS ? CSS.highlights : null;
    if (!registry || typeof Highlight !== "function") return;
    if (range) registry.set(HIGHLIGHT, new Highlight(range));
    else registry.delete(HIGHLIGHT);
  }

  /** The Chinese voice to read with, waiting a moment for the browser to list its voices.
   * @param {SpeechSynthesis} synth @returns {Promise<SpeechSynthesisVoice | null>} */
  function chineseVoice(synth) {
    /** @returns {SpeechSynthesisVoice | null} */
    const pick = () => {
      const voices = synth.getVoices();
      const chinese = voices.filter((v) => /^zh/i.test(v.lang.replace("_", "-")));
      return chinese.find((v) => /^zh-CN/i.test(v.lang.replace("_", "-"))) || chinese[0] || null;
    };
    if (synth.getVoices().length) return Promise.resolve(pick());
    return new Promise((resolve) => {
      const done = () => {
        synth.removeEventListener("voiceschanged", done);
        resolve(pick());
      };
      synth.addEventListener("voiceschanged", done);
      setTimeout(done, 1500);
    });
  }

  /** The reading state, shown on the buttons (暂停 and 停止 only while reading). */
  function showReading() {
    button("read").setAttribute("aria-pressed", String(reading));
    button("pause").hidden = !reading;
    button("stop").hidden = !reading;
    button("pause").textContent = message(paused ? "resume" : "pause");
  }

  /** Ends any reading; true when something was being read. @returns {boolean} */
  function stop() {
    const wasReading = reading;
    reading = false;
    paused = false;
    queue = [];
    if (speech) speech.cancel();
    highlight(null);
    showReading();
    return wasReading;
  }

  /** Speaks the next sentence, highlighted; at the end, says so. @param {SpeechSynthesisVoice} voice */
  function next(voice) {
    const sentence = queue.shift();
    if (!reading) return;
    if (!sentence || !speech) {
      stop();
      say(message("done"));
      return;
    }
    highlight(sentence.range);
    const holder = sentence.range.startContainer.parentElement;
    if (holder) holder.scrollIntoView({ block: "nearest" });
    const utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = "zh-CN";
    // The Chinese voice found; lang alone would let the browser read with its default voice.
    if (voice instanceof SpeechSynthesisVoice) utterance.voice = voice;
    utterance.addEventListener("end", () => next(voice));
    utterance.addEventListener("error", () => next(voice));
    speech.speak(utterance);
  }

  /** 朗读: starts reading (or stops it, pressed again), or says why it cannot. */
  async function read() {
    if (reading) {
      stop();
      return;
    }
    const range = target();
    if (!speech) {
      say(message("no-speech"));
      return;
    }
    const found = range ? sentences(range) : [];
    if (!found.length) {
      say(message("nothing"));
      return;
    }
    const voice = await chineseVoice(speech);
    if (!voice) {
      say(message("no-voice"));
      return;
    }
    speech.cancel();
    queue = found;
    reading = true;
    paused = false;
    showReading();
    say(message("reading"));
    next(voice);
  }

  /** 暂停 / 继续. */
  function pause() {
    if (!speech || !reading) return;
    paused = !paused;
    if (paused) speech.pause();
    else speech.resume();
    showReading();
    say(paused ? message("paused") : message("reading"));
  }

  // ---- the buttons ----

  /** @type {Record<string, () => void>} */
  const actions = {
    size() {
      const step = (size() + 1) % 3;
      if (step) root.setAttribute("data-a11y-size", String(step));
      else root.removeAttribute("data-a11y-size");
      say(message(`size-${step}`));
    },
    read() {
      void read();
    },
    pause,
    stop() {
      if (stop()) say(message("done"));
    },
    reset() {
      root.removeAttribute("data-a11y-size");
      for (const name of TOGGLES) setToggle(name, false);
      stop();
      say(message("reset"));
    },
  };
  for (const name of TOGGLES) {
    actions[name] = () => {
      setToggle(name, !on(name));
      say(message(`${name}-${on(name) ? "on" : "off"}`));
    };
  }

  bar.addEventListener("click", (event) => {
    const control = event.target instanceof Element ? event.target.closest("[data-a11y-action]") : null;
    const action = control && actions[control.getAttribute("data-a11y-action") || ""];
    if (!action) return;
    action();
    show();
    save();
  });
  // A mouse press on 朗读 must not clear the text the reader selected to be read.
  button("read").addEventListener("mousedown", (event) => event.preventDefault());
  window.addEventListener("pagehide", () => stop());
  show();

  // A table wider than the page scrolls inside the theme's wrapper, which the theme leaves out of the Tab order: a
  // keyboard user could not scroll it (WCAG 2.1.1). Each one that overflows becomes a labelled stop; again after a
  // change of size (a phone turned, 大字), and once the theme has wrapped the tables (its document$ replays).
  function scrollers() {
    // Each named by its place on the page (表格 3…): two regions may not share a name.
    document.querySelectorAll(".md-typeset__scrollwrap").forEach((wrap, index) => {
      if (!(wrap instanceof HTMLElement) || wrap.hasAttribute("tabindex")) return;
      if (wrap.scrollWidth <= wrap.clientWidth) return;
      wrap.tabIndex = 0;
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", message("table-scroll").replace("{n}", String(index + 1)));
    });
  }
  bar.addEventListener("click", () => requestAnimationFrame(scrollers));
  window.addEventListener("resize", () => requestAnimationFrame(scrollers));
  const themeDocument = /** @type {{ subscribe?: (next: () => void) => void } | undefined} */ (
    /** @type {any} */ (window).document$
  );
  if (themeDocument && typeof themeDocument.subscribe === "function") themeDocument.subscribe(() => scrollers());
  else scrollers();
})();
