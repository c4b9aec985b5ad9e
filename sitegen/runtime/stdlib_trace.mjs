// Which files of Pyodide's standard library the calculators use: run them in Pyodide (full standard library)
// and list the modules loaded from it.
//
//   node sitegen/runtime/stdlib_trace.mjs <pyodide-dir> <package-archive> <out.json>
//
// Run by sitegen/runtime/pyodide_runtime.py at build time. What runs is what the worker runs: import the package, then
// for every registered calculator its built-in example, an empty input (the errors path), and a request that
// is not JSON; the engine's describe/labels; and one Python exception turned into a JS error (the worker's
// failure path formats a traceback). Writes a sorted JSON list of paths inside python_stdlib.zip.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archive, outFile] = process.argv.slice(2);
if (!pyodideDir || !archive || !outFile) {
  console.error("usage: node stdlib_trace.mjs <pyodide-dir> <package-archive> <out.json>");
  process.exit(2);
}
process.on("unhandledRejection", (error) => {
  console.error(`stdlib trace failed: ${String(error?.message ?? error).slice(-4000)}`);
  process.exit(1);
});

const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);
const py = await loadPyodide({ indexURL, stdout: () => {}, stderr: (s) => console.error(s) });
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
await writeFile(outFile, used);
console.log(`stdlib trace: ${JSON.parse(used).length} files`);
