// Runs the search ranking module (docs/assets/javascripts/search-core.mjs) under Node for the Python tests:
// reads {"index": …, "queries": [...]} as JSON on stdin, writes {"query": [results]} as JSON on stdout.
import { readFileSync } from "node:fs";
import { prepare, search } from "../../docs/assets/javascripts/search-core.mjs";

const { index, queries } = JSON.parse(readFileSync(0, "utf8"));
const prepared = prepare(index);
const answers = {};
for (const query of queries) answers[query] = search(prepared, query);
process.stdout.write(JSON.stringify(answers));
