import { makeAligner, type Aligner } from "./align.ts";
import { META_PARAGRAPH, type IndexedCase, type IndexedPassage } from "./index.ts";
import { NUMBER_WEIGHT, sumOf, type QueryPlan, type Segment } from "./query.ts";
import { bagOf, hasNumber, matchedTerms, withoutNames } from "./evidence.ts";
import { DATE_IN_TEXT, ENUMERATION_IN_TEXT } from "./lexicon.ts";

// How much of a question a case covers, and which of its passages answers it: the alignment half
// of search.ts (which retrieves candidates and decides what clears the floor).

/** A figure of money: questions about cost prefer passages that state one. */
export const MONEY = /\d(?:\.\d+)?(?:万|亿|千)?元/;

/**
 * What the enumerating sentence adds for a question that asks for a list (哪些方面), as a share of
 * the question: the words that chose the case are often repeated by its opening sentence, which
 * names the topic without the list.
 */
const LIST_SHARE = 0.25;

/** An answering passage grows by whole sentences of its paragraph up to this length. */
const PASSAGE_CHARS = 180;

/** The sentence(s) of a case that answer a question. */
export interface Passage {
  /** Index into case.paragraphs, or -1 for the lead. */
  paragraph: number;
  text: string;
  /** Substrings of `text` that match the question, for highlighting. */
  terms: string[];
}

export interface CaseMatch {
  /** Weight of the question found in the case: best passage per segment, plus numbers. */
  covered: number;
  /** The Han-text part of `covered`. */
  hanCovered: number;
}

/** A question segment with its aligner and its cheap pre-check. */
export interface PreparedSegment {
  align: Aligner;
  /** Order-free evidence: the segment's bigrams found in the passage in any order. */
  bag: (passage: string) => number;
  /** ≥ 0: the exact alignment score; < 0: minus an upper bound of it (align to know). */
  assess: (passage: IndexedPassage) => number;
}

export function prepare(segments: readonly Segment[]): PreparedSegment[] {
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
export function coverageOf(plan: QueryPlan, prepared: PreparedSegment[], entry: IndexedCase): CaseMatch {
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

export function withCodeBits<T>(segments: readonly Segment[], fn: () => T): T {
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
export function choosePassage(plan: QueryPlan, entry: IndexedCase, sharedPrepared: () => PreparedSegment[]): Passage {
  const names = entry.names;
  const focused: Segment[] = [];
  // Most questions do not name the unit: then the ranking's prepared segments serve as they are.
  let unchanged = true;
  const salience = localSalience(plan.segments, entry.passages);
  for (const seg of plan.segments) {
    const f = salient(withoutNames(seg, names), salience, seg.aside ? ASIDE_WEIGHT : 1);
    focused.push(f);
    for (let k = 0; k < f.weights.length && unchanged; k++) unchanged = f.weights[k] === seg.weights[k];
  }
  const prepared = unchanged ? sharedPrepared() : prepare(focused);
  const { at } = bestPassage(plan, entry, focused, prepared, true);
  const bestAt = at !== -1 ? at : entry.passages.findIndex((p) => p.paragraph > META_PARAGRAPH);
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

/**
 * Inside one case, a word found in nearly every sentence (代表, 联络站 in a station's case) cannot
 * tell its sentences apart: the sentence that answers is the one with the question's rarer words.
 * Each question character is weighted by how few of the case's answerable passages contain it,
 * as inverse document frequency does across cases, here with the case as the collection.
 */
function localSalience(segments: readonly Segment[], passages: readonly IndexedPassage[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const seg of segments) for (const ch of seg.chars) counts.set(ch.charCodeAt(0), 0);
  let n = 0;
  for (const p of passages) {
    if (p.paragraph <= META_PARAGRAPH) continue;
    n++;
    const codes = p.codes;
    for (let k = 0; k < codes.length; k++) {
      const c = counts.get(codes[k]!);
      if (c !== undefined) counts.set(codes[k]!, c + 1);
    }
  }
  const out = new Map<number, number>();
  const top = Math.log((n + 1) / 0.5);
  for (const [code, c] of counts) out.set(code, n < 3 ? 1 : SALIENCE_FLOOR + (1 - SALIENCE_FLOOR) * (Math.log((n + 1) / (c + 0.5)) / top));
  return out;
}

/** The weight a character keeps however common it is in the case: it still says what is asked. */
const SALIENCE_FLOOR = 0.35;

/** Inside the case, what a clause that does not ask still counts (it chose the case, not the sentence). */
const ASIDE_WEIGHT = 0.5;

function salient(seg: Segment, salience: Map<number, number>, factor: number): Segment {
  const weights = seg.weights.map((w, i) => factor * w * (salience.get(seg.chars[i]!.charCodeAt(0)) ?? 1));
  return { text: seg.text, chars: seg.chars, weights };
}

/**
 * The passage that holds most of the question in one place, and its score: what the question
 * asks found together, plus what a quantity, sum or date question asks for. Branch and bound:
 * each passage's upper bound first, exact scores in descending bound order until no remaining
 * bound can beat the best (ties go to the earlier passage).
 */
export function bestPassage(
  plan: QueryPlan,
  entry: IndexedCase,
  segments: readonly Segment[],
  prepared: readonly PreparedSegment[],
  answering = false,
): { at: number; score: number } {
  const bounds = withCodeBits(segments, () => {
    const out: PassageBound[] = [];
    for (let i = 0; i < entry.passages.length; i++) {
      const p = entry.passages[i]!;
      // Heading passages are never the answer, and a passage without any bound is never visited.
      if (p.paragraph <= META_PARAGRAPH) continue;
      let fixed = plan.wantsNumber && p.hasNumber ? 1 : 0;
      if (plan.wantsMoney && MONEY.test(p.norm)) fixed += 1;
      if (plan.askedMeasure && p.hasNumber && countsIn(p.norm, plan.askedMeasure)) fixed += 1;
      if (plan.wantsDate && DATE_IN_TEXT.test(p.norm)) fixed += 1;
      // Which case answers a list question is for the question's words to decide; inside the case, the list.
      if (answering && plan.wantsList && ENUMERATION_IN_TEXT.test(p.text)) fixed += LIST_SHARE * plan.totalWeight;
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
  let at = -1;
  let best = 0;
  for (const { i, bound, parts, fixed } of bounds) {
    if (bound < best || bound <= 0) break;
    const p = entry.passages[i]!;
    let score = fixed;
    for (let k = 0; k < parts.length; k++) {
      const a = parts[k]!;
      score += a >= 0 ? a : Math.max(prepared[k]!.align(p.norm), prepared[k]!.bag(p.norm));
    }
    if (score > best || (score === best && score > 0 && i < at)) {
      best = score;
      at = i;
    }
  }
  return { at, score: best };
}

/** A figure in the measure asked for: 19条, 两个工作规范, 1.7万余件, 分三个批次. */
function countsIn(text: string, measure: string): boolean {
  for (let at = text.indexOf(measure); at > 0; at = text.indexOf(measure, at + 1)) {
    if (/[\d一两二三四五六七八九十百千万余多]$/.test(text.slice(Math.max(0, at - 3), at))) return true;
  }
  return false;
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

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
