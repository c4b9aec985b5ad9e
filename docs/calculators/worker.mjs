// The calculators' Web Worker (it lives in calculators/ so that the calculators' service worker, whose scope
// is calculators/, controls it and serves its fetches offline): starts Pyodide (self-hosted, same origin) and answers requests with the
// exact Python engine, `calculators.browser.handle(request_json) -> response_json`.
//
// Start: runtime.json names the package archive, the trimmed standard library, the lock file's header (passed
// inline: no package is ever loaded, so the 119 kB lock is never fetched) and, when the build made one, a
// gzipped memory snapshot with calculators already imported (≈4× less CPU than a plain start, but ≈6 MB more
// to download). The snapshot is used only when it is already at hand — in the service worker's cache, which
// fetches it in the background after a first visit on a link that allows it (see docs/performance.md for
// the figures that chose this): a first visit starts plainly from the fewest bytes. If the snapshot cannot be
// fetched, decompressed or restored, the worker starts Pyodide plainly and imports the package itself.
//
// Messages out: {type: "progress", step, fraction}, {type: "ready", mode, ms}, {type: "failed", reason,
// detail}, {type: "result", id, response}. Messages in: {type: "run", id, request}.
// Pyodide lives under assets/pyodide/<version>/ (runtime.json names the version): stable, cacheable URLs.
const pyodideDir = new URL("../assets/pyodide/", import.meta.url);
let indexURL = null;
let loadPyodide = null;
const pyDir = new URL("../assets/calculators/py/", import.meta.url);
const started = performance.now();
let handle = null;
const queue = [];
const timings = {}; // milliseconds since the worker started, by phase (reported with "ready")

function mark(name) {
  timings[name] = Math.round(performance.now() - started);
}

function post(message) {
  self.postMessage(message);
}

function progress(step, fraction) {
  post({ type: "progress", step, fraction });
}

// A CSP without 'wasm-unsafe-eval' makes loadPyodide() hang instead of failing: probe first.
async function webAssemblyAllowed() {
  try {
    await WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    return true;
  } catch {
    return false;
  }
}

// Fetch a file, reporting the bytes received as progress between `from` and `to`.
async function fetchBytes(url, step, from, to, gunzip = false) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get("Content-Length")) || 0;
  let received = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.byteLength;
      if (total) progress(step, from + (to - from) * Math.min(received / total, 1));
      controller.enqueue(chunk);
    },
  });
  let stream = response.body.pipeThrough(counter);
  if (gunzip) stream = stream.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Options every start passes to loadPyodide().
function runtimeOptions(manifest) {
  return {
    indexURL,
    stdLibURL: new URL(manifest.stdlib, pyDir).href,
    lockFileContents: JSON.stringify(manifest.lock),
    stdout: () => {},
    stderr: () => {},
  };
}

// True when the snapshot would cost no download: in a cache of the calculators' service worker.
async function snapshotAtHand(url) {
  try {
    return Boolean(self.caches && (await caches.match(url)));
  } catch {
    return false; // no Cache Storage here (e.g. an insecure context): start plainly
  }
}

async function startFromSnapshot(manifest, archive) {
  // Handed over as a promise: Pyodide fetches and compiles its WebAssembly while the snapshot downloads.
  const snapshot = fetchBytes(new URL(manifest.snapshot, pyDir), "snapshot", 0.05, 0.7, true)
    .then((bytes) => { mark("snapshot"); progress("start", 0.75); return bytes; });
  const py = await loadPyodide({ ...runtimeOptions(manifest), _loadSnapshot: snapshot });
  mark("pyodide");
  // The snapshot holds the imported modules but not the files; data files are read from site-packages.
  py.unpackArchive(await archive, "zip");
  // Every snapshot carries the same `random` state; give this session its own.
  py.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
  return py;
}

async function startPlain(manifest, archive) {
  progress("runtime", 0.3);
  const py = await loadPyodide(runtimeOptions(manifest));
  mark("pyodide");
  progress("start", 0.85);
  py.unpackArchive(await archive, "zip");
  py.runPython("import calculators, calculators.browser");
  return py;
}

async function start() {
  progress("runtime", 0.02);
  if (!(await webAssemblyAllowed())) {
    post({ type: "failed", reason: "wasm-blocked", detail: "WebAssembly.instantiate refused" });
    return;
  }
  // Always revalidated: it names this build's engine, even when the host sends no cache headers.
  const manifest = await (await fetch(new URL("runtime.json", pyDir), { cache: "no-cache" })).json();
  mark("manifest");
  indexURL = new URL(`${manifest.pyodide}/`, pyodideDir).href;
  ({ loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href));
  const archive = fetchBytes(new URL(manifest.package, pyDir), "package", 0, 0);
  archive.catch(() => {}); // awaited below; avoid an unhandled-rejection report meanwhile
  let py = null;
  let mode = "plain";
  if (manifest.snapshot && (await snapshotAtHand(new URL(manifest.snapshot, pyDir).href))) {
    try {
      py = await startFromSnapshot(manifest, archive);
      mode = "snapshot";
    } catch (error) {
      console.warn("calculators: snapshot start failed, starting plainly:", error);
    }
  }
  if (!py) py = await startPlain(manifest, archive);
  handle = py.pyimport("calculators.browser").handle;
  progress("ready", 1);
  mark("ready");
  post({ type: "ready", mode, ms: timings.ready, timings });
  for (const message of queue.splice(0)) answer(message);
}

function answer({ id, request }) {
  let response;
  try {
    response = handle(request);
  } catch (error) {
    // The engine answers bad input itself; this is only reached by a bug, reported without a traceback.
    response = JSON.stringify({ status: "error", internal: true, message: String(error).split("\n").pop() });
  }
  post({ type: "result", id, response });
}

self.onmessage = (event) => {
  if (event.data?.type !== "run") return;
  if (handle) answer(event.data);
  else queue.push(event.data);
};

start().catch((error) => {
  post({ type: "failed", reason: "start", detail: String(error) });
});
