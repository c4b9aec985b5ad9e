// The engine's answers and the worker's messages as the pages read them, written from contracts/*.schema.json
// (tests/test_contracts.py checks that each interface here names the same members as its schema). Vocabularies
// (statuses, codes, outcomes) are plain strings here: the engine owns them, the pages never name one.

/** contracts/verdict.schema.json#/$defs/finding */
interface Finding {
  status: string;
  clause: number;
  check: string;
  code: string;
  basis: string;
  message: string;
  params: Record<string, unknown>;
  caveat?: string;
  calculator?: string;
}

/** contracts/verdict.schema.json#/$defs/notRun */
interface NotRun {
  check: string;
  clause: number;
  reason: string;
}

/** contracts/verdict.schema.json#/$defs/problem */
interface Problem {
  field: string;
  message: string;
}

/** contracts/verdict.schema.json#/$defs/row: a table row's own result; the other members are its figures. */
interface UnitRow {
  id: string;
  status: string | null;
  summary: string | null;
  [figure: string]: unknown;
}

/** contracts/verdict.schema.json#/$defs/verdict, with #/$defs/invalid and #/$defs/internal folded in (the pages
 * read `status` first): the other members are figures. */
interface Verdict {
  calculator?: string;
  status: string;
  findings?: Finding[];
  not_run?: NotRun[];
  results?: Record<string, Verdict>;
  units?: UnitRow[];
  errors?: Problem[];
  internal?: boolean;
  message?: string;
  [figure: string]: unknown;
}

/** contracts/report.schema.json#/$defs/item */
interface ReportItem {
  id: string;
  clause: number;
  clause_label: string;
  clause_title: string;
  sentence: number;
  text: string;
  summary: string;
  parties: string[];
  strength: string;
  strength_label: string;
  binding: boolean;
  words: string;
  basis: string | null;
  answer: string | null;
  outcome: string;
  outcome_label: string;
  note: string | null;
  link: string;
  qr: string;
  conflicts: string[];
  conflict: string | null;
}

/** contracts/report.schema.json#/$defs/attention */
interface Attention {
  kind: "provision" | "check" | "conflict";
  id: string;
  clause: number;
  label: string;
}

/** contracts/report.schema.json#/$defs/report (or, with status "error", #/$defs/invalid's errors) */
interface Report {
  calculator: "selfcheck";
  status: string;
  status_label: string;
  notice: { title: string; doc_number: string; date: string };
  role: { id: string; name: string };
  project: { name?: string | null; organisation?: string | null; date?: string | null };
  example: boolean;
  counts: Record<string, number>;
  check_counts: Record<string, number>;
  attention: Attention[];
  items: ReportItem[];
  left_to_contract: { provisions: Array<{ id: string; clause: number; clause_label: string; text: string }>; checks: string[] };
  findings: Finding[];
  not_run: NotRun[];
  results: Record<string, Verdict>;
  verification: { status: "none" | "match" | "mismatch"; differences?: Array<{ path: string; message: string }> };
  errors?: Problem[];
  internal?: boolean;
  message?: string;
}

/** contracts/runtime.schema.json */
interface RuntimeManifest {
  pyodide: string;
  package: string;
  stdlib: string;
  snapshot?: string;
  stdlib_in_snapshot?: boolean;
  sizes: Record<string, number>;
  lock: { info: object; packages?: object };
}

/** contracts/worker-messages.schema.json#/$defs/out */
interface ProgressMessage {
  type: "progress";
  step: "runtime" | "start" | "ready";
  fraction: number;
  loaded?: number;
  total?: number;
}
interface ReadyMessage {
  type: "ready";
  mode: "plain" | "snapshot";
  ms: number;
  timings: Record<string, number>;
}
interface FailedMessage {
  type: "failed";
  reason: "wasm-blocked" | "download" | "start" | "worker-error";
  detail?: string;
}
interface ResultMessage {
  type: "result";
  id: number;
  response: string;
}
type WorkerOut = ProgressMessage | ReadyMessage | FailedMessage | ResultMessage;

/** contracts/worker-messages.schema.json#/$defs/in */
interface ManifestMessage {
  type: "manifest";
  manifest: RuntimeManifest | null;
}
interface RunMessage {
  type: "run";
  id: number;
  request: string;
}
interface BackgroundMessage {
  type: "background";
}
type WorkerIn = ManifestMessage | RunMessage | BackgroundMessage;

/** contracts/review.schema.json#/$defs/row: one received file in the review table (calculators/review.py). */
interface ReviewRow {
  file: string;
  verification: "match" | "mismatch" | "none" | "unreadable";
  verification_label: string;
  finding: string;
  reason: string | null;
  differences: string[];
  notes: string[];
  status: string | null;
  status_label: string | null;
  example: boolean;
  project: { name: string | null; organisation: string | null; date: string | null };
  role: { id: string; name: string } | null;
  county: string | null;
  counts: Array<{ outcome: string; label: string; status: string; count: number }>;
  check_counts: Array<{ status: string; label: string; count: number }>;
  problem_clauses: number[];
  made_with: string | null;
  computed_with: string;
  changes_since: string[];
  check_code: string | null;
}

/** contracts/review.schema.json#/$defs/rows */
interface ReviewRows {
  rows: ReviewRow[];
}

/** contracts/review.schema.json#/$defs/opened: a file or a paper link opened into the single view */
interface ReviewOpened {
  row: ReviewRow;
  report: Report | null;
}

/** contracts/review.schema.json#/$defs/paper: what a printed report carries */
interface PaperLink {
  check_code: string | null;
  fragment: string | null;
  reason: string | null;
}
