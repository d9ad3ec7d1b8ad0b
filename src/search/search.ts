import type { Case } from "../corpus/types.ts";
import { internalsOf, type IndexedCase, type SearchIndex } from "./index.ts";
import type { NormalQuestion } from "./normalize.ts";
import { PRUNE_FROM_CASES, analyzeQuery, postingsBudget, type QueryPlan } from "./query.ts";
import { defaultRewriter, type Rewriter } from "./colloquial.ts";
import { bestPassage, choosePassage, coverageOf, prepare, round, withCodeBits, type CaseMatch, type Passage, type PreparedSegment } from "./passages.ts";

export type { Passage } from "./passages.ts";

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


/** A question that asks for a kind of place (哪个乡) prefers units of that kind by this much. */
const ASKED_PLACE_BONUS = 0.1;

/**
 * A place the question names already chose the cases (searched within its region): the rest of
 * the question then needs this share of the usual floors, and one word in common with the case
 * keeps it on topic where otherwise two are needed — when the place is one unit's (明水街道 泉水),
 * or the question is long and chatty; a region's short question still needs two (宪法 alone
 * does not make one of 邵阳's cases about 宪法宣誓).
 */
const WITHIN_PLACE_FLOOR = 0.5;

/** Candidates below this share of the best BM25 score are not re-ranked (but at least RERANK_MIN are). */
const RERANK_SHARE = 0.25;
const RERANK_MIN = 8;

/** How many BM25 candidates are re-ranked by passage alignment. */
const RERANK = 30;
/**
 * How many BM25 candidates an engine that ranks on disk returns: enough that single-character
 * matches (typos) and the re-ranking floor below still choose among more than RERANK.
 */
const RETRIEVE_LIMIT = 200;
/** How many of the best cases are re-ordered by their best single passage, and by how much. */
const FOCUS_TOP = 4;
const FOCUS_WEIGHT = 0.7;
/** What a passage stating the figure a quantity question asks for can add to its score. */
const FOCUS_FIGURE = 2;
/** Weight of the (normalised) BM25 score next to coverage in the final score. */
const BM25_WEIGHT = 0.15;

export interface RankedCase {
  case: Case;
  score: number;
  /** Share of the question's weight found in this case, 0..1. */
  coverage: number;
}

/** Where to search: every case by default. */
export interface SearchScope {
  /** Only cases this accepts are candidates (a region's cases). */
  within?: (c: Case) => boolean;
  /** The ids of every case `within` accepts, when the caller knows them (an engine on disk then reads only those). */
  among?: ReadonlySet<string>;
  /**
   * The cases were chosen by a place the question names: the rest of it needs less evidence.
   * "unit": the place is one unit's (明水街道), and the question is about that unit's work.
   */
  relaxed?: "region" | "unit";
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
export function searchQuestion(
  index: SearchIndex,
  query: string | NormalQuestion,
  scope: SearchScope = {},
  rewriter: Rewriter = defaultRewriter(),
): SearchResult {
  const asked = searchCases(index, query, scope);
  const rewritten = rewriter.rewrite(query, index.df, index.size);
  if (rewritten === undefined) return asked;
  const other = searchCases(index, rewritten, { ...scope, domainWords: asked.plan.domainWords });
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

/** The cases whose lead or body may contain the phrase, or undefined when only reading them all would tell. */
export function casesMentioning(index: SearchIndex, phrase: string): readonly Case[] | undefined {
  return internalsOf(index).mentioning(phrase);
}

/** Whether some case's lead or body contains the phrase (a place the cases only mention). */
export function mentionedInCases(index: SearchIndex, phrase: string): boolean {
  return internalsOf(index).mentions(phrase);
}

export function searchCases(
  index: SearchIndex,
  query: string | NormalQuestion,
  hints: SearchScope & { domainWords?: boolean } = {},
): SearchResult {
  const analyzed = analyzeQuery(query, index.df, index.size);
  const plan = hints.domainWords ? { ...analyzed, domainWords: true } : analyzed;
  let shared: PreparedSegment[] | undefined;
  const sharedPrepared = () => (shared ??= prepare(plan.segments));
  const data = internalsOf(index);
  const passageOf = (hit: RankedCase) => choosePassage(plan, data.entry(hit.case.id)!, sharedPrepared);
  if ((plan.terms.length === 0 && plan.chars.length === 0) || plan.totalWeight === 0) return { plan, ranked: [], passageOf };
  const candidates = retrieve(index, plan, hints.within, hints.among);
  if (candidates.length === 0) return { plan, ranked: [], passageOf };
  const top = candidates[0]![1];
  const prepared = sharedPrepared();
  const unknownWord = hasUnknownWord(plan, index) || hasUnknownTerm(plan, index);
  const foreignWord = !plan.domainWords && hasUnknownStretch(plan, index);
  const scored = withCodeBits(plan.segments, () => {
    const out: Array<{ entry: IndexedCase; match: CaseMatch; coverage: number; score: number }> = [];
    for (const [id, bm25] of candidates) {
      const entry = data.entry(id);
      if (!entry) continue;
      const match = coverageOf(plan, prepared, entry);
      const coverage = Math.min(1, match.covered / effectiveWeight(plan.totalWeight));
      const inAskedPlace = plan.askedPlace && entry.case.unit && entry.case.place.endsWith(plan.askedPlace);
      const score = coverage + (BM25_WEIGHT * bm25) / top + (inAskedPlace ? ASKED_PLACE_BONUS : 0);
      out.push({ entry, match, coverage, score: entry.case.unit ? score : score * ARTICLE_TEXT_FACTOR });
    }
    return out;
  });
  scored.sort((a, b) => b.score - a.score);
  focusOn(plan, prepared, scored);
  const ranked = scored
    .filter((s) => clearsFloor(plan, s, unknownWord, hints.relaxed) && !(foreignWord && !hints.relaxed && s.coverage <= UNKNOWN_WORD_FLOOR))
    .map((s) => ({ case: s.entry.case, score: round(s.score), coverage: round(s.coverage) }));
  return { plan, ranked, passageOf };
}

/**
 * Coverage adds up each part of the question wherever the case has it; a case that has the whole
 * question in one sentence (and the figure a quantity question asks for) answers it better than
 * one whose words are spread over many. The best few are re-ordered by how much of the question
 * their best single passage holds.
 */
function focusOn(plan: QueryPlan, prepared: PreparedSegment[], scored: Array<{ entry: IndexedCase; score: number }>): void {
  const top = Math.min(scored.length, FOCUS_TOP);
  if (top < 2) return;
  const scale = effectiveWeight(plan.totalWeight) + (plan.wantsNumber ? FOCUS_FIGURE : 0);
  withCodeBits(plan.segments, () => {
    for (let k = 0; k < top; k++) {
      const s = scored[k]!;
      s.score += FOCUS_WEIGHT * Math.min(1, bestPassage(plan, s.entry, plan.segments, prepared).score / scale);
    }
  });
  const head = scored.slice(0, top).sort((a, b) => b.score - a.score);
  scored.splice(0, top, ...head);
}

/**
 * Candidates, best first: MiniSearch's BM25 over bigrams, numbers and words, plus for single
 * characters (a mistyped or unusual character of the question) their inverse document
 * frequency, scaled by the term's boost, for each case that contains them.
 */
function retrieve(index: SearchIndex, plan: QueryPlan, within?: (c: Case) => boolean, among?: ReadonlySet<string>): Array<[string, number]> {
  const scores = new Map<string, number>();
  const data = internalsOf(index);
  const admits = within ? (id: string) => within(data.caseOf(id)!) : undefined;
  if (plan.terms.length) {
    // An unselective question in a large corpus (every term in most cases) first looks only at
    // the cases that carry its words in their unit name, headline or named practices.
    const postings = plan.terms.reduce((n, t) => n + t.df, 0);
    // Within a place, every match is looked at (the place's cases may rank anywhere).
    const limit = admits ? Infinity : RETRIEVE_LIMIT;
    const prune = index.size >= PRUNE_FROM_CASES && postings > postingsBudget(index.size);
    let results = prune ? data.search(plan.terms, { headings: true, limit, admits, among }) : [];
    if (results.length < RERANK) results = data.search(plan.terms, { headings: false, limit, admits, among });
    for (const [id, score] of results) scores.set(id, score);
  }
  for (const { term, boost } of plan.chars) {
    const ids = data.casesWithChar(term);
    const idf = Math.log(1 + (index.size - ids.length + 0.5) / (ids.length + 0.5));
    for (const id of ids) if (!admits || admits(id)) scores.set(id, (scores.get(id) ?? 0) + boost * idf);
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
function clearsFloor(
  plan: QueryPlan,
  s: { entry: IndexedCase; coverage: number; match: CaseMatch },
  unknownWord: boolean,
  relaxed: SearchScope["relaxed"],
): boolean {
  const { coverage, match } = s;
  const floor = (plan.totalWeight >= LONG_QUESTION ? LONG_QUESTION_FLOOR : COVERAGE_FLOOR) * (relaxed ? WITHIN_PLACE_FLOOR : 1);
  if (coverage < floor || match.covered < MIN_EVIDENCE) return false;
  if (unknownWord && plan.totalWeight <= COVERAGE_SPAN && coverage <= UNKNOWN_WORD_FLOOR * (relaxed ? WITHIN_PLACE_FLOOR : 1)) return false;
  if (plan.hanWeight >= 1 && match.hanCovered / effectiveWeight(plan.hanWeight) < floor / 2) return false;
  // Cheapest tests first: counting separate words scans the case's text.
  const wordsNeeded = relaxed === "unit" || (relaxed && plan.totalWeight >= LONG_QUESTION) ? 1 : 2;
  return plan.domainWords || coverage >= WHOLE_MATCH || namesUnit(plan, s.entry) || wordsFound(plan, s.entry) >= wordsNeeded;
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

/**
 * A question of two or more content words (runs of fully weighted characters: 换届 and 选举 in
 * 乡镇人大主席团换届选举, the genre's words aside) one of which the corpus never writes — none of
 * its bigrams occurs anywhere — is about that word as much as about the others: like a word of
 * unknown characters, it needs more than half of the question found. A typo leaves some bigrams
 * of its word known; a one-word question is left to the character-level rule. A run is two words'
 * ends told apart only by a lighter character (家占 in 代表之家占地, where 地 weighs nothing): a
 * pair it forms with its neighbour that the corpus writes (占地) makes it known.
 */
function hasUnknownTerm(plan: QueryPlan, index: SearchIndex): boolean {
  let words = 0;
  let unknown = false;
  for (const seg of plan.segments) {
    let run = 0;
    let known = false;
    const end = () => {
      if (run >= 2) {
        words++;
        if (!known) unknown = true;
      }
      run = 0;
      known = false;
    };
    const pairKnown = (i: number) => i > 0 && i < seg.chars.length && index.df(seg.chars[i - 1]! + seg.chars[i]!) > 0;
    for (let i = 0; i < seg.chars.length; i++) {
      if (seg.weights[i] !== 1) {
        if (run > 0 && pairKnown(i)) known = true;
        end();
        continue;
      }
      if (pairKnown(i)) known = true;
      run++;
    }
    end();
  }
  return unknown && words >= 2;
}

/**
 * Four or more consecutive content characters of the question none of whose pairs the corpus
 * ever writes (公积金贷款, 个人所得税): a word from outside the library's world. A typo leaves known
 * pairs around the mistyped character, and a paraphrase of the genre brings its own words.
 */
function hasUnknownStretch(plan: QueryPlan, index: SearchIndex): boolean {
  for (const seg of plan.segments) {
    let run = 0;
    for (let i = 1; i < seg.chars.length; i++) {
      const unknown = seg.weights[i - 1] === 1 && seg.weights[i] === 1 && index.df(seg.chars[i - 1]! + seg.chars[i]!) === 0;
      run = unknown ? run + 1 : 0;
      if (run >= 3) return true;
    }
  }
  return false;
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

