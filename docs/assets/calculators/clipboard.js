// Copying text for every copy button of the site (clause pages' 复制引用/链接/嵌入代码 through cite.js, the
// calculators' and the self-check's 复制链接): the Clipboard API where the page is a secure context and the
// browser allows it, else — plain http, older browsers, a refused permission — a temporary off-screen textarea
// and execCommand("copy"). Rejects when neither works (the caller then shows the text to copy by hand).

/** @param {string} text */
export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
  }
  return fallbackCopy(text);
}

/** @param {string} text */
function fallbackCopy(text) {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "copy-buffer"; // off-screen (site.css)
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false; // not allowed here: the caller offers the text to copy by hand
  }
  area.remove();
  return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
}
