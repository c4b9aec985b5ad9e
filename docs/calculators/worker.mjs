// The calculators' Web Worker (it lives in calculators/ so that the calculators' service worker, whose scope
// is calculators/, controls it and serves its fetches offline): starts Pyodide (self-hosted, same origin) and
// answers requests with the exact Python engine, `calculators.browser.handle(request_json) -> response_json`.
//
// Start: runtime.json names the package archive, the trimmed standard library, the lock file's header (passed
// inline: no package is ever loaded, so the 119 kB lock is never fetched), each file's size (for the progress
// line) and, when the build made one, a gzipped memory snapshot with calculators already imported (≈4× less CPU
// than a plain start, but ≈6 MB more to download). The worker asks for the WebAssembly and the standard library
// at once, then chooses: the snapshot when it is at hand (in the service worker's cache, which fetches it in
// the background after a visit on a link that allows it) or when the first bytes of those downloads arrived
// fast enough that 6 MB cost less than the CPU they save; otherwise a plain start from the fewest bytes (see
// docs/performance.md for the figures behind this). If the snapshot cannot be fetched, decompressed or
// restored, the worker starts Pyodide plainly and imports the package itself.
//
// Messages out: {type: "progress", step, fraction, loaded, total} (bytes of the downloads; total only once
// every download's size is known), {type: "ready", mode, ms}, {type: "failed", reason, detail},
// {type: "result", id, response}. Messages in: {type: "run", id, request}.
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

// The files this start downloads (absolute URL → bytes expected, bytes received, bytes on the wire, whether its
// headers came, when its first bytes came), counted wherever they are fetched (by Pyodide or below), for the
// page's "MB of MB" line and for measuring the link.
const downloads = new Map();
let shown = 0; // the bar never moves back
let lastPost = 0;

/** The downloads together: bytes over the wire so far and in all, the share of files done, and whether every
 * file's wire size is known yet (`settled`). */
function tally() {
  const files = [...downloads.values()];
  const wire = files.reduce((sum, file) => sum + Math.min(file.received / file.size, 1) * file.sent, 0);
  const total = files.reduce((sum, file) => sum + file.sent, 0);
  const done = files.reduce((sum, file) => sum + Math.min(file.received / file.size, 1), 0) / (files.length || 1);
  return { wire, total, done, settled: files.length > 0 && files.every((file) => file.headers) };
}

function progress(step, fraction) {
  shown = Math.max(shown, fraction);
  const { wire, total, settled } = tally();
  const bytes = settled ? { loaded: Math.round(wire), total } : {};
  post({ type: "progress", step, fraction: shown, ...bytes });
}

/** Count a download's bytes: runtime.json says how large the file is; Content-Length, when the host sends it,
 * says how many bytes cross the wire (fewer when the host compresses). */
function expect(url, size) {
  if (size) downloads.set(new URL(url).href, { size, sent: size, received: 0, headers: false, firstAt: 0 });
}

// Every fetch of this worker (Pyodide's too) goes through here: counted when expected, and a file the worker
// asked for early (see `early`) is handed to the first fetch() for it instead of being downloaded again.
const plainFetch = self.fetch.bind(self);
const handOver = new Map();
self.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input, self.location.href).href;
  const ready = handOver.get(url);
  handOver.delete(url);
  return ready || countedFetch(url, input, init);
};

async function countedFetch(url, input, init) {
  const response = await plainFetch(input, init);
  const file = downloads.get(url);
  if (file && response.ok && response.body) {
    file.headers = true;
    file.sent = Number(response.headers.get("Content-Length")) || file.sent;
    count(file, response.clone().body.getReader()); // a copy: the caller gets the original response, URL intact
  }
  return response;
}

/** Start downloading a file now; whoever fetches it next (Pyodide) gets this response. */
function early(url) {
  const response = countedFetch(url.href, url.href);
  response.catch(() => {}); // the later fetch() reports a failure
  handOver.set(url.href, response);
}

async function count(file, reader) {
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      file.firstAt ||= performance.now();
      file.received += chunk.value.byteLength;
      const { done } = tally();
      const now = performance.now();
      if (now - lastPost > 100 || done === 1) {
        lastPost = now;
        // Once everything has arrived, what is left is the interpreter's own start.
        progress(done === 1 ? "start" : "runtime", Math.min(0.05 + 0.8 * done, 0.85));
      }
    }
  } catch { /* the original response reports the failure */ }
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

// Fetch a file whole (its bytes are counted by the fetch wrapper above), gunzipped if asked.
async function fetchBytes(url, gunzip = false) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  let stream = response.body;
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

// The snapshot costs ≈6 MB more than a plain start and saves ≈4 s of CPU on the benchmark machine: worth it from
// about 12 Mbit/s (see docs/performance.md). Bytes per second over the wire, all downloads together (they share
// the link), measured from the first bytes for MEASURE_MS or MEASURE_BYTES, whichever comes first.
const FAST_LINK = 1.5e6;
const MEASURE_MS = 400;
const MEASURE_BYTES = 400e3;

/** True when the link is fast enough for the snapshot: never on a Save-Data or 2g/3g link, nor when nothing was
 * measured (a manifest without sizes): then the fewest bytes. */
async function linkIsFast() {
  const connection = self.navigator.connection;
  if (connection?.saveData || /(^|-)[23]g$/.test(connection?.effectiveType || "")) return false;
  if (!downloads.size) return false;
  for (;;) {
    const firsts = [...downloads.values()].map((file) => file.firstAt).filter(Boolean);
    const elapsed = firsts.length ? performance.now() - Math.min(...firsts) : 0;
    const { wire, done } = tally();
    if (done === 1 || wire >= MEASURE_BYTES || elapsed >= MEASURE_MS) {
      return elapsed < 1 || wire / (elapsed / 1000) >= FAST_LINK;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// The snapshot unpacked (31 MB; its gzip is 6 MB) is kept in a cache of its own once a start has used it:
// reading it back is several hundred milliseconds faster than gunzipping it on every visit. (Not a name
// starting "calculators-": the service worker drops those caches that are not its own build's.)
const UNPACKED = "snapshot-unpacked";
let keep = null; // done after the start: store the unpacked snapshot

function unpackedKey(url) {
  return url.href.replace(/\.gz$/, ""); // a cache key only: the site serves the .gz
}

async function cached(cacheName, key) {
  try {
    if (!self.caches) return undefined;
    return cacheName ? await (await caches.open(cacheName)).match(key) : await caches.match(key);
  } catch {
    return undefined; // no Cache Storage here (e.g. an insecure context): start plainly
  }
}

// True when the snapshot would cost no download: unpacked, or in a cache of the calculators' service worker.
async function snapshotAtHand(url) {
  return Boolean((await cached(UNPACKED, unpackedKey(url))) || (await cached(null, url.href)));
}

async function snapshotBytes(url, size) {
  const unpacked = await cached(UNPACKED, unpackedKey(url));
  if (unpacked) return new Uint8Array(await unpacked.arrayBuffer());
  expect(url, size);
  const bytes = await fetchBytes(url, true);
  keep = async () => {
    const cache = await caches.open(UNPACKED);
    for (const old of await cache.keys()) await cache.delete(old); // an earlier build's
    await cache.put(unpackedKey(url), new Response(bytes));
  };
  return bytes;
}

async function startFromSnapshot(manifest, archive) {
  const url = new URL(manifest.snapshot, pyDir);
  // Handed over as a promise: Pyodide fetches and compiles its WebAssembly while the snapshot arrives.
  const snapshot = snapshotBytes(url, manifest.sizes?.[manifest.snapshot]).then((bytes) => {
    mark("snapshot");
    progress("start", 0.75);
    return bytes;
  });
  let py;
  try {
    py = await loadPyodide({ ...runtimeOptions(manifest), _loadSnapshot: snapshot });
  } catch (error) {
    keep = null;
    await caches.delete(UNPACKED).catch(() => {}); // unusable: the next start unpacks the .gz afresh
    throw error;
  }
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
  const sizes = manifest.sizes || {};
  const wasm = new URL("pyodide.asm.wasm", indexURL);
  expect(wasm, sizes["pyodide.asm.wasm"]);
  for (const name of [manifest.stdlib, manifest.package]) expect(new URL(name, pyDir), sizes[name]);
  early(wasm);
  early(new URL(manifest.stdlib, pyDir));
  const archive = fetchBytes(new URL(manifest.package, pyDir));
  archive.catch(() => {}); // awaited below; avoid an unhandled-rejection report meanwhile
  let py = null;
  let mode = "plain";
  // The snapshot when it costs nothing (cached), or when the link makes its bytes cheaper than a plain start's CPU.
  const snapshotUrl = manifest.snapshot && new URL(manifest.snapshot, pyDir);
  if (snapshotUrl && ((await snapshotAtHand(snapshotUrl)) || (await linkIsFast()))) {
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
  await keep?.().catch(() => { /* no room, or no Cache Storage: the next start gunzips again */ });
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
