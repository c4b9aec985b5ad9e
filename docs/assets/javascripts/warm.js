// @ts-check
// A warm start for the calculators, fetched only when the reader shows they are about to use one: a pointer resting
// on (or a finger touching, or the keyboard focusing) a link into calculators/, or the navigation's calculators
// section. Then this registers the calculators' service worker, which downloads and caches the calculator pages
// and their Python runtime in the background (templates/calculators/sw.js), so the calculator starts at once.
// Never because a page was read or left open (a reader of a clause spends no data on the engine); never on
// Save-Data or a 2g/3g link (asked at the moment of intent); never twice. Calculator pages register it themselves.
(() => {
  const DWELL_MS = 150; // a mouse passing over a link on its way elsewhere is not intent
  const script = document.currentScript;
  if (!(script instanceof HTMLScriptElement) || !("serviceWorker" in navigator)) return;
  const scope = new URL("../../calculators/", script.src);
  if (location.href.startsWith(scope.href)) return;
  const EVENTS = /** @type {const} */ (["pointerover", "pointerout", "focusin"]);
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let dwell;

  /** @returns {boolean} false on Save-Data or a 2g/3g link (Network Information API, where the browser has it) */
  function linkAllows() {
    const link = /** @type {{ connection?: { saveData?: boolean, effectiveType?: string } }} */ (navigator).connection;
    return !(link && (link.saveData || /(^|-)[23]g$/.test(link.effectiveType || "")));
  }

  /** @param {string} href @returns {boolean} */
  const isCalculator = (href) => href.startsWith(scope.href);

  /**
   * Does this element lead to a calculator: a link into calculators/, or the toggle (label, checkbox) of the
   * navigation section whose first link is one?
   * @param {EventTarget | null} target
   * @returns {boolean}
   */
  function leadsToCalculator(target) {
    if (!(target instanceof Element)) return false;
    const link = target.closest("a[href]");
    if (link instanceof HTMLAnchorElement) return isCalculator(link.href);
    const first = target.closest(".md-nav__item--nested")?.querySelector("a[href]");
    return Boolean(target.closest("label, input") && first instanceof HTMLAnchorElement && isCalculator(first.href));
  }

  function warm() {
    for (const type of EVENTS) document.removeEventListener(type, onEvent, true);
    navigator.serviceWorker.getRegistration(scope.href)
      .then((known) => known || navigator.serviceWorker.register(new URL("sw.js", scope), { scope: scope.href }))
      .catch(() => { /* no service worker here (file://, a private window): the calculator starts online */ });
  }

  /** @param {Event} event */
  function onEvent(event) {
    clearTimeout(dwell);
    if (event.type === "pointerout" || !leadsToCalculator(event.target) || !linkAllows()) return;
    const mouse = event instanceof PointerEvent && event.pointerType === "mouse";
    if (mouse) dwell = setTimeout(warm, DWELL_MS);
    else warm();
  }

  for (const type of EVENTS) document.addEventListener(type, onEvent, { capture: true, passive: true });
})();
