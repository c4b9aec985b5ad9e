// /selfcheck/ forwards to the self-check page, keeping the query (?role=…) and the anchor (#q-clause-10-p2,
// #data=…), so every link to the short address opens the same self-check.
const box = document.getElementById("sc-forward");
const target = new URL(box.dataset.target, location.href);
location.replace(`${target.pathname}${location.search}${location.hash}`);
