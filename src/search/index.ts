import MiniSearch from "minisearch";
import { splitSentences } from "../corpus/sentences.ts";
import type { Case } from "../corpus/types.ts";
import { placeAliases } from "../corpus/units.ts";
import { FIGURE_IN_TEXT } from "./lexicon.ts";
import { normalizeAligned } from "./normalize.ts";
import { SEARCH_OPTIONS, termKey, type CaseDocument } from "./options.ts";
import { hanChars, tokensOfNormalized } from "./tokenize.ts";

export interface IndexedPassage {
  /** Index into case.paragraphs, -1 for the lead, -2 for headings and practices, -3 for the unit's names (never an answer). */
  paragraph: number;
  text: string;
  /** normalizeAligned(text): same length, positions match. */
  norm: string;
  /** States a figure, in digits or in Chinese numerals (两个规范). */
  hasNumber: boolean;
  /** The distinct UTF-16 code units of `norm`: which characters the passage has, without scanning it. */
  codes: Uint16Array;
}

export interface IndexedCase {
  case: Case;
  /** Sentences of the lead and body in reading order, then the heading passages. */
  passages: IndexedPassage[];
  numbers: Set<string>;
  /** The unit and the short place names people type for it (computed once, at indexing). */
  names: string[];
  /** Every passage's normal form, one per line: where a question's words are looked up whole. */
  text: string;
}

/**
 * The index as the rest of the program sees it: opaque, built once, asked through
 * searchCases/searchQuestion (or an Answerer). Only how many cases it holds and how many contain
 * a term are public; the structures behind them are the search module's own (internalsOf).
 */
export interface SearchIndex {
  readonly size: number;
  /** In how many cases a term (character, bigram, word, number) occurs. */
  df(term: string): number;
}

/**
 * What search.ts works on, whichever engine holds the postings: MiniSearch in memory
 * (buildSearchIndex) or SQLite FTS5 on disk (saved-index.ts). Not part of the module's interface.
 */
export interface IndexInternals {
  /**
   * BM25 candidates for the query's terms (bigrams, numbers, words; each with its boost), best
   * first: every match from MiniSearch, the best `limit` from an engine that ranks on disk.
   * `headings` searches only the unit names, headlines and named practices.
   */
  search(
    terms: ReadonlyArray<{ term: string; boost: number }>,
    opts: { headings: boolean; limit: number; admits?: (id: string) => boolean; among?: ReadonlySet<string> },
  ): Array<[string, number]>;
  /** A case by id, without building its entry (what a scope's `within` looks at). */
  caseOf(id: string): Case | undefined;
  /** What a saved index keeps beside each case for the answer layer; undefined in memory. */
  stored(): StoredNotes | undefined;
  /** The cases (ids) that contain a Han character: the fallback for mistyped characters. */
  casesWithChar(ch: string): readonly string[];
  /** A case's sentences and names for alignment, built when it is first asked for. */
  entry(id: string): IndexedCase | undefined;
  /** Some case's lead or body contains this phrase (a place only mentioned in a report). */
  mentions(phrase: string): boolean;
  /**
   * The cases whose lead or body may contain the phrase (every one that does, perhaps a few more),
   * or undefined when the engine has no cheaper way than reading every case.
   */
  mentioning(phrase: string): readonly Case[] | undefined;
}

const internals = new WeakMap<SearchIndex, IndexInternals>();

export function internalsOf(index: SearchIndex): IndexInternals {
  const found = internals.get(index);
  if (!found) throw new Error("not a SearchIndex built by buildSearchIndex or opened from a saved index");
  return found;
}

/**
 * What a saved index keeps beside each case for the answer layer (saved-index.ts `annotate`: a
 * case's region): a note per case, and the cases listed under keys (its divisions, its place's
 * aliases), each read from the file when asked for.
 */
export interface StoredNotes {
  note(id: string): string | undefined;
  /** The cases listed under a key. */
  withKey(key: string): readonly Case[];
  /** The largest number written with each of these keys that some case is listed under. */
  largest(keys: readonly string[]): Map<string, number>;
  /** No key starting with `prefix` is longer than this (in UTF-16 units, `prefix` included). */
  longest(prefix: string): number;
}

/** What a saved index keeps beside each case, or undefined for an index in memory. */
export function storedNotes(index: SearchIndex): StoredNotes | undefined {
  return internalsOf(index).stored();
}

/** Gives an engine's internals the opaque face the rest of the program sees. */
export function searchIndexOf(size: number, df: (term: string) => number, engine: IndexInternals): SearchIndex {
  const index: SearchIndex = { size, df };
  internals.set(index, engine);
  return index;
}

const NUMBER_RE = /\d+(?:\.\d+)?/g;
export const META_PARAGRAPH = -2;
/** The unit's names as a passage: they count towards coverage, never as an answer. */
const NAME_PARAGRAPH = -3;

/** Indexes every case (for ranking) and every sentence of it (for choosing the answer). */
export function buildSearchIndex(cases: readonly Case[]): SearchIndex {
  const mini = new MiniSearch<CaseDocument>(SEARCH_OPTIONS);
  const indexed = new Map<string, IndexedCase>();
  const dfCounts = new Map<string, number>();
  const chars = new Map<string, string[]>();
  const docs: CaseDocument[] = [];
  for (const c of cases) {
    const entry = indexCase(c);
    indexed.set(c.id, entry);
    const norms = (keep: (p: IndexedPassage) => boolean) => entry.passages.filter(keep).map((p) => p.norm).join("\n");
    const doc: CaseDocument = {
      id: c.id,
      unit: normalizeAligned(entry.names.join(" ")),
      title: norms((p) => p.paragraph === META_PARAGRAPH),
      text: norms((p) => p.paragraph > META_PARAGRAPH),
      captions: normalizeAligned(c.captions.join("\n")),
    };
    docs.push(doc);
    const all = [doc.unit, doc.title, doc.text, doc.captions].join("\n");
    for (const t of new Set(tokensOfNormalized(all))) dfCounts.set(t, (dfCounts.get(t) ?? 0) + 1);
    for (const ch of hanChars(all)) {
      const list = chars.get(ch);
      if (list) list.push(c.id);
      else chars.set(ch, [c.id]);
    }
  }
  mini.addAll(docs);
  let allText: string | undefined;
  return searchIndexOf(cases.length, (t) => (t.length === 1 && chars.has(t) ? chars.get(t)!.length : (dfCounts.get(t) ?? 0)), {
    search(terms, opts) {
      const boost = new Map(terms.map((t) => [termKey(t.term), t.boost]));
      const query = terms.map((t) => t.term).join(" ");
      const admits = opts.admits;
      const results = mini.search(query, {
        boostTerm: (term: string) => boost.get(term) ?? 1,
        ...(opts.headings && { fields: ["unit", "title"] }),
        ...(admits && { filter: (r: { id: unknown }) => admits(String(r.id)) }),
      });
      return results.map((r): [string, number] => [String(r.id), r.score]);
    },
    casesWithChar: (ch) => chars.get(ch) ?? [],
    entry: (id) => indexed.get(id),
    caseOf: (id) => indexed.get(id)?.case,
    stored: () => undefined,
    mentioning: () => undefined,
    mentions: (phrase) => (allText ??= cases.map((c) => [c.lead, ...c.paragraphs.map((p) => p.text)].join("\n")).join("\n")).includes(phrase),
  });
}

export function indexCase(c: Case): IndexedCase {
  const passages: IndexedPassage[] = [];
  const push = (paragraph: number, text: string) => {
    const t = text.trim();
    if (!t) return;
    const norm = normalizeAligned(t);
    passages.push({ paragraph, text: t, norm, hasNumber: FIGURE_IN_TEXT.test(t), codes: distinctCodes(norm) });
  };
  for (const s of splitSentences(c.lead)) push(-1, s);
  c.paragraphs.forEach((p, i) => {
    for (const s of splitSentences(p.text)) push(i, s);
  });
  // The article's own text (no unit) is found by its words, never by a unit's name.
  const names = c.unit ? [c.unit, ...placeAliases(c.place, c.level)] : [];
  push(NAME_PARAGRAPH, names.join(" "));
  // Headings: the headline, every section's headline and topics (a unit under three topics), practices.
  const headings = new Set([c.headline || c.unit, ...c.sections.flatMap((s) => [s.headline, ...s.topics]), ...c.practices]);
  for (const h of headings) push(META_PARAGRAPH, h);
  const numbers = new Set<string>();
  for (const p of passages) for (const m of p.norm.matchAll(NUMBER_RE)) numbers.add(m[0]);
  return { case: c, passages, numbers, names, text: passages.map((p) => p.norm).join("\n") };
}

function distinctCodes(text: string): Uint16Array {
  const seen = new Set<number>();
  for (let i = 0; i < text.length; i++) seen.add(text.charCodeAt(i));
  return Uint16Array.from(seen);
}
