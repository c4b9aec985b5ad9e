// Which files of Pyodide's standard library the calculators use: run them in Pyodide (full standard library)
// and list the modules loaded from it; then write those modules compiled, as the site ships them.
//
//   node sitegen/runtime/stdlib_trace.mjs <pyodide-dir> <package-archive> <out.json> <out.zip> <out-package.zip>
//
// Run by sitegen/runtime/pyodide_runtime.py at build time. What runs is what the worker runs: import the package, then
// for every registered calculator its built-in example, an empty input (the errors path), and a request that
// is not JSON; the engine's describe/labels; and one Python exception turned into a JS error (the worker's
// failure path formats a traceback). Writes a sorted JSON list of paths inside python_stdlib.zip, and a zip of
// those modules as .pyc (compiled by this very interpreter, so the bytecode is Pyodide's): Pyodide ships its
// standard library as sources, and compiling them took most of a plain start's CPU (3.3–4.1 s → 1.2 s for
// loadPyodide under Node on the benchmark machine). Each .pyc is hash-based and unchecked (PEP 552): there is no
// source beside it to compare with. Compiled as `python -OO` does (no docstrings, no asserts: zipimport loads a
// .pyc whatever its level) and without column tables: 0.94 → 0.59 MB brotli, and a smaller snapshot, which imports
// them. Stored, not deflated: brotli over the whole archive finds what the files share (deflated file by file it
// would be about 40 % larger); the build writes its .br and .gz beside it, and the worker takes the form the host
// sends best, as it does for the snapshot.
// It also writes the package archive as the site ships it: the calculators' modules compiled the same way, except
// that asserts and docstrings stay (optimize=0: the engine runs as under CPython), beside its data files. A plain
// start then imports them without compiling: `import calculators` took about 0.25 s in Node and 0.5 s in the
// browser, most of it compiling.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archive, outFile, outZip, outPackage] = process.argv.slice(2);
if (!pyodideDir || !archive || !outFile || !outZip || !outPackage) {
  console.error("usage: node stdlib_trace.mjs <pyodide-dir> <package-archive> <out.json> <out.zip> <out-package.zip>");
  process.exit(2);
}
process.on("unhandledRejection", (error) => {
  console.error(`stdlib trace failed: ${String(error?.message ?? error).slice(-4000)}`);
  process.exit(1);
});

const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
// PYTHONNODEBUGRANGES: this interpreter compiles the shipped .pyc without column tables (PEP 657). Tracebacks keep
// their line numbers and lose only the ^^^ markers.
const env = { PYTHONNODEBUGRANGES: "1" };
const py = await loadPyodide({ indexURL, env, stdout: () => { /* the trace prints nothing worth keeping */ }, stderr: (s) => console.error(s) });
py.unpackArchive(new Uint8Array(await readFile(archive)), "zip");
py.runPython("import calculators, calculators.browser");
const browser = py.pyimport("calculators.browser");
const names = JSON.parse(py.runPython("import json, calculators; json.dumps(list(calculators.CALCULATORS))"));
for (const name of names) {
  const example = py.runPython(`import json, calculators; json.dumps(calculators.CALCULATORS[${JSON.stringify(name)}].EXAMPLE, ensure_ascii=False)`);
  browser.handle(JSON.stringify({ calculator: name, input: JSON.parse(example) }));
  browser.handle(JSON.stringify({ calculator: name, input: {} }));
}
browser.handle("{not json");
browser.handle(JSON.stringify({ calculator: "no-such-calculator", input: {} }));
browser.describe_json();
browser.labels_json();
try {
  py.runPython("raise ValueError('trace')");
} catch {
  /* expected: the traceback machinery is now loaded */
}
py.runPython("import sys\nif 'random' in sys.modules: sys.modules['random'].seed()"); // the worker's reseed

const used = py.runPython(`
import json, sys
zips = [p for p in sys.path if p.endswith(".zip")]
files = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or getattr(module, "__file__", None)
    for z in zips:
        if origin and origin.startswith(z + "/"):
            files.add(origin[len(z) + 1:])
json.dumps(sorted(files))
`);
py.globals.set("traced", used);
py.runPython(`
import importlib.util, io, json, marshal, sys, zipfile
HEADER = importlib.util.MAGIC_NUMBER + (0b01).to_bytes(4, "little") + bytes(8)  # hash-based, unchecked

def pyc(name, source, path, optimize):
    """A .py entry compiled (under path, the name tracebacks show) as the .pyc entry beside it."""
    return name + "c", HEADER + marshal.dumps(compile(source, path, "exec", dont_inherit=True, optimize=optimize))

stdlib = next(p for p in sys.path if p.endswith(".zip"))
buffer = io.BytesIO()
with zipfile.ZipFile(stdlib) as full, zipfile.ZipFile(buffer, "w") as out:
    for name in json.loads(traced):
        source = full.read(name)
        if name.endswith(".py"):  # under the path the source would have
            name, source = pyc(name, source, f"{stdlib}/{name}", 2)
        info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        out.writestr(info, source)  # ZipInfo's default: stored
open("/tmp/stdlib-compiled.zip", "wb").write(buffer.getvalue())
`);
await writeFile(outZip, py.FS.readFile("/tmp/stdlib-compiled.zip"));

py.FS.writeFile("/tmp/package.zip", new Uint8Array(await readFile(archive)));
py.runPython(`
with zipfile.ZipFile("/tmp/package.zip") as source, zipfile.ZipFile("/tmp/package-compiled.zip", "w") as out:
    for entry in source.infolist():
        name, data = entry.filename, source.read(entry)
        if name.endswith(".py"):  # under its own name in the package
            name, data = pyc(name, data, name, 0)
        info = zipfile.ZipInfo(name, entry.date_time)
        info.external_attr, info.compress_type = entry.external_attr, entry.compress_type
        out.writestr(info, data, compresslevel=9)
`);
await writeFile(outPackage, py.FS.readFile("/tmp/package-compiled.zip"));
await writeFile(outFile, used);
console.log(`stdlib trace: ${JSON.parse(used).length} files`);
