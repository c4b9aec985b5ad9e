// Glossary tooltips in clause text (sitegen/pages/linking.py): Escape hides the one being shown (WCAG 1.4.13),
// and it comes back when the pointer or focus moves to another term. No data is written into the page.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const wrap of document.querySelectorAll(".term-wrap:hover, .term-wrap:focus-within")) {
    wrap.classList.add("tip-dismissed");
  }
});
for (const type of ["mouseout", "focusout"]) {
  document.addEventListener(type, (event) => {
    const wrap = event.target instanceof Element ? event.target.closest(".term-wrap") : null;
    if (wrap && !wrap.contains(/** @type {Node | null} */ (/** @type {FocusEvent | MouseEvent} */ (event).relatedTarget))) wrap.classList.remove("tip-dismissed");
  });
}
