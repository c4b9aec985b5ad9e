/* Phones and tablets: the menu drawer opens at its top level (首页, 原文, 条款, 索引, 自查计算 …), not inside the
   section of the current page, so any part of the site is one tap away. Material marks the current page's
   sections open (checked toggles); on narrow screens, where those toggles slide panels in the drawer, we close
   them once at load. Wide screens keep the sidebar as Material draws it. */
(function () {
  "use strict";
  if (!window.matchMedia("(max-width: 76.1875em)").matches) { return; }
  var open = /** @type {NodeListOf<HTMLInputElement>} */ (document.querySelectorAll("input.md-nav__toggle:checked"));
  for (var i = 0; i < open.length; i++) { open[i].checked = false; }
})();
