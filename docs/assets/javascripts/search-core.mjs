// The site's search ranking: pure functions over the build-time index (search/index.json, written by
// sitegen/search/). No DOM here, so the same module runs in the page and in the Node unit tests.
//
// Ranking (关于本站 › 如何搜索, docs/about.md, explains it for readers):
//   1. a query that names something jumps to it: a clause (第十条, 第（十）条, （十）, 第10条, 十条),
//      a section (第三部分, 三、) or a document by its 文号 (59号, 浙政办发〔2021〕59号, 浙政办发[2021]59号);
//   2. entries that contain the whole query as a phrase, clauses first (most occurrences first), then the
//      notice's other text, glossary terms and cited documents, other pages, calculator pages last; the
//      entry of a term or document named exactly comes right after the first clause;
//   3. entries that share words with the query (character pairs, weighted by rarity), best covered first;
//      a question is read first (understand()): its question words dropped, an everyday word also looked
//      for as the notice's word (充电桩 → 充电泊位), a modal word (能不能, 必须, 不得) kept as a preference
//      for the sentences saying it — all from the index's lexicon (policy/synonyms.yaml), none of it here;
//      a query with an everyday word has the clauses saying the notice's word before this edition's notes
//      that use the everyday one (出租 → 租售: clause （八） before the glossary);
//   4. the site's own pages (about, performance, findings, calculators) after the notice's entries, unless
//      the query names them (their title holds a word of it); when no entry of the notice answers, the
//      clauses of the closest topic and 主题索引, never an empty list.
// Comparisons ignore white space, punctuation (so quotes and bracket styles), full/half width, letter case
// and the editor's 注N markers. One result per group (a clause, a term, a document, a page). Each result
// says why it matched: its snippet's hits marked, and `why` (也称：租金 → 租售价格; 相近主题：…).

const KINDS = ["clause", "notice", "term", "document", "page", "calculator"];
const SITE_KINDS = new Set(["page", "calculator"]); // the site's own pages: after the notice unless named
// Part 3 only: a small discount per kind, so that equally covered clauses come before pages quoting them.
const KIND_WEIGHT = { clause: 1, notice: 0.97, term: 0.7, document: 0.7, page: 0.9, calculator: 0.85 };
const NOTICE_TEXT = new Set(["clause", "notice"]); // the notice's own words (the rest is this edition's)
const OTHER_WORDS = 0.25; // part 3: the weight of a pair the notice's own text never has
const SYNONYM_WEIGHT = 2; // part 3: a slot the lexicon recognised, against one of the query's other words
const LATER_TERM = 0.98; // part 3: an everyday word's second, third … notice word against its first
const COVERED = 0.5; // part 3: a sentence must hold at least this share of the question's words (by weight)
const MODAL_PREFERENCE = 1.03; // a sentence with the question's modal word, among near-equal ones
const FALLBACK_CLAUSES = 6; // clauses of the closest topic offered when nothing answers
const SNIPPET_LENGTH = 90; // characters of a long sentence shown around the hit
const REMEMBERED_PAIRS = 2000; // pairs whose places are kept between keystrokes (a few hundred kB at most)
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
// Runs of characters other than those compared as they are (Han characters, lower-case letters and digits).
const TO_FOLD = /[^\u4e00-\u9fffa-z0-9]+/g;
/** @type {Map<string, string>} */
const foldedChars = new Map(); // the few characters folded (，。、 …), each folded once

/** One character as compared: NFKC (full/half width), lower case; "" for space and punctuation. */
function fold(char) {
  let out = foldedChars.get(char);
  if (out === undefined) {
    out = "";
    if (HAN.test(char)) out = char;
    else for (const c of char.normalize("NFKC").toLowerCase()) if (!DROPPED.test(c) || KEPT_PUNCTUATION.has(c)) out += c;
    foldedChars.set(char, out);
  }
  return out;
}

/** A text's compared form: the runs to fold folded a character at a time (a surrogate pair is one). */
function foldRun(run) {
  let out = "";
  for (const char of run) out += fold(char);
  return out;
}

/** For each UTF-16 unit of a text's compared form, the index of the original character, and one past the end. */
function positions(text) {
  const map = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)) {
      map.push(i);
      continue;
    }
    const next = text.charCodeAt(i + 1);
    const wide = code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff; // outside the BMP
    const length = fold(wide ? text.slice(i, i + 2) : text[i]).length;
    for (let k = 0; k < length; k++) map.push(i);
    if (wide) i++;
  }
  map.push(text.length);
  return map;
}

/**
 * The compared form of a text, and (its `map`) for each of its UTF-16 units the index of the original character.
 * The map is made when first asked for: preparing the index is the first use's wait, and most entries never
 * show a snippet nor hold a number.
 * @param {string} text
 * @returns {{text: string, map: number[]}}
 */
function normalise(text) {
  /** @type {number[] | null} */
  let map = null;
  return {
    text: text.replace(TO_FOLD, foldRun),
    get map() {
      return (map ??= positions(text));
    },
  };
}

/** The compared form of a query: as normalise(), and without the editor's 注N markers copied along. */
export function normaliseQuery(query) {
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

/**
 * @typedef {{words: string[], near?: string[], terms: string[]}} Synonym
 * @typedef {{words: string[], markers: string[]}} Modality
 * @typedef {{title: string, url: string, text: string, clauses?: string[]}} Topic
 * @typedef {{synonyms: Synonym[], terms: string[], question_words: string[], modalities: Modality[], topics: Topic[],
 *   index: Topic}} Lexicon
 * @typedef {{kind: "term"} | {kind: "question"} | {kind: "modal", markers: string[]}
 *   | {kind: "synonym", word: string, terms: string[], termNorms: string[], near: boolean}} Meaning
 * @typedef {{words: Map<string, Meaning>, longest: number, topics: (Topic & {norm: string})[], index: Topic | null}} Reader
 * @typedef {{text: string, alts: string[], synonym: (Meaning & {kind: "synonym"}) | null}} Slot
 * @typedef {{slots: Slot[], markers: string[]}} Reading
 */

/**
 * The lexicon (policy/synonyms.yaml, in the index) as a dictionary of compared words, read longest first.
 * The notice's own words in it (租售价格) are read whole, so that a synonym inside one (售价) is not cut out.
 * @param {Lexicon | undefined} lexicon
 * @returns {Reader}
 */
function prepareLexicon(lexicon) {
  /** @type {Map<string, Meaning>} */
  const words = new Map();
  /** @param {string} word @param {Meaning} meaning */
  const put = (word, meaning) => {
    const key = normaliseQuery(word);
    if (key && !words.has(key)) words.set(key, meaning);
  };
  const synonyms = lexicon?.synonyms ?? [];
  for (const synonym of synonyms) {
    const termNorms = synonym.terms.map(normaliseQuery);
    for (const word of synonym.words) put(word, { kind: "synonym", word, terms: synonym.terms, termNorms, near: false });
    // A word of near meaning (服务业企业 for 三产化) is searched the same way, but never said to be the notice's word.
    for (const word of synonym.near ?? []) put(word, { kind: "synonym", word, terms: synonym.terms, termNorms, near: true });
  }
  for (const term of [...synonyms.flatMap((synonym) => synonym.terms), ...(lexicon?.terms ?? [])]) put(term, { kind: "term" });
  for (const word of lexicon?.question_words ?? []) put(word, { kind: "question" });
  for (const modality of lexicon?.modalities ?? []) {
    for (const word of modality.words) put(word, { kind: "modal", markers: modality.markers.map(normaliseQuery) });
  }
  const longest = Math.max(0, ...[...words.keys()].map((w) => w.length));
  const topics = (lexicon?.topics ?? []).map((topic) => ({ ...topic, norm: normaliseQuery(topic.text) }));
  return { words, longest, topics, index: lexicon?.index ?? null };
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
    titleNorm: SITE_KINDS.has(entry.kind) ? normaliseQuery(entry.title.split(" · ")[0]) : "", // a page's own name
  }));
  const firstText = new Map();
  for (const entry of entries) if (entry.text && !firstText.has(entry.group)) firstText.set(entry.group, entry);
  return { entries, firstText, lexicon: prepareLexicon(index.lexicon) };
}

/**
 * A question as search reads it: its question words dropped, the rest in slots (runs of the query's own words,
 * or an everyday word with the notice's words it means as alternatives), and the notice's modal words that
 * the question's own (能不能, 必须, 不得) prefer. A query in the notice's words reads as itself.
 * @param {Reader} lexicon
 * @param {string} q a normalised query
 * @returns {Reading}
 */
export function understand(lexicon, q) {
  /** @type {Slot[]} */
  const slots = [];
  /** @type {string[]} */
  const markers = [];
  let run = "";
  const flush = () => {
    // A lone character is a word only when the notice defines it (亩); else it is what is left of a question (管).
    if (run.length > 1 || lexicon.words.get(run)?.kind === "term") slots.push({ text: run, alts: [run], synonym: null });
    run = "";
  };
  for (let i = 0; i < q.length; ) {
    let length = Math.min(lexicon.longest, q.length - i);
    while (length > 0 && !lexicon.words.has(q.slice(i, i + length))) length--;
    if (!length) {
      run += q[i++];
      continue;
    }
    const word = q.slice(i, i + length);
    const meaning = /** @type {Meaning} */ (lexicon.words.get(word));
    i += length;
    if (meaning.kind === "term") {
      run += word;
      continue;
    }
    flush();
    if (meaning.kind === "synonym") slots.push({ text: word, alts: [word, ...meaning.termNorms], synonym: meaning });
    else if (meaning.kind === "modal") markers.push(...meaning.markers);
  }
  flush();
  return { slots, markers };
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

/**
 * The entries whose text or a key holds q (as it is, numbers not yet checked whole), in order. A query typed a
 * character at a time holds the one before it: only the entries that held that one are looked at again.
 */
function holding(prepared, q) {
  const last = prepared.lastPhrase;
  const from = last && q.includes(last.q) ? last.entries : prepared.entries;
  const entries = from.filter((e) => e.norm.text.includes(q) || e.keyNorms.some((k) => k.norm.text.includes(q)));
  prepared.lastPhrase = { q, entries };
  return entries;
}

function phraseHits(prepared, q) {
  const groups = new Map();
  for (const entry of holding(prepared, q)) {
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

/** A text's units: characters, a number whole (26 in 山区26县: numbers match whole). */
function unitsOf(text) {
  return text.match(/[0-9.]+|[^]/g) || [];
}

/** A text's pairs of units (a single unit stands for itself). */
function pairsOf(text) {
  const units = unitsOf(text);
  return units.length === 1 ? units : units.slice(1).map((unit, i) => units[i] + unit);
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
 * Entries sharing character pairs with the question's slots, scored by their best sentence (or title): the share
 * of the query's characters it covers times the share of the pairs' rarity it holds, each slot by its best
 * alternative (租金 or 租售价格). A long page that has every word somewhere, scattered, does not beat a sentence
 * that has them together. Each hit says which everyday words it matched as the notice's (why).
 * @param {ReturnType<typeof prepare>} prepared
 * @param {Reading} reading
 */
function wordHits(prepared, reading) {
  // An everyday word and the notice's words it means are looked for whole (充电泊位, not 充电 and 泊位 apart);
  // the query's other words by their pairs, so that 厂房转租 finds 厂房 and 转租 in one sentence.
  const slots = reading.slots.map((slot) => ({
    slot,
    alts: slot.alts.map((alt, at) => ({ alt, pairs: slot.synonym && at > 0 ? [alt] : pairsOf(alt) })),
  }));
  const wanted = [...new Set(slots.flatMap((s) => s.alts.flatMap((a) => a.pairs)))];
  if (!wanted.length) return [];
  const n = prepared.entries.length;
  // For each entry, the pairs it has (in the query's order) and where; how many entries have each pair, and which
  // the notice's own text has.
  /** @type {{p: string, sentences: Placed, inKeys: boolean}[][]} */
  const matched = prepared.entries.map(() => []);
  /** @type {Map<string, number>} */
  const df = new Map();
  const own = new Set();
  for (const p of wanted) {
    const where = found(prepared, p);
    if (where.length) df.set(p, where.length);
    for (const { i, sentences, inKeys } of where) {
      matched[i].push({ p, sentences, inKeys });
      if (NOTICE_TEXT.has(prepared.entries[i].kind)) own.add(p);
    }
  }
  // A pair found nowhere (房能 in 厂房能分割) does not count; one the notice's own text never has (区厂 in
  // 园区厂房, 现象) counts little: the notice's words carry a question, not the words between them.
  /** @type {Map<string, number>} */
  const weight = new Map();
  for (const [p, count] of df) weight.set(p, Math.log(1 + n / count) * (own.has(p) ? 1 : OTHER_WORDS));
  const sum = (pairs) => pairs.reduce((total, p) => total + (weight.get(p) ?? 0), 0);
  /** The units of an alternative it can be found by: all of an everyday word or a notice's word (a synonym
   * slot), those in a pair found somewhere for the query's other words (厂房能 → 厂, 房: 房能 is no word).
   * around[u]: the pairs unit u is part of. */
  const alternatives = slots.map((s) =>
    s.alts.map((a) => {
      const units = unitsOf(a.alt);
      const around = units.map((unit, u) =>
        units.length === 1 ? [unit] : [u > 0 ? units[u - 1] + unit : "", u + 1 < units.length ? unit + units[u + 1] : ""],
      );
      const coverable = s.slot.synonym ? units.length : around.filter((ps) => ps.some((p) => weight.get(p))).length;
      return { ...a, around, coverable, known: sum(a.pairs) };
    }),
  );
  // Each slot weighs as the mean rarity of its pairs found somewhere (its rarest alternative's): a word every
  // clause has (园区) counts less than one few have (充电泊位), and a long run of words no more than a short one;
  // an everyday word the lexicon knows (充电桩) is what the question is about.
  const slotWeight = alternatives.map((alts, i) => {
    const mean = Math.max(...alts.map((a) => a.known / Math.max(1, a.pairs.filter((p) => weight.get(p)).length)));
    const { synonym, text } = slots[i].slot;
    return synonym && !noticeHas(prepared, text) ? mean * SYNONYM_WEIGHT : mean; // 入园企业 is the notice's word
  });
  const known = slotWeight.reduce((total, w) => total + w, 0);
  /** The share of an alternative's units the pairs cover (厂房 and 转租 cover 厂房转租). */
  const cover = (a, pairs) => {
    if (a.pairs.length === 1) return Number(pairs.has(a.pairs[0])); // a word looked for whole, or one character
    let covered = 0;
    for (const ps of a.around) covered += Number(pairs.has(ps[0]) || pairs.has(ps[1]));
    return a.coverable ? covered / a.coverable : 0;
  };
  /** @param {Set<string>} pairs @returns {{value: number, why: string[]}} */
  const score = (pairs) => {
    let covered = 0;
    let value = 0;
    /** @type {string[]} */
    const why = [];
    slots.forEach((s, i) => {
      let best = { cover: 0, value: 0, at: 0 };
      alternatives[i].forEach((a, at) => {
        let found = cover(a, pairs);
        if (s.slot.synonym && found < 1) found = 0; // an everyday word counts whole: 土地款 is not 土地
        let share = 0;
        if (found) for (const p of a.pairs) if (pairs.has(p)) share += weight.get(p) ?? 0;
        // The notice's words in their order of preference (出租 → 租售 before 转让): a tie goes to the first.
        const got = a.known ? ((found * share) / a.known) * LATER_TERM ** Math.max(0, at - 1) : 0;
        if (got > best.value) best = { cover: found, value: got, at };
      });
      covered += best.cover * slotWeight[i];
      value += best.value * slotWeight[i];
      const synonym = s.slot.synonym;
      if (synonym && best.at > 0 && best.cover >= 0.5) {
        why.push(`${synonym.near ? "相近" : "也称"}：${synonym.word} → ${synonym.terms[best.at - 1]}`);
      }
    });
    return { value: !known || covered / known < COVERED ? 0 : value / known, why };
  };
  const hits = [];
  prepared.entries.forEach((entry, i) => {
    if (!matched[i].length || !known) return;
    entry.sentences ??= sentenceIndex(entry.text, entry.norm);
    const bySentence = new Map([[-1, new Set(matched[i].filter((m) => m.inKeys).map((m) => m.p))]]); // -1: the title
    const modal = sentencesSaying(entry, reading.markers);
    /** @type {Map<number, [string, number[]][]>} which pairs each sentence has, and where */
    const places = new Map();
    for (const { p, sentences } of matched[i]) {
      for (const [sentence, ats] of sentences) {
        const pairs = bySentence.get(sentence);
        if (pairs) pairs.add(p);
        else bySentence.set(sentence, new Set([p]));
        const list = places.get(sentence);
        if (list) list.push([p, ats]);
        else places.set(sentence, [[p, ats]]);
      }
    }
    let best = -1;
    let bestScore = { value: 0, why: [] };
    for (const [sentence, pairs] of bySentence) {
      const value = score(pairs);
      if (modal.has(sentence)) {
        value.value *= MODAL_PREFERENCE;
      }
      if (value.value > bestScore.value || (value.value === bestScore.value && best === -1 && sentence !== -1)) {
        [best, bestScore] = [sentence, value];
      }
    }
    if (!bestScore.value) return;
    const positions = (places.get(best) ?? []).flatMap(([p, ats]) => ats.map((at) => [at, p.length]));
    hits.push({ entry, positions, score: bestScore.value * KIND_WEIGHT[entry.kind], why: bestScore.why });
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

/**
 * The entries that have a pair (or a word looked for whole): each one's index, the pair's positions in its text
 * by sentence and whether a key (a title) has it. Remembered: a query typed a character at a time asks for the
 * same pairs at every keystroke.
 * @returns {{i: number, sentences: Placed, inKeys: boolean}[]}
 */
function found(prepared, p) {
  prepared.found ??= new Map();
  let where = prepared.found.get(p);
  if (!where) {
    where = [];
    prepared.entries.forEach((entry, i) => {
      const positions = entry.norm.text.includes(p) ? occurrences(entry.norm, entry.text, p) : [];
      const inKeys = entry.keyNorms.some((k) => k.norm.text.includes(p) && occurrences(k.norm, k.key, p).length > 0);
      if (positions.length || inKeys) where.push({ i, sentences: bySentenceOf(entry, positions), inKeys });
    });
    if (prepared.found.size >= REMEMBERED_PAIRS) prepared.found.clear();
    prepared.found.set(p, where);
  }
  return where;
}

/**
 * Positions in an entry's compared text by the sentence they fall in, sentences in order.
 * @typedef {[number, number[]][]} Placed
 * @returns {Placed}
 */
function bySentenceOf(entry, positions) {
  /** @type {Placed} */
  const placed = [];
  if (!positions.length) return placed;
  entry.sentences ??= sentenceIndex(entry.text, entry.norm);
  for (const at of positions) {
    const sentence = entry.sentences[at];
    const last = placed[placed.length - 1];
    if (last && last[0] === sentence) last[1].push(at);
    else placed.push([sentence, [at]]);
  }
  return placed;
}

/** Whether the notice's own text (clauses, the rest of 原文) has this word: remembered per word. */
function noticeHas(prepared, word) {
  prepared.noticeWords ??= new Map();
  if (!prepared.noticeWords.has(word)) {
    prepared.noticeWords.set(word, prepared.entries.some((e) => NOTICE_TEXT.has(e.kind) && e.norm.text.includes(word)));
  }
  return prepared.noticeWords.get(word);
}

/** The sentences of an entry that say one of the (normalised) modal words. */
function sentencesSaying(entry, markers) {
  const found = new Set();
  for (const marker of markers) {
    for (let at = entry.norm.text.indexOf(marker); at !== -1; at = entry.norm.text.indexOf(marker, at + 1)) {
      found.add(entry.sentences[at]);
    }
  }
  return found;
}

/**
 * When no entry of the notice answers: the clauses of the topic closest to the question's characters (each
 * weighted by how few topics have it), then that topic on 主题索引, or 主题索引 itself when no topic is close.
 * @param {ReturnType<typeof prepare>} prepared
 * @param {Reading} reading
 */
function closestTopic(prepared, reading) {
  const { topics } = prepared.lexicon;
  const chars = new Set(reading.slots.flatMap((s) => s.alts.flatMap((alt) => [...alt])).filter((c) => HAN.test(c)));
  let best = null;
  let bestScore = 0;
  for (const topic of topics) {
    let value = 0;
    for (const c of chars) {
      const df = topics.filter((t) => t.norm.includes(c)).length;
      if (topic.norm.includes(c)) value += Math.log(1 + topics.length / df);
    }
    if (value > bestScore) [best, bestScore] = [topic, value];
  }
  return best;
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
 * The results for a query, best first: [{title, url, kind, group, jump, snippet: [{text, hit}], why: [string]}].
 * url is relative to the site root, as in the index.
 * @param {ReturnType<typeof prepare>} prepared
 * @param {string} query
 */
export function search(prepared, query, limit = 20) {
  const q = normaliseQuery(query);
  if (!q) return [];
  const results = [];
  const seen = new Set();
  const add = (entry, fields) => {
    if (seen.has(entry.group) || results.length >= limit) return;
    seen.add(entry.group);
    results.push({ title: entry.title, url: entry.url, kind: entry.kind, group: entry.group, jump: false, why: [], ...fields });
  };
  for (const entry of jumpTargets(prepared, query, q)) {
    add(entry, { title: `转到${entry.title}`, jump: true, snippet: snippet(prepared, entry, []) });
  }
  // After 第十条 or 三、 the rest are the places that cite that clause or name that section, not every 十 or 三.
  const citation = cited(prepared, query);
  if (citation.length) {
    for (const hit of phraseHits(prepared, citedPhrase(citation[0]))) {
      add(hit.entry, { snippet: snippet(prepared, hit.entry, hit.positions) });
    }
    return results; // 第十 is not a word to look for in other clauses
  }
  const reading = understand(prepared.lexicon, q);
  const phrase = phraseHits(prepared, q);
  // A site page comes after the notice unless the query names it: its title holds the query, or the query its title.
  const site = (entry) =>
    SITE_KINDS.has(entry.kind) && !(entry.titleNorm.includes(q) || (entry.titleNorm.length > 1 && q.includes(entry.titleNorm)));
  // A short query found as a phrase in more places than are shown (厂房) needs no word matching.
  const groups = new Set(phrase.filter((hit) => !site(hit.entry)).map((hit) => hit.entry.group));
  const words = results.length + groups.size >= limit ? [] : wordHits(prepared, reading);
  const addHit = (hit) => add(hit.entry, { snippet: snippet(prepared, hit.entry, hit.positions), why: hit.why || [] });
  // An everyday word (出租) found in this edition's notes comes after the clauses saying the notice's word (转租).
  const noticeText = (hit) => NOTICE_TEXT.has(hit.entry.kind) || hit.named;
  const everyday = reading.slots.some((slot) => slot.synonym);
  for (const hit of phrase) if ((!everyday || noticeText(hit)) && !site(hit.entry)) addHit(hit);
  if (everyday) for (const hit of words) if (NOTICE_TEXT.has(hit.entry.kind)) addHit(hit);
  for (const hit of phrase) if (!site(hit.entry)) addHit(hit);
  for (const hit of words) if (!site(hit.entry)) addHit(hit);
  if (!results.length) offerTopics(prepared, reading, add);
  for (const hit of phrase) if (site(hit.entry)) addHit(hit);
  for (const hit of words) if (site(hit.entry)) addHit(hit);
  return results;
}

/** Nothing of the notice answers: the closest topic's clauses and that topic on 主题索引, or 主题索引 itself. */
function offerTopics(prepared, reading, add) {
  const topic = closestTopic(prepared, reading);
  const { index } = prepared.lexicon;
  const why = topic ? [`相近主题：${topic.title.split(" · ").pop()}`] : [];
  for (const id of topic?.clauses.slice(0, FALLBACK_CLAUSES) ?? []) {
    const entry = prepared.entries.find((e) => e.group === id && e.kind === "clause");
    if (entry) add(entry, { snippet: snippet(prepared, entry, []), why });
  }
  const place = topic ?? index;
  if (!place) return;
  const entry = { ...place, kind: "page", group: place.url };
  add(entry, { snippet: [{ text: place.text, hit: false }], why });
}
