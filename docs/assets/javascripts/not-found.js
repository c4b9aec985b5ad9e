/* The 404 page: shows the address that was not found and guesses the clause it meant — "/clauses/clause-8",
   "/clause08", "/clauses/8/", "/第八条", "/（八）" all lead to 第（八）条. The clause list (number, label, title,
   path) is generated at build time (assets/clause-index.json); the guess puts the search words in the box too. */
(function () {
  "use strict";
  var box = document.getElementById("not-found");
  if (!box) { return; }
  var path;
  try { path = decodeURIComponent(window.location.pathname); } catch (e) { path = window.location.pathname; }
  document.getElementById("nf-path").textContent = path;

  /** The clause a path names: by label ("八" in 第八条 or （八）) or by a number after "clause". */
  function guess(clauses) {
    for (var i = 0; i < clauses.length; i++) {
      var numeral = clauses[i].label.replace(/[（）()]/g, "");
      if (path.indexOf("第" + numeral + "条") >= 0 || path.indexOf("（" + numeral + "）") >= 0 ||
          path.indexOf("(" + numeral + ")") >= 0) { return clauses[i]; }
    }
    var match = /clauses?[^0-9a-z]*0*(\d{1,2})(?!\d)/i.exec(path) || /^\/?0*(\d{1,2})\/?$/.exec(path);
    if (!match) { return null; }
    var number = Number(match[1]);
    for (var j = 0; j < clauses.length; j++) { if (clauses[j].number === number) { return clauses[j]; } }
    return null;
  }

  fetch(box.getAttribute("data-index")).then(function (response) {
    return response.ok ? response.json() : [];
  }).then(function (clauses) {
    var clause = guess(clauses);
    if (!clause) { return; }
    var link = /** @type {HTMLAnchorElement} */ (document.getElementById("nf-guess-link"));
    link.href = box.getAttribute("data-root") + clause.path;
    link.textContent = "第" + clause.label + "条 " + clause.title;
    document.getElementById("nf-guess").hidden = false;
  }).catch(function () { /* no guess: the links below still lead on */ });
})();
