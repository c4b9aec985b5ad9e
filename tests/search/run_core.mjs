// Runs the search ranking module (docs/assets/javascripts/search-core.mjs) under Node for the Python tests:
// reads {"index": …, "queries": [...], "mode"?: "understand"} as JSON on stdin, writes {"query": answer} as JSON
// on stdout: each query's results, or with mode "understand" how the query is read (slots and modal markers);
// mode "fresh" answers each query from an index prepared for it alone (nothing remembered from other queries).
import { readFileSync } from "node:fs";
import { normaliseQuery, prepare, search, understand } from "../../docs/assets/javascripts/search-core.mjs";

const { index, queries, mode } = JSON.parse(readFileSync(0, "utf8"));
const prepared = prepare(index);
const answers = {};
for (const query of queries) {
  if (mode === "understand") answers[query] = understand(prepared.lexicon, normaliseQuery(query));
  else answers[query] = search(mode === "fresh" ? prepare(index) : prepared, query);
}
process.stdout.write(JSON.stringify(answers));
