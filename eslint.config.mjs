// ESLint for the site's own JavaScript (tests/test_js.py runs it, so `make test` and CI fail on a finding):
// the recommended rules, no unused variables, and no empty block — an empty `catch` needs a comment saying why
// the error may be dropped. Each file is linted as what the browser or Node loads it as: a module or a classic
// script, in a page, a worker, the service worker or Node.
import js from "@eslint/js";
import globals from "globals";

const MODULES = [
  "docs/assets/calculators/*.js",
  "docs/assets/selfcheck/paper.js",
  "docs/assets/selfcheck/report.js",
  "docs/assets/selfcheck/review.js",
  "docs/assets/selfcheck/selfcheck.js",
  "**/*.mjs",
];

export default [
  { ignores: ["node_modules/", "site/", "build/", ".venv/", "calculators/data/"] },
  js.configs.recommended,
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "script", globals: globals.browser },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
      // `.catch(() => {})` drops an error as silently as an empty catch block: a comment inside says why.
      "no-empty-function": "error",
    },
  },
  { files: MODULES, languageOptions: { sourceType: "module" } },
  { files: ["docs/calculators/worker.mjs"], languageOptions: { globals: globals.worker } },
  {
    files: ["templates/calculators/sw.js"],
    languageOptions: {
      globals: {
        ...globals.serviceworker,
        // sitegen/runtime/service_worker.py writes these in.
        __BUILD__: "readonly", __PRECACHE__: "readonly", __IMMUTABLE__: "readonly", __PACKED__: "readonly",
        __BACKGROUND__: "readonly",
      },
    },
  },
  {
    files: ["sitegen/**/*.mjs", "tests/**/*.mjs", "**/*.test.mjs", "eslint.config.mjs"],
    languageOptions: { globals: { ...globals.node } },
  },
];
