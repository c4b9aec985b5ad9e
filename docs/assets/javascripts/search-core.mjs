// The site's search ranking: pure functions over the build-time index (search/index.json, written by
// sitegen/search/). No DOM here, so the same module runs in the page and in the Node unit tests.
//
// Ranking (关于本站 › 如何搜索, docs/about.md, explains it for readers):
//   1. a query that names something jumps to it: a clause (第十条, 第（十）条, （十）, 第10条, 十条),
//      a section (第三部分, 三、) or a document by its 文号 (59号, 浙政办发〔2021〕59号, 浙政办发[2021]59号);
//   2. entries that contain the whole query as a phrase, clauses first (most occurrences first), then the
//      notice's other text, glossary terms and cited documents, other pages, calculator pages last; the
//      entry of a term or document named exactly comes right after the first clause;
//   3. entries that share words with the query (character pairs, weighted by rarity), best covered first.
// Comparisons ignore white space, punctuation (so quotes and bracket styles), full/half width, letter case
// and the editor's 注N markers. One result per group (a clause, a term, a document, a page).

const KINDS = ["clause", "notice", "term", "document", "page", "calculator"];
// Part 3 only: a small discount per kind, so that equally covered clauses come before pages quoting them.
const KIND_WEIGHT = { clause: 1, notice: 0.97, term: 0.95, document: 0.95, page: 0.9, calculator: 0.85 };
// Question words and fillers people type around what they look for ("厂房可以转租吗"); part 3 ignores them.
const FILLERS = [
  "是不是", "有没有", "要不要", "能不能", "可不可以", "怎么样", "什么", "怎么", "怎样", "如何", "哪些", "哪个",
  "哪里", "多少", "是否", "可以", "可否", "能否", "请问", "一下", "有关", "关于", "规定", "要求",
  "吗", "呢", "吧", "么", "的", "了", "啊",
];
const SNIPPET_LENGTH = 90; // characters of a long sentence shown around the hit
const NUMERAL = "[一二三四五六七八九十]+|[0-9]+";
const CLAUSE_CITATION = new RegExp(`^(第)?(\\()?(${NUMERAL})(\\))?(条)?$`);
const SECTION_CITATION = new RegExp(`^(?:第?(${NUMERAL})部分|(${NUMERAL})、)$`);
const EDITOR_MARK = /注\s*[0-9０-９]+/g;
const SENTENCE_END = /[。！？；\n]/;
// Characters that must not start a line of Chinese text (closing punctuation and separators).
const NO_LINE_START = /^[\s，、。；：！？,.;:!?）」』】〕》”’·…]+/;

const HAN = /[\u4e00-\u9fff]/;
const DROPPED = /[\s\p{P}]/u;
const KEPT_PUNCTUATION = new Set([".", "%"]);

/** One character as compared: NFKC (full/half width), lower case; "" for space and punctuation. */
function fold(char) {
  if (HAN.test(char)) return char;
  let out = "";
  for (const c of char.normalize("NFKC").toLowerCase()) {
    if (!DROPPED.test(c) || KEPT_PUNCTUATION.has(c)) out += c;
  }
  return out;
}

/** The compared form of a text, and for each of its UTF-16 units the index of the original character. */
function normalise(text) {
  let out = "";
  const map = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Fast path: Han characters, lower-case letters and digits stay as they are.
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      out += text[i];
      map.push(i);
      continue;
    }
    const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length; // a character outside the BMP
    const folded = fold(wide ? text.slice(i, i + 2) : text[i]);
    out += folded;
    for (let k = 0; k < folded.length; k++) map.push(i);
    if (wide) i++;
  }
  map.push(text.length); // one past the end
  return { text: out, map };
}

/** The compared form of a query: as normalise(), and without the editor's 注N markers copied along. */
function normaliseQuery(query) {
  return normalise(query.replace(EDITOR_MARK, "")).text;
}

const isDigit = (c) => c >= "0" && c <= "9";

/** Start positions of needle in a normalised text; a number never matches inside a longer number. */
function occurrences(norm, original, needle) {
  const found = [];
  const checkStart = isDigit(needle[0]);
  const checkEnd = isDigit(needle[needle.length - 1]);
  for (let at = norm.text.indexOf(needle); at !== -1; at = norm.text.indexOf(needle, at + 1)) {
    const before = original[norm.map[at] - 1];
    const after = original[norm.map[at + needle.length - 1] + 1];
    if ((checkStart && before !== undefined && isDigit(fold(before))) || (checkEnd && after !== undefined && isDigit(fold(after)))) continue;
    found.push(at);
  }
  return found;
}

/** The index made ready for searching: every text and key normalised once. */
export function prepare(index) {
  const entries = index.entries.map((entry, order) => ({
    ...entry,
    order,
    rank: KINDS.indexOf(entry.kind),
    norm: normalise(entry.text),
    keyNorms: (entry.keys || []).filter(Boolean).map((key) => ({ key, norm: normalise(key) })),
    numberNorm: entry.number ? normalise(entry.number) : null,
  }));
  const firstText = new Map();
  for (const entry of entries) if (entry.text && !firstText.has(entry.group)) firstText.set(entry.group, entry);
  return { entries, firstText };
}

/** The citation a query is, if any: {kind: "clause"|"section", numeral}. */
function parseCitation(query) {
  const q = query.normalize("NFKC").replace(/\s+/g, "");
  const section = q.match(SECTION_CITATION);
  if (section) return { kind: "section", numeral: section[1] || section[2] };
  const clause = q.match(CLAUSE_CITATION);
  if (clause) {
    const [, di, open, numeral, close, tiao] = clause;
    // A bare numeral is not a citation; 第 with 条, or brackets, or 条 alone make it one.
    if ((open && close) || tiao || (di && (open || close))) return { kind: "clause", numeral };
  }
  return null;
}

/** The entries a citation names (a clause or a section), or []. */
function cited(prepared, query) {
  const citation = parseCitation(query);
  if (!citation) return [];
  const kind = citation.kind === "clause" ? "clause" : "notice";
  return prepared.entries.filter((e) => e.kind === kind && e.cite && e.cite.includes(citation.numeral));
}

/** What to look for as a phrase after a citation's jump: the clause as the notice cites it, or the section title. */
function citedPhrase(entry) {
  return normaliseQuery(entry.kind === "clause" ? `第（${entry.cite[0]}）条` : entry.keys[0]);
}

function jumpTargets(prepared, query, q) {
  const targets = cited(prepared, query);
  // A 文号: digits and 号 or a year; matched against each document's number with the digits kept whole.
  if (/[0-9]/.test(q) && (q.includes("号") || /[0-9]{4}/.test(q))) {
    for (const entry of prepared.entries) {
      if (entry.numberNorm && occurrences(entry.numberNorm, entry.number, q).length) targets.push(entry);
    }
  }
  return targets;
}

function phraseHits(prepared, q) {
  const groups = new Map();
  for (const entry of prepared.entries) {
    const inText = q ? occurrences(entry.norm, entry.text, q) : [];
    const inKeys = entry.keyNorms.reduce((n, k) => n + occurrences(k.norm, k.key, q).length, 0);
    if (!inText.length && !inKeys) continue;
    const named = (entry.kind === "term" || entry.kind === "document") && entry.keyNorms.some((k) => k.norm.text === q);
    const hit = { entry, positions: inText.map((at) => [at, q.length]), count: inText.length + inKeys, named };
    const group = groups.get(entry.group);
    if (!group) groups.set(entry.group, { best: hit, total: hit.count, named });
    else {
      group.total += hit.count;
      group.named ||= named;
      // The entry with the hit in its own text (a provision rather than the clause's title) is the target.
      if (hit.positions.length > group.best.positions.length) group.best = hit;
    }
  }
  const sorted = [...groups.values()].sort(
    (a, b) => a.best.entry.rank - b.best.entry.rank || b.total - a.total || a.best.entry.order - b.best.entry.order,
  );
  // A term or document named exactly: its entry right after the first clause, not below every other clause.
  const named = sorted.filter((g) => g.named);
  const rest = sorted.filter((g) => !g.named);
  const at = rest.length && rest[0].best.entry.kind === "clause" ? 1 : 0;
  rest.splice(at, 0, ...named);
  return rest.map((g) => g.best);
}

/** The words of a query for part 3: the runs between question words, each at least two characters long. */
function runs(q) {
  let rest = q;
  for (const filler of FILLERS) rest = rest.split(filler).join(" ");
  return rest.split(" ").filter((run) => run.length >= 2);
}

/** Which sentence of the original text each position of the normalised text falls in. */
function sentenceIndex(text, norm) {
  const ofChar = new Uint16Array(text.length + 1);
  let sentence = 0;
  for (let i = 0; i < text.length; i++) {
    ofChar[i] = sentence;
    if (SENTENCE_END.test(text[i])) sentence++;
  }
  ofChar[text.length] = sentence;
  return Uint16Array.from(norm.map, (i) => ofChar[i]);
}

/**
 * Entries sharing character pairs with the query, scored by their best sentence (or title): the share of the
 * query it covers times the share of the pairs' rarity it holds. A long page that has every word somewhere,
 * scattered, does not beat a sentence that has them together.
 */
function wordHits(prepared, q) {
  const parts = runs(q);
  const wanted = [...new Set(parts.flatMap((run) => [...run.slice(1)].map((_, i) => run.slice(i, i + 2))))];
  if (!wanted.length) return [];
  const has = (norm, original, p) => norm.text.includes(p) && (!/[0-9]/.test(p) || occurrences(norm, original, p).length);
  const inKeys = (entry, p) => entry.keyNorms.some((k) => has(k.norm, k.key, p));
  const matched = prepared.entries.map((entry) => wanted.filter((p) => has(entry.norm, entry.text, p) || inKeys(entry, p)));
  const n = prepared.entries.length;
  const weight = new Map();
  for (const p of wanted) {
    const df = matched.filter((m) => m.includes(p)).length;
    weight.set(p, df ? Math.log(1 + n / df) : 0); // a pair found nowhere (房能 in 厂房能分割) does not count
  }
  const known = wanted.reduce((sum, p) => sum + weight.get(p), 0);
  const length = parts.reduce((sum, run) => sum + run.length, 0);
  const score = (pairs) => {
    // The share of the query's characters the pairs cover (厂房 and 转租 cover 厂房转租), times their rarity.
    let covered = 0;
    for (const run of parts) {
      for (let c = 0; c < run.length; c++) covered += pairs.has(run.slice(c - 1, c + 1)) || pairs.has(run.slice(c, c + 2));
    }
    const rarity = [...pairs].reduce((sum, p) => sum + weight.get(p), 0) / known;
    return covered / length < 0.5 ? 0 : (covered / length) * rarity;
  };
  const hits = [];
  prepared.entries.forEach((entry, i) => {
    if (!matched[i].length || !known) return;
    entry.sentences ??= sentenceIndex(entry.text, entry.norm);
    const bySentence = new Map([[-1, new Set(matched[i].filter((p) => inKeys(entry, p)))]]); // -1: the title
    const positions = new Map();
    for (const p of matched[i]) {
      for (const at of occurrences(entry.norm, entry.text, p)) {
        const sentence = entry.sentences[at];
        if (!bySentence.has(sentence)) bySentence.set(sentence, new Set());
        bySentence.get(sentence).add(p);
        if (!positions.has(sentence)) positions.set(sentence, []);
        positions.get(sentence).push([at, p.length]);
      }
    }
    let best = -1;
    let bestScore = 0;
    for (const [sentence, pairs] of bySentence) {
      const value = score(pairs);
      if (value > bestScore || (value === bestScore && best === -1 && sentence !== -1)) [best, bestScore] = [sentence, value];
    }
    if (!bestScore) return;
    hits.push({ entry, positions: positions.get(best) || [], score: bestScore * KIND_WEIGHT[entry.kind] });
  });
  // Equal scores: an entry whose own text holds the words (a provision) before one matched by its title alone.
  return hits.sort(
    (a, b) =>
      b.score - a.score ||
      a.entry.rank - b.entry.rank ||
      Number(!a.positions.length) - Number(!b.positions.length) ||
      a.entry.order - b.entry.order,
  );
}

/** The sentence (or a window of a long one) around position `at` of the original text, as [start, end). */
function sentenceAround(text, at) {
  let start = at;
  while (start > 0 && !SENTENCE_END.test(text[start - 1])) start--;
  let end = at;
  while (end < text.length && !SENTENCE_END.test(text[end])) end++;
  if (end < text.length && text[end] !== "\n") end++; // keep the full stop
  if (end - start > SNIPPET_LENGTH) {
    const from = Math.max(start, at - SNIPPET_LENGTH / 3);
    const comma = text.slice(from, at).search(/[，、：]/);
    start = comma === -1 ? from : from + comma + 1;
    end = Math.min(end, start + SNIPPET_LENGTH);
  }
  return [start, end];
}

/** The snippet as pieces [{text, hit}]; positions are [start, length] of the hits in the normalised text. */
function snippet(prepared, entry, positions) {
  // An entry found by its title alone (a clause as a whole) shows the first sentence of its group.
  if (!entry.text) entry = prepared.firstText.get(entry.group) || entry;
  const text = entry.text;
  const first = positions.length ? entry.norm.map[Math.min(...positions.map(([at]) => at))] : 0;
  let [start, end] = sentenceAround(text, first);
  const lead = text.slice(start, end).match(NO_LINE_START);
  if (lead) start += lead[0].length;
  const ranges = positions
    .map(([p, length]) => [entry.norm.map[p], entry.norm.map[p + length - 1] + 1])
    .filter(([a, b]) => a >= start && b <= end)
    .sort((x, y) => x[0] - y[0]);
  const pieces = [];
  let at = start;
  if (start > 0 && !SENTENCE_END.test(text[start - 1])) pieces.push({ text: "…", hit: false });
  for (let [a, b] of ranges) {
    if (b <= at) continue;
    if (a < at) a = at; // overlapping pairs (厂房, 房转) make one highlight
    if (a > at) pieces.push({ text: text.slice(at, a), hit: false });
    const last = pieces[pieces.length - 1];
    if (last && last.hit && a === at) last.text += text.slice(a, b); // 用地 + 地面 + 面积 → one mark
    else pieces.push({ text: text.slice(a, b), hit: true });
    at = b;
  }
  if (end > at) pieces.push({ text: text.slice(at, end).replace(/\n/g, " "), hit: false });
  if (end < text.length && !SENTENCE_END.test(text[end - 1]) && !text.slice(start, end).endsWith("…")) {
    pieces.push({ text: "…", hit: false });
  }
  return pieces;
}

/**
 * The results for a query, best first: [{title, url, kind, jump, snippet: [{text, hit}]}].
 * url is relative to the site root, as in the index.
 */
export function search(prepared, query, limit = 20) {
  let q = normaliseQuery(query);
  if (!q) return [];
  const results = [];
  const seen = new Set();
  const add = (entry, fields) => {
    if (seen.has(entry.group) || results.length >= limit) return;
    seen.add(entry.group);
    results.push({ title: entry.title, url: entry.url, kind: entry.kind, group: entry.group, jump: false, ...fields });
  };
  for (const entry of jumpTargets(prepared, query, q)) {
    add(entry, { title: `转到${entry.title}`, jump: true, snippet: snippet(prepared, entry, []) });
  }
  // After 第十条 or 三、 the rest are the places that cite that clause or name that section, not every 十 or 三.
  const citation = cited(prepared, query);
  if (citation.length) q = citedPhrase(citation[0]);
  for (const hit of phraseHits(prepared, q)) {
    add(hit.entry, { snippet: snippet(prepared, hit.entry, hit.positions) });
  }
  if (citation.length) return results; // 第十 is not a word to look for in other clauses
  for (const hit of wordHits(prepared, q)) add(hit.entry, { snippet: snippet(prepared, hit.entry, hit.positions) });
  return results;
}
