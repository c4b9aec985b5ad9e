// The summary that stays at the top of a long form (templates/calculators/_fields.j2 sticky_summary): its export and
// print buttons press the page's own (one handler each, the WeChat hint beside both), and its 看结论 link, like the
// phone's floating one, names the verdict.

/** Wire the sticky summary's buttons, where the page has one. */
export function wireSticky() {
  for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll("[data-presses]"))) {
    button.addEventListener("click", () => document.getElementById(button.dataset.presses)?.click());
  }
}

/** Every 看结论 link of the page carries the overall status (its colour) and its label ("" before any verdict):
 * one glance, one tap. */
export function showVerdict(status, label) {
  for (const link of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".calc-jump, .calc-sticky-verdict"))) {
    link.dataset.status = status;
    const text = link.querySelector(".calc-jump-status");
    if (text) text.textContent = label ? `：${label}` : ""; // none yet: 看结论 alone
  }
}
