import type { Case } from "../corpus/types.ts";
import { makeAligner, type Aligner } from "./align.ts";
import { internalsOf, META_PARAGRAPH, type IndexedCase, type IndexedPassage, type SearchIndex } from "./index.ts";
import { NUMBER_WEIGHT, POSTINGS_BUDGET, PRUNE_FROM_CASES, analyzeQuery, sumOf, type QueryPlan, type Segment } from "./query.ts";
import { termKey } from "./options.ts";
import { defaultRewriter, type Rewriter } from "./colloquial.ts";
import { bagOf, hasNumber, matchedTerms, withoutNames } from "./evidence.ts";

/**
 * A case is only offered when it contains this share of what the question asks about (after
 * question words, and with generic domain words counting little). Below it the honest answer
 * is "没有找到".
 */
const COVERAGE_FLOOR = 0.34;
/** Coverage at which a question is taken to be about the case whatever words it uses. */
const WHOLE_MATCH = 0.7;
/** Questions this heavy (see effectiveWeight) are chatty paraphrases: they get the lower floor. */
const LONG_QUESTION = 10;
const LONG_QUESTION_FLOOR = 0.28;
/** …and at least this much absolute evidence: two characters of a phrase, or one number. */
const MIN_EVIDENCE = 1.2;
/**
 * Coverage is measured against the question's weight up to this much, and against only part of
 * the weight beyond it: a long, chatty question ("领导让我准备一份材料，关于…") is about its
 * best-matching part, not about every word in it — but the longer it is, the more chance
 * matches it collects, so length still raises the bar.
 */
const COVERAGE_SPAN = 10;
const BEYOND_SPAN = 0.4;

function effectiveWeight(weight: number): number {
  return weight <= COVERAGE_SPAN ? weight : COVERAGE_SPAN + BEYOND_SPAN * (weight - COVERAGE_SPAN);
}
/**
 * A short question with a word the corpus has never seen (two or more consecutive content
 * characters that occur in no case: 英语, 股票) is about that word unless the rest explains more
 * than half of it. A typo never forms such a run: the mistyped character sits next to known
 * ones. Long, chatty questions are expected to carry unknown words and keep the normal floor.
 */
const UNKNOWN_WORD_FLOOR = 0.5;

/**
 * An article's own text (editor's notes, introductions, sections no unit was found for) is
 * answered too, but a unit's practice that matches about as well is the better answer.
 */
const ARTICLE_TEXT_FACTOR = 0.8;

const MONEY = /\d(?:\.\d+)?(?:万|亿|千)?元/;

/** A question that asks for a kind of place (哪个乡) prefers units of that kind by this much. */
const ASKED_PLACE_BONUS = 0.1;

/** An answering passage grows by whole sentences of its paragraph up to this length. */
const PASSAGE_CHARS = 180;

/** Candidates below this share of the best BM25 score are not re-ranked (but at least RERANK_MIN are). */
const RERANK_SHARE = 0.25;
const RERANK_MIN = 8;

/** How many BM25 candidates are re-ranked by passage alignment. */
const RERANK = 30;
/** Weight of the (normalised) BM25 score next to coverage in the final score. */
const BM25_WEIGHT = 0.25;

/** The sentence(s) of a case that answer a question. */
export interface Passage {
  /** Index into case.paragraphs, or -1 for the lead. */
  paragraph: number;
  text: string;
  /** Substrings of `text` that match the question, for highlighting. */
  terms: string[];
}

export interface RankedCase {
  case: Case;
  score: number;
  /** Share of the question's weight found in this case, 0..1. */
  coverage: number;
}

export interface SearchResult {
  plan: QueryPlan;
  /** Every case above the floor, best first. */
  ranked: RankedCase[];
  /** The passage of a ranked case that best answers; computed on demand (only for shown hits). */
  passageOf(hit: RankedCase): Passage;
}

/**
 * A chat question: searched as asked, and also rewritten with the official terms for its
 * everyday words (colloquial.ts). Each case keeps its best score over the two, and its passage
 * is chosen with the version that scored it. The question's own genre words (代表, 人大) keep
 * it on topic in both.
 */
export function searchQuestion(index: SearchIndex, query: string, rewriter: Rewriter = defaultRewriter()): SearchResult {
  const asked = searchCases(index, query);
  const rewritten = rewriter.rewrite(query, index.df, index.size);
  if (rewritten === undefined) return asked;
  const other = searchCases(index, rewritten, { domainWords: asked.plan.domainWords });
  const best = new Map<string, { hit: RankedCase; from: SearchResult }>();
  for (const r of [asked, other]) {
    for (const hit of r.ranked) {
      const seen = best.get(hit.case.id);
      if (!seen || hit.score > seen.hit.score) best.set(hit.case.id, { hit, from: r });
    }
  }
  const ranked = [...best.values()].map((b) => b.hit).sort((a, b) => b.score - a.score);
  return { plan: asked.plan, ranked, passageOf: (hit) => (best.get(hit.case.id)?.from ?? asked).passageOf(hit) };
}

export function searchCases(index: SearchIndex, query: string, hints: { domainWords?: boolean } = {}): SearchResult {
  const analyzed = analyzeQuery(query, index.df, index.size);
  const plan = hints.domainWords ? { ...analyzed, domainWords: true } : analyzed;
  let shared: PreparedSegment[] | undefined;
  const sharedPrepared = () => (shared ??= prepare(plan.segments));
  const data = internalsOf(index);
  const passageOf = (hit: RankedCase) => choosePassage(plan, data.cases.get(hit.case.id)!, sharedPrepared);
  if ((plan.terms.length === 0 && plan.chars.length === 0) || plan.totalWeight === 0) return { plan, ranked: [], passageOf };
  const candidates = retrieve(index, plan);
  if (candidates.length === 0) return { plan, ranked: [], passageOf };
  const top = candidates[0]![1];
  const prepared = sharedPrepared();
  const unknownWord = hasUnknownWord(plan, index);
  const scored = withCodeBits(plan.segments, () => {
    const out: Array<{ entry: IndexedCase; match: CaseMatch; coverage: number; score: number }> = [];
    for (const [id, bm25] of candidates) {
      const entry = data.cases.get(id);
      if (!entry) continue;
      const match = coverageOf(plan, prepared, entry);
      const coverage = Math.min(1, match.covered / effectiveWeight(plan.totalWeight));
      const score = coverage + (BM25_WEIGHT * bm25) / top + (plan.askedPlace && entry.case.unit && entry.case.place.endsWith(plan.askedPlace) ? ASKED_PLACE_BONUS : 0);
      out.push({ entry, match, coverage, score: entry.case.unit ? score : score * ARTICLE_TEXT_FACTOR });
    }
    return out;
  });
  scored.sort((a, b) => b.score - a.score);
  const ranked = scored
    .filter((s) => clearsFloor(plan, s, unknownWord))
    .map((s) => ({ case: s.entry.case, score: round(s.score), coverage: round(s.coverage) }));
  return { plan, ranked, passageOf };
}

/**
 * Candidates, best first: MiniSearch's BM25 over bigrams, numbers and words, plus for single
 * characters (a mistyped or unusual character of the question) their inverse document
 * frequency, scaled by the term's boost, for each case that contains them.
 */
function retrieve(index: SearchIndex, plan: QueryPlan): Array<[string, number]> {
  const scores = new Map<string, number>();
  if (plan.terms.length) {
    const boost = new Map(plan.terms.map((t) => [termKey(t.term), t.boost]));
    const query = plan.terms.map((t) => t.term).join(" ");
    const options = { boostTerm: (term: string) => boost.get(term) ?? 1 };
    // An unselective question in a large corpus (every term in most cases) first looks only at
    // the cases that carry its words in their unit name, headline or named practices.
    const postings = plan.terms.reduce((n, t) => n + t.df, 0);
    const { mini } = internalsOf(index);
    let results = index.size >= PRUNE_FROM_CASES && postings > POSTINGS_BUDGET * index.size ? mini.search(query, { ...options, fields: ["unit", "title"] }) : [];
    if (results.length < RERANK) results = mini.search(query, options);
    for (const r of results) scores.set(String(r.id), r.score);
  }
  for (const { term, boost } of plan.chars) {
    const ids = internalsOf(index).chars.get(term) ?? [];
    const idf = Math.log(1 + (index.size - ids.length + 0.5) / (ids.length + 0.5));
    for (const id of ids) scores.set(id, (scores.get(id) ?? 0) + boost * idf);
  }
  const best = topK(scores, RERANK);
  // Far below the best BM25 a candidate has little of the question: alignment would not lift it.
  const cut = (best[0]?.[1] ?? 0) * RERANK_SHARE;
  let keep = best.length;
  while (keep > RERANK_MIN && best[keep - 1]![1] < cut) keep--;
  return best.slice(0, keep);
}

/** The k best entries, best first, without sorting them all (a common term matches thousands). */
function topK(scores: Map<string, number>, k: number): Array<[string, number]> {
  const best: Array<[string, number]> = [];
  for (const entry of scores) {
    if (best.length === k && entry[1] <= best[k - 1]![1]) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]![1] < entry[1]) at--;
    best.splice(at, 0, entry);
    if (best.length > k) best.pop();
  }
  return best;
}

/**
 * Enough of the question is in the case, and — when the question has Chinese words — some of
 * them are: a matching number alone (a year, a count) does not make "比特币 2025" relevant.
 *
 * A question has to be about People's Congress work at all: it uses the genre's own words
 * (代表, 人大 …), names the unit, or shares most of itself or several separate words with the
 * case. One everyday word in common (微信, 快递) does not make "微信怎么改名字" a question for
 * the case that mentions a WeChat mini-program. Long, chatty questions that are on topic
 * ("娃上学路上不安全，代表去学校转了一圈…") say much the corpus never says, so their floor is lower.
 */
function clearsFloor(plan: QueryPlan, s: { entry: IndexedCase; coverage: number; match: CaseMatch }, unknownWord: boolean): boolean {
  const { coverage, match } = s;
  const floor = plan.totalWeight >= LONG_QUESTION ? LONG_QUESTION_FLOOR : COVERAGE_FLOOR;
  if (coverage < floor || match.covered < MIN_EVIDENCE) return false;
  if (unknownWord && plan.totalWeight <= COVERAGE_SPAN && coverage <= UNKNOWN_WORD_FLOOR) return false;
  if (plan.hanWeight >= 1 && match.hanCovered / effectiveWeight(plan.hanWeight) < floor / 2) return false;
  // Cheapest tests first: counting separate words scans the case's text.
  return plan.domainWords || coverage >= WHOLE_MATCH || namesUnit(plan, s.entry) || wordsFound(plan, s.entry) >= 2;
}

function namesUnit(plan: QueryPlan, entry: IndexedCase): boolean {
  for (const name of entry.names) if (name.length >= 2 && plan.normalized.includes(name)) return true;
  return false;
}

/**
 * Separate words of the question found verbatim in the case: runs of adjacent content bigrams
 * (both characters fully weighted) count once (联络站 is one word), and so does each number.
 * One everyday word in common (微信, 快递) says little; several say the case is about the question.
 */
function wordsFound(plan: QueryPlan, entry: IndexedCase): number {
  let words = 0;
  for (const seg of plan.segments) {
    let inRun = false;
    for (let i = 0; i + 1 < seg.chars.length; i++) {
      const content = seg.weights[i] === 1 && seg.weights[i + 1] === 1;
      const found = content && entry.text.includes(seg.chars[i]! + seg.chars[i + 1]!);
      if (found && !inRun) words++;
      inRun = found;
    }
  }
  for (const n of plan.numbers) if (entry.numbers.has(n)) words++;
  return words;
}

function hasUnknownWord(plan: QueryPlan, index: SearchIndex): boolean {
  for (const seg of plan.segments) {
    let run = 0;
    for (let i = 0; i < seg.chars.length; i++) {
      const unknown = seg.weights[i]! === 1 && index.df(seg.chars[i]!) === 0;
      run = unknown ? run + 1 : 0;
      if (run >= 2) return true;
    }
  }
  return false;
}

interface CaseMatch {
  /** Weight of the question found in the case: best passage per segment, plus numbers. */
  covered: number;
  /** The Han-text part of `covered`. */
  hanCovered: number;
}

/** A question segment with its aligner and its cheap pre-check. */
interface PreparedSegment {
  align: Aligner;
  /** Order-free evidence: the segment's bigrams found in the passage in any order. */
  bag: (passage: string) => number;
  /** ≥ 0: the exact alignment score; < 0: minus an upper bound of it (align to know). */
  assess: (passage: IndexedPassage) => number;
}

function prepare(segments: readonly Segment[]): PreparedSegment[] {
  const out: PreparedSegment[] = [];
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s]!;
    out.push({ align: makeAligner(seg), bag: bagOf(seg), assess: assessorOf(seg, s) });
  }
  return out;
}

/**
 * Weight of the question found in the case. Ranking needs only each segment's best passage, so
 * passages are aligned in order of their upper bound and the rest skipped once none can win
 * (choosePassage scores passages for the answer itself).
 */
function coverageOf(plan: QueryPlan, prepared: PreparedSegment[], entry: IndexedCase): CaseMatch {
  let covered = 0;
  for (const seg of prepared) {
    let best = 0;
    const pending: Array<[number, string]> = [];
    for (let i = 0; i < entry.passages.length; i++) {
      const p = entry.passages[i]!;
      const a = seg.assess(p);
      if (a >= 0) best = Math.max(best, a);
      else {
        best = Math.max(best, seg.bag(p.norm));
        // A bound no higher than the best so far can never win (best only grows): not queued.
        if (-a > best) pending.push([-a, p.norm]);
      }
    }
    pending.sort(byBoundDesc);
    for (const [bound, norm] of pending) {
      if (bound <= best) break;
      best = Math.max(best, seg.align(norm));
    }
    covered += best;
  }
  const hanCovered = covered;
  for (const n of plan.numbers) if (entry.numbers.has(n)) covered += NUMBER_WEIGHT;
  return { covered, hanCovered };
}

/**
 * Which question characters each passage has, by table lookup over the passage's distinct
 * characters (precomputed) instead of a substring search per character. `bits[code]` has bit s
 * set when segment s contains that character. One table, reused and cleared after each use:
 * answering is synchronous, so nothing else can see it half-filled.
 */
const CODE_BITS = new Uint32Array(65536);
const MAX_SEGMENTS = 31;

function withCodeBits<T>(segments: readonly Segment[], fn: () => T): T {
  const used: number[] = [];
  for (let s = 0; s < segments.length && s < MAX_SEGMENTS; s++) {
    for (const ch of segments[s]!.chars) {
      const code = ch.charCodeAt(0);
      if (CODE_BITS[code] === 0) used.push(code);
      CODE_BITS[code]! |= 1 << s;
    }
  }
  try {
    return fn();
  } finally {
    for (const code of used) CODE_BITS[code] = 0;
  }
}

/**
 * Alignment is the costly step. A passage that shares no bigram and only one character with
 * the segment cannot pair that character with a neighbour, so its score is exactly half that
 * character's weight. Otherwise the score cannot exceed the summed weight of the question's
 * characters that occur in the passage (each is matched at most once).
 */
function assessorOf(seg: Segment, s: number): (passage: IndexedPassage) => number {
  const bit = s < MAX_SEGMENTS ? 1 << s : 0;
  const maxWeight = new Map<number, number>();
  const totalWeight = new Map<number, number>();
  const doubled = new Set<number>(); // a bigram of one repeated character (户户)
  for (let i = 0; i < seg.chars.length; i++) {
    const ch = seg.chars[i]!;
    const code = ch.charCodeAt(0);
    const w = seg.weights[i]!;
    maxWeight.set(code, Math.max(maxWeight.get(code) ?? 0, w));
    totalWeight.set(code, (totalWeight.get(code) ?? 0) + w);
    if (i > 0 && seg.chars[i - 1] === ch) doubled.add(code);
  }
  const unbounded = -sumOf(seg.weights) || 0;
  return (p) => {
    if (bit === 0) return unbounded;
    let bound = 0;
    let shared = 0;
    let lone = 0;
    let loneCode = -1;
    const codes = p.codes;
    for (let k = 0; k < codes.length; k++) {
      const code = codes[k]!;
      if ((CODE_BITS[code]! & bit) === 0) continue;
      shared++;
      lone = maxWeight.get(code)! / 2;
      loneCode = code;
      bound += totalWeight.get(code)!;
    }
    if (shared === 0) return 0;
    // With one shared character no bigram can match (unless the segment repeats it), so the
    // alignment can only pair nothing: its score is half that character's weight.
    if (shared === 1 && !doubled.has(loneCode)) return lone;
    return bound > 0 ? -bound : 0;
  };
}

/**
 * The sentence that best answers: most of the question in one place; a question about a
 * quantity prefers a sentence that states one. The words that named the unit (回龙寺, 洞口)
 * already chose the case, so inside it they no longer pull towards the sentence that repeats
 * the unit's name. A short sentence brings its neighbour along.
 */
function choosePassage(plan: QueryPlan, entry: IndexedCase, sharedPrepared: () => PreparedSegment[]): Passage {
  const names = entry.names;
  const focused: Segment[] = [];
  // Most questions do not name the unit: then the ranking's prepared segments serve as they are.
  let unchanged = true;
  for (const seg of plan.segments) {
    const f = withoutNames(seg, names);
    focused.push(f);
    for (let k = 0; k < f.weights.length && unchanged; k++) unchanged = f.weights[k] === seg.weights[k];
  }
  const prepared = unchanged ? sharedPrepared() : prepare(focused);
  // Branch and bound: each passage's upper bound first, exact scores in descending bound order
  // until no remaining bound can beat the best (ties go to the earlier passage).
  const bounds = withCodeBits(focused, () => {
    const out: PassageBound[] = [];
    for (let i = 0; i < entry.passages.length; i++) {
      const p = entry.passages[i]!;
      // Heading passages are never the answer, and a passage without any bound is never visited.
      if (p.paragraph <= META_PARAGRAPH) continue;
      let fixed = plan.wantsNumber && p.hasNumber ? 1 : 0;
      if (plan.wantsMoney && MONEY.test(p.norm)) fixed += 1;
      for (const n of plan.numbers) if (hasNumber(p.norm, n)) fixed += NUMBER_WEIGHT;
      const parts: number[] = [];
      let bound = 0;
      for (const seg of prepared) {
        const a = seg.assess(p);
        parts.push(a);
        bound += Math.abs(a);
      }
      if (fixed + bound > 0) out.push({ i, bound: fixed + bound, parts, fixed });
    }
    return out;
  });
  bounds.sort(byBoundThenOrder);
  let bestAt = -1;
  let bestScore = 0;
  for (const { i, bound, parts, fixed } of bounds) {
    if (bound < bestScore || bound <= 0) break;
    const p = entry.passages[i]!;
    let score = fixed;
    for (let k = 0; k < parts.length; k++) {
      const a = parts[k]!;
      score += a >= 0 ? a : Math.max(prepared[k]!.align(p.norm), prepared[k]!.bag(p.norm));
    }
    if (score > bestScore || (score === bestScore && score > 0 && i < bestAt)) {
      bestScore = score;
      bestAt = i;
    }
  }
  if (bestAt === -1) bestAt = entry.passages.findIndex((p) => p.paragraph > META_PARAGRAPH);
  const first = entry.passages[bestAt];
  if (!first) return { paragraph: -1, text: entry.case.lead, terms: [] };
  // The sentence that names a measure is often followed by the ones that give its figures and
  // its outcome: the answer carries the rest of the paragraph while it stays short.
  const parts: IndexedPassage[] = [first];
  let length = Array.from(first.text).length;
  for (let k = bestAt + 1; k < entry.passages.length; k++) {
    const next = entry.passages[k]!;
    const more = Array.from(next.text).length;
    if (next.paragraph !== first.paragraph || (length >= 30 && length + more > PASSAGE_CHARS)) break;
    parts.push(next);
    length += more;
  }
  return {
    paragraph: first.paragraph,
    text: parts.map((p) => p.text).join(""),
    terms: [...new Set(parts.flatMap((p) => matchedTerms(plan, p)))],
  };
}

interface PassageBound {
  i: number;
  bound: number;
  /** Per prepared segment: its assessment of the passage (see assessorOf). */
  parts: number[];
  fixed: number;
}

function byBoundThenOrder(a: PassageBound, b: PassageBound): number {
  return b.bound - a.bound || a.i - b.i;
}

function byBoundDesc(x: [number, string], y: [number, string]): number {
  return y[0] - x[0];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
