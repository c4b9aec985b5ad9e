// A warm start for the calculators. After a page that is not a calculator has been open for a few seconds and
// the browser is idle, on a link that allows it, this registers the calculators' service worker: it downloads and
// caches the calculator pages and their Python runtime in the background (templates/calculators/sw.js), so that
// opening a calculator later starts at once, from the memory snapshot, without downloading anything.
// Never on Save-Data or a 2g/3g link; never twice (an existing registration means it was done). The script's
// element says what it decided (data-warm: "declined" or "scheduled"), so a test need not wait the delay out.
(() => {
  const AFTER_MS = 5000;
  const script = document.currentScript;
  if (!script || !("serviceWorker" in navigator)) return;
  const scope = new URL("../../calculators/", script.src);
  if (location.href.startsWith(scope.href)) return; // calculator pages register it themselves
  const link = navigator.connection;
  if (link && (link.saveData || /(^|-)[23]g$/.test(link.effectiveType || ""))) {
    script.dataset.warm = "declined";
    return;
  }
  script.dataset.warm = "scheduled";

  async function warm() {
    if (await navigator.serviceWorker.getRegistration(scope.href)) return;
    await navigator.serviceWorker.register(new URL("sw.js", scope), { scope: scope.href });
  }
  const whenIdle = globalThis.requestIdleCallback || ((callback) => setTimeout(callback, 0));
  addEventListener("load", () => {
    setTimeout(() => whenIdle(() => warm().catch(() => { /* no service worker here: nothing to warm */ })), AFTER_MS);
  });
})();
