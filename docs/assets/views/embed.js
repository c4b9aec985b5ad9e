/* Inside a clause embed (/embed/clause-NN/): picks the colour theme from ?theme=light|dark|auto (light when
   absent, so an embed on a light slide never turns black on its own), and tells the embedding page the height
   the content needs, so that embed-resize.js on that page can size the <iframe> without clipping.
   Slides: with ?size=slide, or in a frame of at least SLIDE_WIDTH × SLIDE_HEIGHT, the text is set for projection,
   as large as fits the frame (from SLIDE_MAX_PX down to SLIDE_MIN_PX; below that it scrolls, the citation stays);
   a slide frame keeps the size its page gave it (no height is reported).
   Loaded from the embed's <head> (before the first paint, so the theme never flashes). */
(function () {
  "use strict";
  var THEMES = ["light", "dark", "auto"];
  var asked = new URLSearchParams(window.location.search).get("theme");
  document.documentElement.setAttribute("data-theme", THEMES.indexOf(asked) >= 0 ? asked : "light");
  var SLIDE_WIDTH = 880, SLIDE_HEIGHT = 480, SLIDE_MAX_PX = 36, SLIDE_MIN_PX = 20;
  var slideAsked = new URLSearchParams(window.location.search).get("size") === "slide";

  function isSlide() {
    return slideAsked || (window.innerWidth >= SLIDE_WIDTH && window.innerHeight >= SLIDE_HEIGHT);
  }

  /** On a slide, the largest type (whole pixels) at which the clause text fits the frame without scrolling. */
  function fitSlide() {
    var root = document.documentElement;
    var text = document.querySelector(".text");
    if (!isSlide() || !text) {
      root.removeAttribute("data-size");
      root.style.removeProperty("--slide-font");
      return;
    }
    root.setAttribute("data-size", "slide");
    var size = Math.min(SLIDE_MAX_PX, Math.floor(window.innerHeight / 15));
    root.style.setProperty("--slide-font", size + "px");
    while (size > SLIDE_MIN_PX && text.scrollHeight > text.clientHeight + 1) {
      size -= 1;
      root.style.setProperty("--slide-font", size + "px");
    }
  }

  function contentHeight() {
    // The box is the frame's height (height: 100vh); measure what the content alone needs.
    var box = /** @type {HTMLElement | null} */ (document.querySelector(".embed"));
    if (!box) { return 0; }
    box.style.height = "auto";
    var height = Math.ceil(box.getBoundingClientRect().height);
    box.style.height = "";
    return height;
  }

  var last = 0;
  function report() {
    fitSlide();
    if (window.parent === window || isSlide()) { return; }
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
