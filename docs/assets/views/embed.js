/* Inside a clause embed (/embed/clause-NN/): picks the colour theme from ?theme=light|dark|auto (light when
   absent, so an embed on a light slide never turns black on its own), and tells the embedding page the height
   the content needs, so that embed-resize.js on that page can size the <iframe> without clipping.
   Loaded from the embed's <head> (before the first paint, so the theme never flashes). */
(function () {
  "use strict";
  var THEMES = ["light", "dark", "auto"];
  var asked = new URLSearchParams(window.location.search).get("theme");
  document.documentElement.setAttribute("data-theme", THEMES.indexOf(asked) >= 0 ? asked : "light");

  function contentHeight() {
    // The box stretches to the frame (min-height: 100vh); measure what the content alone needs.
    var box = /** @type {HTMLElement | null} */ (document.querySelector(".embed"));
    if (!box) { return 0; }
    box.style.minHeight = "0";
    var height = Math.ceil(box.getBoundingClientRect().height);
    box.style.minHeight = "";
    return height;
  }

  var last = 0;
  function report() {
    if (window.parent === window) { return; }
    var height = contentHeight();
    if (height && height !== last) {
      last = height;
      // The height is not a secret: any page may embed the clause, so any page may learn its height.
      window.parent.postMessage({ type: "zxwyb-embed:height", height: height }, "*");
    }
  }

  // embed-resize.js may load after this frame has reported: it then asks every frame again.
  window.addEventListener("message", function (event) {
    if (event.source === window.parent && event.data && event.data.type === "zxwyb-embed:measure") {
      last = 0;
      report();
    }
  });
  document.addEventListener("DOMContentLoaded", report);
  window.addEventListener("load", report);
  window.addEventListener("resize", report);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(report); }
})();
