/* For the page that embeds a clause: sizes each clause <iframe> to the height its content reports, so nothing is
   clipped at any width. Add it once, after the frames, from the clause site itself:
     <script src="https://<the site>/assets/views/embed-resize.js" async></script>
   Safe on any page: it listens only for messages from the origin it was itself loaded from, only from a frame
   on this page, and only ever sets that frame's height (a number of pixels, capped). */
(function () {
  "use strict";
  var script = /** @type {HTMLScriptElement | null} */ (document.currentScript);
  if (!script) { return; }
  var origin = new URL(script.src, window.location.href).origin;
  var MAX_HEIGHT = 5000;

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "zxwyb-embed:height") { return; }
    var height = Math.ceil(Number(data.height));
    if (!(height > 0 && height <= MAX_HEIGHT)) { return; }
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
        frames[i].setAttribute("height", String(height));
      }
    }
  });

  // Frames that reported before this script arrived: ask them again (only frames served from the same origin).
  var frames = document.getElementsByTagName("iframe");
  for (var i = 0; i < frames.length; i++) {
    var src = frames[i].getAttribute("src");
    if (src && new URL(src, window.location.href).origin === origin && frames[i].contentWindow) {
      frames[i].contentWindow.postMessage({ type: "zxwyb-embed:measure" }, origin);
    }
  }
})();
