/* Copy buttons on clause pages ("复制引用", "复制链接"). Loaded as a file, never inline, so a strict CSP
   (script-src 'self') admits it; it writes only text (textContent / clipboard text), never HTML. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    // Older browsers and non-secure origins: copy from a temporary, off-screen textarea.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "copy-buffer";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function report(button, message) {
    var status = button.parentNode && button.parentNode.querySelector(".copy-status");
    if (status) { status.textContent = message; }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-copy-text], button[data-copy-url]");
    if (!button) { return; }
    var text = button.hasAttribute("data-copy-text")
      ? button.getAttribute("data-copy-text")
      : new URL(button.getAttribute("data-copy-url"), window.location.href).href;
    var what = button.getAttribute("data-copy-what") || (button.hasAttribute("data-copy-text") ? "引用" : "链接");
    copy(text).then(
      function () { report(button, "已复制" + what + "：" + text); },
      function () { report(button, "未能自动复制，请手动选中上面的文字复制。"); }
    );
  });
})();
