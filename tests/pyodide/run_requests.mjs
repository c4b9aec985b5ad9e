// Answer calculator requests inside real Pyodide under Node (the npm package the site ships).
//
//   node run_requests.mjs <pyodide-dir> <package.zip> <stdlib.zip> <requests.json> [snapshot.bin]
//
// requests.json holds a JSON array of request texts; stdout gets a JSON array of the response texts from
// calculators.browser.handle, in order. Pyodide starts as the site's worker does: with the site's trimmed
// standard library, no lock file fetched, and from the snapshot when one is given (restored: complete).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, archive, stdlib, requestsFile, snapshotFile] = process.argv.slice(2);
const indexURL = path.resolve(pyodideDir) + path.sep;
const { loadPyodide } = await import(pathToFileURL(path.join(indexURL, "pyodide.mjs")).href);

const lock = JSON.parse(await readFile(path.join(indexURL, "pyodide-lock.json"), "utf-8"));
const options = {
  indexURL,
  stdLibURL: path.resolve(stdlib),
  lockFileContents: JSON.stringify({ info: lock.info, packages: {} }),
  stdout: () => { /* answers come back as JSON */ },
  stderr: (s) => console.error(s),
};
if (snapshotFile) options._loadSnapshot = new Uint8Array(await readFile(snapshotFile));
const py = await loadPyodide(options);
py.unpackArchive(new Uint8Array(await readFile(archive)), "zip");
const started = performance.now();
const handle = py.pyimport("calculators.browser").handle;
const requests = JSON.parse(await readFile(requestsFile, "utf-8"));
const responses = requests.map((request) => handle(request));
const version = py.runPython("import sys; sys.version.split()[0]");
console.error(`pyodide python ${version}: ${requests.length} requests in ${Math.round(performance.now() - started)} ms`);
process.stdout.write(JSON.stringify({ python: version, responses }));
