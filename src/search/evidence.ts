import type { IndexedPassage } from "./index.ts";
import type { QueryPlan, Segment } from "./query.ts";
import { bigrams } from "./tokenize.ts";

// Evidence a passage offers for a question, beyond the alignment itself: order-free bigram
// coverage, the words that get marked in the answer, and whole-number matches.

/**
 * Paraphrase often swaps word order (请专家…上法律课 for 邀请法律专家授课): characters covered by
 * the segment's bigrams that occur anywhere in one passage count, at a discount for not being
 * in order. Never more than the alignment bound below, since it only counts shared characters.
 */
const BAG_DISCOUNT = 0.8;

export function bagOf(seg: Segment): (passage: string) => number {
  const grams = seg.chars.length < 2 ? [] : bigrams(seg.text);
  return (passage) => {
    let covered = 0;
    let last = -1; // highest segment position already counted
    for (let i = 0; i < grams.length; i++) {
      if (!passage.includes(grams[i]!)) continue;
      for (let k = Math.max(i, last + 1); k <= i + 1; k++) covered += seg.weights[k]!;
      last = i + 1;
    }
    return covered * BAG_DISCOUNT;
  };
}

export function withoutNames(seg: Segment, names: string[]): Segment {
  const weights = seg.weights.slice();
  for (const name of names) {
    if (!name) continue;
    for (let at = seg.text.indexOf(name); at !== -1; at = seg.text.indexOf(name, at + 1)) {
      for (let i = at; i < at + name.length && i < weights.length; i++) weights[i] = 0;
    }
  }
  return { text: seg.text, chars: seg.chars, weights };
}

/** Runs of the passage covered by a bigram or a number of the question, as written in the passage. */
export function matchedTerms(plan: QueryPlan, p: IndexedPassage): string[] {
  const marked = new Array<boolean>(p.norm.length).fill(false);
  const mark = (needle: string, whole: boolean) => {
    for (let at = p.norm.indexOf(needle); at !== -1; at = p.norm.indexOf(needle, at + 1)) {
      if (whole && !isWholeNumber(p.norm, at, needle.length)) continue;
      for (let i = at; i < at + needle.length; i++) marked[i] = true;
    }
  };
  for (const seg of plan.segments) for (const bg of bigrams(seg.text)) if (bg.length === 2) mark(bg, false);
  for (const n of plan.numbers) mark(n, true);
  const out: string[] = [];
  for (let i = 0; i < marked.length; ) {
    if (!marked[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < marked.length && marked[j]) j++;
    out.push(p.text.slice(i, j));
    i = j;
  }
  return out;
}

export function hasNumber(text: string, n: string): boolean {
  for (let at = text.indexOf(n); at !== -1; at = text.indexOf(n, at + 1)) if (isWholeNumber(text, at, n.length)) return true;
  return false;
}

function isWholeNumber(text: string, at: number, len: number): boolean {
  return !/[\d.]/.test(text[at - 1] ?? "") && !/\d/.test(text[at + len] ?? "") && !(text[at + len] === "." && /\d/.test(text[at + len + 1] ?? ""));
}
