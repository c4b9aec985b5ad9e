// @ts-check
// 关于本站 → 本站在您设备上保存的内容: lists what this site keeps in this browser (caches, service workers,
// localStorage and sessionStorage keys, and the total the browser counts), and clears it all once the reader has
// confirmed. Everything listed is this origin's: other sites' data is out of reach of this script.
(() => {
  const summary = document.getElementById("device-storage-summary");
  const list = document.getElementById("device-storage-list");
  const clear = document.getElementById("device-storage-clear");
  const status = document.getElementById("device-storage-status");
  if (!summary || !list || !(clear instanceof HTMLButtonElement) || !status) return;

  /** @returns {Promise<string[]>} one line per thing kept, in Chinese */
  async function kept() {
    const lines = [];
    if ("caches" in window) for (const name of await caches.keys()) lines.push(`缓存 ${name}`);
    if ("serviceWorker" in navigator) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) {
        lines.push(`Service Worker（${new URL(registration.scope).pathname}）`);
      }
    }
    for (const [label, store] of /** @type {const} */ ([["localStorage", localStorage], ["sessionStorage", sessionStorage]])) {
      for (let i = 0; i < store.length; i += 1) lines.push(`${label} ${store.key(i)}`);
    }
    return lines;
  }

  /** @returns {Promise<string>} "共约 15.2 MB" where the browser says, else "" */
  async function total() {
    try {
      const usage = (await navigator.storage?.estimate())?.usage;
      return usage ? `，共约 ${(usage / 1024 / 1024).toFixed(1)} MB` : "";
    } catch {
      return "";
    }
  }

  async function show() {
    const lines = await kept();
    list.replaceChildren(...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
    list.hidden = lines.length === 0;
    clear.hidden = lines.length === 0;
    summary.textContent = lines.length
      ? `此浏览器中本站现在保存了 ${lines.length} 项${await total()}：`
      : "此浏览器中本站现在没有保存任何内容。";
  }

  async function clearAll() {
    if ("caches" in window) for (const name of await caches.keys()) await caches.delete(name);
    if ("serviceWorker" in navigator) {
      for (const registration of await navigator.serviceWorker.getRegistrations()) await registration.unregister();
    }
    localStorage.clear();
    sessionStorage.clear();
  }

  clear.addEventListener("click", () => {
    const question = "将删除本站保存在此浏览器中的全部内容，包括全文自查中尚未导出的回答，且无法恢复。确定清除吗？";
    if (!window.confirm(question)) return;
    status.textContent = "正在清除…";
    clearAll()
      .then(() => { status.textContent = "已清除。"; })
      .catch(() => { status.textContent = "未能全部清除，请在浏览器的“网站设置”中清除本站数据。"; })
      .finally(() => show());
  });
  show().catch(() => { /* storage not readable here (a private window): the note already says what to do */ });
})();
