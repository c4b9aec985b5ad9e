/* Copying from clause pages. Loaded as a file, never inline, so a strict CSP (script-src 'self') admits it; it
   writes only text (textContent / clipboard text), never HTML.
   - Buttons: 复制引用 (data-copy-text), 复制链接 (data-copy-url), 复制条文 (data-copy-from: the verbatim text
     of the element it names, without the editor's 注N marks or glossary tips), 复制嵌入代码 (data-copy-embed:
     put together here from the address the page is served from).
   - Selecting text in the clause (blockquote.verbatim) and pressing Ctrl+C copies the words only, too.
   - "复制时附上引用" (input[data-copy-with-citation]) adds the citation after copied clause text. */
(function () {
  "use strict";

  // The site's one copy helper (with its fallback for plain http), a module loaded on the first copy.
  var helper = new URL("../calculators/clipboard.js", /** @type {HTMLScriptElement} */ (document.currentScript).src).href;

  function copy(text) {
    return import(helper).then(function (module) { return module.copyText(text); });
  }

  function report(button, message) {
    var status = button.parentNode && button.parentNode.querySelector(".copy-status");
    if (status) { status.textContent = message; }
  }

  /** The reader's words of a fragment: editor's marks, glossary tips and other non-text (data-search-exclude) out. */
  function plainText(fragment) {
    var marks = fragment.querySelectorAll("[data-search-exclude], .reading-mark, .term-tip");
    for (var i = 0; i < marks.length; i++) { marks[i].remove(); }
    return fragment.textContent.trim();
  }

  function withCitation(text, source) {
    var box = /** @type {HTMLInputElement | null} */ (document.querySelector("input[data-copy-with-citation]"));
    var citation = source && source.getAttribute("data-citation");
    return box && box.checked && citation ? text + "\n——" + citation : text;
  }

  function attribute(text) {
    return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /** The <iframe> (+ resize script) snippet for a clause, with absolute addresses of this copy of the site. */
  function embedCode(button) {
    var src = new URL(button.getAttribute("data-copy-embed"), window.location.href).href;
    var script = new URL(button.getAttribute("data-embed-script"), window.location.href).href;
    return '<iframe src="' + attribute(src) + '" title="' + attribute(button.getAttribute("data-embed-title")) +
      '" width="100%" height="' + Number(button.getAttribute("data-embed-height")) +
      '" style="max-width:100%;border:0" loading="lazy"></iframe>\n' +
      '<script src="' + attribute(script) + '" async></' + 'script>';
  }

  function textFor(button) {
    if (button.hasAttribute("data-copy-text")) { return button.getAttribute("data-copy-text"); }
    if (button.hasAttribute("data-copy-embed")) { return embedCode(button); }
    if (button.hasAttribute("data-copy-from")) {
      var source = document.getElementById(button.getAttribute("data-copy-from"));
      return withCitation(plainText(source.cloneNode(true)), source);
    }
    return new URL(button.getAttribute("data-copy-url"), window.location.href).href;
  }

  document.addEventListener("click", function (event) {
    var target = /** @type {Element} */ (event.target);
    var button = target.closest &&
      target.closest("button[data-copy-text], button[data-copy-url], button[data-copy-embed], button[data-copy-from]");
    if (!button) { return; }
    var text = textFor(button);
    var what = button.getAttribute("data-copy-what") || (button.hasAttribute("data-copy-text") ? "引用" : "链接");
    copy(text).then(
      function () { report(button, "已复制" + what + "：" + text); },
      function () { report(button, "未能自动复制，请手动选中上面的文字复制。"); }
    );
  });

  // Ctrl+C on a selection inside the clause text: the words as the notice has them.
  document.addEventListener("copy", function (event) {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !event.clipboardData) { return; }
    var range = selection.getRangeAt(0);
    var start = range.commonAncestorContainer;
    var clause = /** @type {Element} */ (start.nodeType === 1 ? start : start.parentElement).closest("[data-clause-text]");
    if (!clause) { return; }
    event.clipboardData.setData("text/plain", withCitation(plainText(range.cloneContents()), clause));
    event.preventDefault();
  });

  // The permanent link as this copy of the site serves it (the href is relative; the text shows it whole).
  var links = /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a.permalink-url"));
  for (var i = 0; i < links.length; i++) { links[i].textContent = links[i].href; }
})();
