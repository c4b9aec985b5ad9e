// Make a Pyodide memory snapshot with the calculators package already imported.
//
//   node sitegen/runtime/snapshot.mjs <pyodide-dir> <package-archive> <out-file> [stdlib.zip [preload.json]]
//
// Run by sitegen/runtime/pyodide_runtime.py at build time with the pinned npm package, so the snapshot fits
// exactly the runtime files copied into the site. The archive (a wheel or a zip) is unpacked into
// site-packages, `calculators` and `calculators.browser` are imported, then the standard-library modules named
// in preload.json (the traced ones: with them all in memory, a start from the snapshot reads no standard
// library file, so the worker need not download it), and the interpreter's memory is
// written raw (the Python side gzips it). Exit 1 with a message on any failure: the build then ships no
// snapshot and the worker starts Pyodide plainly.
import nodeCrypto from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archive, outFile, stdlib, preloadFile] = process.argv.slice(2);
if (!pyodideDir || !archive || !outFile) {
  console.error("usage: node snapshot.mjs <pyodide-dir> <package-archive> <out-file> [stdlib.zip [preload.json]]");
  process.exit(2);
}

// In Node, Pyodide wants indexURL as a plain directory path (a file: URL breaks its asm.mjs import).
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

// A snapshot freezes the interpreter's entropy anyway (hash secret, `random` seed); making it a fixed
// sequence makes two builds of one commit byte-identical. Nothing in the calculators needs secrecy.
// Emscripten reads entropy through node:crypto's randomFillSync under Node.
let seed = 0x2022_0003;
nodeCrypto.randomFillSync = (view) => {
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let i = 0; i < bytes.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    bytes[i] = seed >>> 24;
  }
  return view;
};

// Clocks read during start-up (import caches, file times) also land in the heap: freeze them to
// SOURCE_DATE_EPOCH. After a restore the worker's clocks are the real ones again.
const epochMs = Number(process.env.SOURCE_DATE_EPOCH || 0) * 1000;
Date.now = () => epochMs;
let tick = 0;
performance.now = () => (tick += 1);

// A failure prints its message only (Node would echo Pyodide's minified source line, megabytes long).
process.on("uncaughtException", (error) => {
  console.error(`snapshot failed: ${String(error?.message ?? error).slice(-4000)}`);
  process.exit(1);
});
process.on("unhandledRejection", (error) => {
  console.error(`snapshot failed: ${String(error?.message ?? error).slice(-4000)}`);
  process.exit(1);
});

/** Zero the heap's free chunks: they still hold what start-up freed (file reads, compile buffers), which the
 * snapshot would ship (about 70 kB of its brotli copy). dlmalloc hands out every free chunk when asked for the
 * largest that fits, and its footprint limit stops it growing the heap meanwhile; each chunk is zeroed, then all
 * are freed again. Skipped when this Pyodide does not export those functions: the snapshot is only larger. */
function zeroFreeHeap(module) {
  const { _malloc: malloc, _free: free, _malloc_footprint: footprint, _malloc_set_footprint_limit: limit } = module;
  if (![malloc, free, footprint, limit].every((f) => typeof f === "function")) return;
  limit(footprint());
  const taken = [];
  for (let size = 1 << 24; size >= 16; ) {
    const at = malloc(size);
    if (at) {
      module.HEAPU8.fill(0, at, at + size);
      taken.push(at);
    } else size >>= 1;
  }
  taken.forEach((at) => free(at));
  limit(-1 >>> 0); // no limit again
}

// Silence Pyodide's "Loading …" chatter; keep real errors visible.
const stdLibURL = stdlib ? path.resolve(stdlib) : undefined; // the trimmed standard library the site ships
// PYTHONNODEBUGRANGES: the package compiles without column tables, as the standard library was (stdlib_trace.mjs).
const env = { PYTHONHASHSEED: "0", PYTHONNODEBUGRANGES: "1" };
// Emscripten takes the program's name (sys.executable, argv[0], $_ in the heap) from process.argv[1], this
// script's absolute path: every snapshot would carry the builder's checkout path. A browser start has no such
// path; the name here is Emscripten's own default there.
const _sysExecutable = "./this.program";
const py = await loadPyodide({ indexURL, stdLibURL, _makeSnapshot: true, _sysExecutable, env, stdout: () => { /* the imports print nothing worth keeping */ }, stderr: (s) => console.error(s) });
const bytes = new Uint8Array(await readFile(archive));
py.unpackArchive(bytes, archive.endsWith(".whl") ? "wheel" : "zip");
// The same imports the worker needs; nothing else runs, so the heap holds no request-specific state.
py.runPython("import calculators, calculators.browser");
const preload = preloadFile ? JSON.parse(await readFile(preloadFile, "utf-8")) : [];
py.globals.set("preload", JSON.stringify(preload));
py.runPython("import importlib, json\n[importlib.import_module(n) for n in json.loads(preload)]\ndel importlib, json, preload");
zeroFreeHeap(py._module);
const snapshot = py.makeMemorySnapshot();
await writeFile(outFile, snapshot);
console.log(`snapshot ${snapshot.length} bytes`);
