// The calculators' Web Worker (it lives in calculators/ so that the calculators' service worker, whose scope
// is calculators/, controls it and serves its fetches offline): starts Pyodide (self-hosted, same origin) and
// answers requests with the exact Python engine, `calculators.browser.handle(request_json) -> response_json`.
//
// Start: runtime.json (which the page carries and hands over) names the package archive, the standard library
// (trimmed and compiled; in two forms, like the snapshot: see `packedForms`), the lock file's header (passed
// inline: no package is ever loaded, so the 119 kB lock is never fetched), each file's size (for the progress line)
// and, when the build made one, a memory snapshot with calculators and every module they load already imported
// (less CPU than a plain start, but 2.0–2.8 MB to download; shipped without the WebAssembly's data segments, which
// `withDataSegments` puts back). The worker asks for the WebAssembly at once, then chooses: the snapshot when it is
// at hand (in the service worker's cache, which fetches it in the background after a visit on a link that allows
// it) or when the first bytes arrived fast enough that the snapshot's extra bytes cost less than the CPU they save;
// otherwise a plain start from the fewest bytes, with the standard library (see docs/performance.md for the figures
// behind this). If the snapshot cannot be fetched, decompressed or restored, the worker starts Pyodide plainly and
// imports the package itself.
//
// Messages out: {type: "progress", step, fraction, loaded, total} (bytes of the downloads; total only once
// every download's size is known), {type: "ready", mode, ms}, {type: "failed", reason, detail} (reason "download"
// as soon as a file the start needs is refused: Pyodide itself would wait on a failed WebAssembly for ever),
// {type: "result", id, response}. Messages in: {type: "manifest", manifest} (runtime.json, or null: first, from
// engine.js), {type: "run", id, request}.
import { packZeros, unpackZeros, withDataSegments } from "./snapshot-codec.mjs";

// Pyodide lives under assets/pyodide/<version>/ (runtime.json names the version): stable, cacheable URLs.
const pyodideDir = new URL("../assets/pyodide/", import.meta.url);
let indexURL = null;
let wasmURL = null;
let loadPyodide = null;
const pyDir = new URL("../assets/calculators/py/", import.meta.url);
const started = performance.now();
let handle = null;
const queue = [];
/** @type {Record<string, number>} */
const timings = {}; // milliseconds since the worker started, by phase (reported with "ready")
// runtime.json as the page carries it (engine.js: bootWorker), the page's first message; null when the page has
// none: then it is fetched here.
let receiveManifest;
const pageManifest = new Promise((resolve) => (receiveManifest = resolve));

function mark(name) {
  timings[name] = Math.round(performance.now() - started);
}

/** @param {WorkerOut} message */
function post(message) {
  self.postMessage(message);
}

// The files this start downloads (absolute URL → bytes expected, bytes received, bytes on the wire, whether its
// headers came, when its first bytes came, how the host encoded it), counted wherever they are fetched (by
// Pyodide or below), for the page's "MB of MB" line, for measuring the link and for knowing the host.
const downloads = new Map();
let shown = 0; // the bar never moves back
// True once the chosen start's packed file (standard library or snapshot) is counted: until then the total would
// leave it out and then jump.
let planned = false;
let lastPost = 0;

/** The downloads together: bytes over the wire so far and in all, the share of files done, and whether every
 * file's wire size is known yet (`settled`). */
function tally() {
  const files = [...downloads.values()];
  const wire = files.reduce((sum, file) => sum + Math.min(file.received / file.size, 1) * file.sent, 0);
  const total = files.reduce((sum, file) => sum + file.sent, 0);
  const done = files.reduce((sum, file) => sum + Math.min(file.received / file.size, 1), 0) / (files.length || 1);
  return { wire, total, done, settled: planned && files.length > 0 && files.every((file) => file.headers) };
}

function progress(step, fraction) {
  shown = Math.max(shown, fraction);
  const { wire, total, settled } = tally();
  const bytes = settled ? { loaded: Math.round(wire), total } : {};
  post({ type: "progress", step, fraction: shown, ...bytes });
}

/** Count a download's bytes: runtime.json says how large the file is; Content-Length, when the host sends it,
 * says how many bytes cross the wire (fewer when the host compresses). `wanted(response)` may refuse a response
 * by its headers: it is then not counted (the caller cancels it). With `keep`, its bytes are kept too (`whole`,
 * once the download ends).
 * @param {URL | string} url
 * @param {number | undefined} size
 * @param {{wanted?: (response: Response) => boolean, keep?: boolean}} [options] */
function expect(url, size, { wanted = () => true, keep = false } = {}) {
  if (!size) return;
  const file = { size, sent: size, received: 0, headers: false, firstAt: 0, wanted, chunks: keep ? [] : null };
  downloads.set(new URL(url).href, file);
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
  if (file && response.ok && response.body && !file.wanted(response)) downloads.delete(url);
  else if (file && response.ok && response.body) {
    file.headers = true;
    file.encoding = response.headers.get("Content-Encoding");
    file.sent = Number(response.headers.get("Content-Length")) || file.sent;
    file.whole = count(file, response.clone().body.getReader()); // a copy: the caller gets the original response
  }
  return response;
}

/** Say at once that a file every start needs could not be downloaded (a proxy that blocks .wasm, a dropped link):
 * the page offers a retry within seconds instead of waiting for its start-up timeout. */
function requireDownload(url, response) {
  response.then((got) => {
    if (!got.ok) post({ type: "failed", reason: "download", detail: `${url}: HTTP ${got.status}` });
  }, (error) => post({ type: "failed", reason: "download", detail: `${url}: ${error}` }));
}

/** Start downloading a file now; whoever fetches it next (Pyodide) gets this response (returned too). */
function early(url) {
  const response = countedFetch(url.href, url.href);
  response.catch(() => { /* the later fetch() reports a failure */ });
  handOver.set(url.href, response);
  return response;
}

async function count(file, reader) {
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      file.firstAt ||= performance.now();
      file.received += chunk.value.byteLength;
      file.chunks?.push(chunk.value);
      const { done } = tally();
      const now = performance.now();
      if (now - lastPost > 100 || done === 1) {
        lastPost = now;
        // Once everything has arrived, what is left is the interpreter's own start.
        progress(done === 1 ? "start" : "runtime", Math.min(0.05 + 0.8 * done, 0.85));
      }
    }
  } catch {
    return null; // the original response reports the failure
  }
  return file.chunks && new Uint8Array(await new Blob(file.chunks).arrayBuffer());
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

// Fetch a file whole (its bytes are counted: countedFetch, not the wrapper, whose hand-over may be this very
// download's), gunzipped if asked.
async function fetchBytes(url, gunzip = false) {
  const response = await countedFetch(url.href, url.href);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  let stream = response.body;
  if (gunzip) stream = stream.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Options every start passes to loadPyodide(); the standard library's URL differs (see `startFromSnapshot`).
function runtimeOptions(manifest, stdLibURL) {
  return {
    indexURL,
    stdLibURL: stdLibURL.href,
    lockFileContents: JSON.stringify(manifest.lock),
    env: { PYTHONNODEBUGRANGES: "1" }, // as the snapshot and the standard library were compiled (stdlib_trace.mjs)
    stdout: () => { /* the engine answers in JSON: nothing it prints is for the reader */ },
    stderr: () => { /* a failure reaches the page as an exception, not as text */ },
  };
}

// A snapshot start saves ≈1 s of CPU on the benchmark machine once the download overlaps it (land, same runs,
// plain vs snapshot: 10 Mbit/s 5.4–5.5 s vs 5.6–5.7 s, 20 Mbit/s 3.7–4.0 s vs 3.4–3.7 s; on loopback 2.9–3.1 s vs
// 1.7–2.0 s; see docs/performance.md): its extra bytes are worth it when they arrive in less time than that (a
// phone's slower CPU would save more). The link's rate is bytes per second over the wire, all downloads together
// (they share the link), measured from the first bytes for MEASURE_MS or MEASURE_BYTES, whichever comes first.
const SNAPSHOT_SAVES_S = 1;
const MEASURE_MS = 400;
const MEASURE_BYTES = 400e3;
const ENTRY_MS = 300;

/** True when the link brings the snapshot's extra bytes (`bytes()`, asked once the link is measured: the host's
 * encoding, which decides the form, is known by then) in less time than the snapshot saves: never on a Save-Data
 * or 2g/3g link, nor when nothing was measured (a manifest without sizes): then the fewest bytes. */
async function linkIsFast(bytes) {
  const connection = self.navigator.connection;
  if (connection?.saveData || /(^|-)[23]g$/.test(connection?.effectiveType || "")) return false;
  if (!downloads.size) return false;
  let doneAt = 0;
  for (;;) {
    const firsts = [...downloads.values()].map((file) => file.firstAt).filter(Boolean);
    const elapsed = firsts.length ? performance.now() - Math.min(...firsts) : 0;
    const { wire, done } = tally();
    // What has arrived whole so far: its Resource Timing says whether it crossed the link.
    const arrived = [...downloads.keys()].filter((url) => performance.getEntriesByName(url).length);
    if (done === 1 || elapsed >= MEASURE_MS || (wire >= MEASURE_BYTES && arrived.length)) {
      if (arrived.length && arrived.every(cameFromCache)) {
        // Nothing crossed the link (a start soon after another: the first one's files are in the HTTP cache), so
        // its rate is unknown: measured, it would be the disk's. The snapshot is not at hand and may still be on its
        // way to the service worker, which the first visit left precaching it: asking for it waited for that
        // download (4 Mbit/s: 5.4 s against a bare second start's 3.3 s). A plain start needs nothing from the link.
        return false;
      }
      const fast = elapsed < 1 || bytes() / (wire / (elapsed / 1000)) < SNAPSHOT_SAVES_S;
      // Fast, but nothing has arrived whole yet to say whether it crossed the link: wait for the first file (the
      // engine's package, 0.1 MB, comes soon on a link that is fast). Its Resource Timing entry can come a little
      // after its last bytes: wait for it up to ENTRY_MS once everything is in.
      doneAt ||= done === 1 ? performance.now() : 0;
      if (!fast || arrived.length || (doneAt && performance.now() - doneAt > ENTRY_MS)) return fast;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Did this download's body come from the browser's HTTP cache (its Resource Timing entry, once it has arrived:
 * fewer bytes crossed the link than the body's, none for a fresh copy, the headers of a 304 for a revalidated one)? */
function cameFromCache(url) {
  const entry = /** @type {PerformanceResourceTiming | undefined} */ (performance.getEntriesByName(url).at(-1));
  return Boolean(entry) && entry.encodedBodySize > 0 && entry.transferSize < entry.encodedBodySize;
}

// The snapshot unpacked (31 MB; its gzip is 2.8 MB) is kept in a cache of its own once a start has used it:
// reading it back is several hundred milliseconds faster than gunzipping it on every visit, kept without its
// all-zero blocks (snapshot-codec.mjs `packZeros`).
// (Not a name starting "calculators-": the service worker drops those caches that are not its own build's.)
const UNPACKED = "snapshot-unpacked";
let keep = null; // done after the start: store the unpacked snapshot
// Storing it costs the worker and the browser some tens of milliseconds of CPU: done when the page says so
// ({type: "background"}: engine.js sends it once the page has drawn its first answer, or a few seconds after the
// start when the page asks nothing), rather than beside the page's drawing of that answer (on a phone's few cores,
// a longer frame: Lighthouse's blocking time).
let backgroundAllowed = () => { /* replaced below */ };
const pageDrew = new Promise((resolve) => { backgroundAllowed = () => resolve(undefined); });



async function cached(cacheName, key) {
  try {
    if (!self.caches) return undefined;
    return cacheName ? await (await caches.open(cacheName)).match(key) : await caches.match(key);
  } catch {
    return undefined; // no Cache Storage here (e.g. an insecure context): start plainly
  }
}

// A packed file's two forms on the host (the standard library and the snapshot: sitegen/runtime/pyodide_runtime.py
// `write_packed`): NAME (a host that compresses sends it as brotli, decoded by the browser) and NAME.gz (the same
// whatever the host does, gunzipped here). The host's way is known from the WebAssembly it sent: encoded, so NAME
// is tried (a host that encodes .wasm but not .zip or .bin is caught by its headers and cancelled); not encoded,
// NAME.gz. For the snapshot: 2.0 MB as brotli, 2.8 MB as .gz, 31 MB raw. (On loopback its .gz would be ≈0.2 s
// faster here: the browser hands over brotli's 31 MB decoded; on any real link brotli's 0.8 MB less weighs more,
// and the rate of a very fast link cannot be measured reliably in the first 0.4 MB.)
function packedForms(manifest, name) {
  const size = (suffix) => manifest.sizes?.[name + suffix];
  const tryRaw = [...downloads.values()].some((file) => file.encoding);
  return { raw: new URL(name, pyDir), gz: new URL(`${name}.gz`, pyDir), tryRaw, rawSize: size(""),
           gzSize: size(".gz"), wire: tryRaw ? size(".br") : size(".gz") };
}

/** The form of a packed file a cache of the service worker holds: {raw: response}, {gz: true} or null. */
async function keptForm({ raw, gz }) {
  const keptRaw = await cached(null, raw.href);
  if (keptRaw) return { raw: keptRaw };
  return (await cached(null, gz.href)) ? { gz: true } : null;
}

/** A packed file's bytes: the form the service worker kept, else the smaller form the host sends (counted). */
async function packedBytes(forms) {
  const { raw, gz, tryRaw, rawSize, gzSize } = forms;
  const kept = await keptForm(forms);
  const keptGz = Boolean(kept?.gz);
  planned = true; // nothing awaits between here and expect() below: the total shown never leaves this file out
  if (kept?.raw) return new Uint8Array(await kept.raw.arrayBuffer());
  if (tryRaw && !keptGz) {
    const encoded = (response) => Boolean(response.headers.get("Content-Encoding"));
    expect(raw, rawSize, { wanted: encoded });
    const response = await countedFetch(raw.href, raw.href);
    if (response.ok && encoded(response)) return new Uint8Array(await response.arrayBuffer());
    await response.body?.cancel(); // sent unencoded: take the .gz instead
  }
  if (!keptGz) expect(gz, gzSize);
  return fetchBytes(gz, true); // a kept .gz comes from the service worker's cache
}

/** The unpacked snapshot kept by an earlier start, {url, bytes: Promise<Uint8Array>}, or null: read from the
 * worker's first moment (on a warm start this read is the longest step); used only if runtime.json names the
 * same snapshot. */
async function readUnpacked() {
  try {
    const cache = await caches.open(UNPACKED);
    const [key] = await cache.keys();
    const response = key && (await cache.match(key));
    if (!response) return null;
    const bytes = response.arrayBuffer().then(unpackZeros);
    bytes.catch(() => { /* reported where it is used, if it is */ });
    return { url: key.url, bytes };
  } catch {
    return null; // no Cache Storage here
  }
}
const unpackedEarly = readUnpacked();

// True when the snapshot would cost no download: unpacked, or in a cache of the calculators' service worker.
async function snapshotAtHand(forms) {
  return (await unpackedEarly)?.url === forms.raw.href || Boolean(await keptForm(forms));
}

/** The snapshot as Pyodide restores it: unpacked by an earlier start, or the shipped form (kept by the service
 * worker, else downloaded) with the WebAssembly's data segments put back. */
async function snapshotBytes(forms) {
  const unpacked = await unpackedEarly;
  if (unpacked?.url === forms.raw.href) return unpacked.bytes;
  const shipped = await packedBytes(forms);
  const wasm = await downloads.get(wasmURL.href)?.whole;
  if (!wasm) throw new Error("the WebAssembly's bytes were not kept");
  const bytes = withDataSegments(shipped, wasm);
  keep = async () => {
    const cache = await caches.open(UNPACKED);
    for (const old of await cache.keys()) await cache.delete(old); // an earlier build's
    await cache.put(forms.raw.href, new Response(packZeros(bytes)));
  };
  return bytes;
}



// What a start from a snapshot that holds every module the calculators load gets as its standard library (Pyodide
// always installs one): an empty zip, its end record only, from memory. zipimport's index of the real one is in
// the snapshot, but nothing is left to import from it.
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);

/** Start downloading the standard library, in the form the host sends best (known once the WebAssembly's headers
 * are in); its URL, for loadPyodide, which is handed the bytes. */
function fetchStdlib(manifest, wasmResponse) {
  const url = new URL(manifest.stdlib, pyDir);
  const bytes = wasmResponse.catch(() => { /* the start reports a failed WebAssembly */ }).then(() => packedBytes(packedForms(manifest, manifest.stdlib)));
  handOver.set(url.href, bytes.then((data) => new Response(data)));
  bytes.catch(() => { /* the loadPyodide() that fetches it reports a failure */ });
  return url;
}

async function startFromSnapshot(manifest, archive, stdlib) {
  // Handed over as a promise: Pyodide fetches and compiles its WebAssembly while the snapshot arrives.
  const snapshot = snapshotBytes(packedForms(manifest, manifest.snapshot)).then((bytes) => {
    mark("snapshot");
    progress("start", 0.75);
    return bytes;
  });
  let stdLibURL = stdlib;
  if (!stdLibURL) {
    stdLibURL = new URL("no-stdlib.zip", pyDir); // never fetched: handed over
    handOver.set(stdLibURL.href, Promise.resolve(new Response(EMPTY_ZIP)));
  }
  let py;
  try {
    py = await loadPyodide({ ...runtimeOptions(manifest, stdLibURL), _loadSnapshot: snapshot });
  } catch (error) {
    keep = null;
    await caches.delete(UNPACKED).catch(() => { /* unusable: the next start unpacks the .gz afresh */ });
    throw error;
  }
  mark("pyodide");
  // The snapshot holds the imported modules but not the files; data files are read from site-packages.
  py.unpackArchive(await archive, "zip");
  // Every snapshot carries the same `random` state; give this session its own.
  py.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()");
  return py;
}

async function startPlain(manifest, archive, stdlib) {
  progress("runtime", 0.3);
  const py = await loadPyodide(runtimeOptions(manifest, stdlib));
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
  // The page's copy, else fetched and always revalidated: it names this build's engine, even when the host sends
  // no cache headers.
  const manifest = (await pageManifest)
    ?? (await (await fetch(new URL("runtime.json", pyDir), { cache: "no-cache" })).json());
  mark("manifest");
  indexURL = new URL(`${manifest.pyodide}/`, pyodideDir).href;
  const sizes = manifest.sizes || {};
  wasmURL = new URL("pyodide.asm.wasm", indexURL);
  expect(wasmURL, sizes["pyodide.asm.wasm"], { keep: Boolean(manifest.snapshot) }); // for `withDataSegments`
  expect(new URL(manifest.package, pyDir), sizes[manifest.package]);
  const wasmResponse = early(wasmURL);
  requireDownload(wasmURL, wasmResponse);
  // Both starts need the standard library, unless the snapshot holds all of it: then only a plain start asks.
  const stdlibSkipped = manifest.snapshot && manifest.stdlib_in_snapshot;
  const stdlib = stdlibSkipped ? null : fetchStdlib(manifest, wasmResponse);
  const archive = fetchBytes(new URL(manifest.package, pyDir));
  archive.catch((error) => post({ type: "failed", reason: "download", detail: String(error) }));
  ({ loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href)); // while those download
  let py = null;
  /** @type {ReadyMessage["mode"]} */
  let mode = "plain";
  // The snapshot when it costs nothing (cached), or when the link makes its bytes cheaper than a plain start's CPU:
  // its bytes less the standard library's, which a start from it may not need.
  const wire = (name) => packedForms(manifest, name).wire || 0;
  const extraBytes = () => wire(manifest.snapshot) - (stdlibSkipped ? wire(manifest.stdlib) : 0);
  if (manifest.snapshot && ((await snapshotAtHand(packedForms(manifest, manifest.snapshot)))
      || (await linkIsFast(extraBytes)))) {
    try {
      py = await startFromSnapshot(manifest, archive, stdlib);
      mode = "snapshot";
    } catch (error) {
      console.warn("calculators: snapshot start failed, starting plainly:", error);
    }
  }
  if (!py) py = await startPlain(manifest, archive, stdlib || fetchStdlib(manifest, wasmResponse));
  for (const file of downloads.values()) file.chunks = file.whole = null; // the WebAssembly's bytes, no longer needed
  handle = py.pyimport("calculators.browser").handle;
  progress("ready", 1);
  mark("ready");
  post({ type: "ready", mode, ms: timings.ready, timings });
  for (const message of queue.splice(0)) answer(message);
  if (keep) await pageDrew;
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

self.onmessage = (/** @type {MessageEvent<WorkerIn>} */ event) => {
  if (event.data?.type === "manifest") receiveManifest(event.data.manifest);
  if (event.data?.type === "background") backgroundAllowed();
  if (event.data?.type !== "run") return;
  if (handle) answer(event.data);
  else queue.push(event.data);
};

start().catch((error) => {
  post({ type: "failed", reason: "start", detail: String(error) });
});
