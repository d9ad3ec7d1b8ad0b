import { Converter } from "opencc-js/t2cn";

/**
 * Traditional → simplified. The Taiwan preset also maps regional phrasing; applied to both the
 * indexed text and the question, so the two always meet in the same script.
 */
const toSimplified = Converter({ from: "tw", to: "cn" });

const MENTION = /@[^\s@]{1,64}/g;
const CONTROLS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Scripts we search: Han, Latin letters and digits; everything else is a separator. */
const HAN = /\p{Script=Han}/u;

/**
 * One canonical form for indexing and querying: NFKC (full-width → half-width letters, digits and
 * punctuation), lower case, simplified characters, no control characters.
 */
export function normalizeText(text: string): string {
  const nfkc = text.normalize("NFKC").replace(CONTROLS, " ").toLowerCase();
  // Only Han text can change under conversion; skip the converter for everything else.
  return HAN.test(nfkc) ? toSimplified(nfkc) : nfkc;
}

/** A chat question: mentions (@bot, @someone) carry no meaning for search. */
export function normalizeQuery(query: string): string {
  return normalizeText(query.replace(MENTION, " ")).replace(/\s+/g, " ").trim();
}

/**
 * A question in normal form, made once where it enters the answerer (normalizeQuery) and handed
 * on to the place finder, the query analysis and the rewriter, none of which normalises it again.
 * Those also take a plain string (a test's, a benchmark's) and normalise that themselves.
 */
export interface NormalQuestion {
  /** As it was handed on (QueryPlan.query). */
  readonly asked: string;
  readonly normalized: string;
}

export const normalQuestion = (query: string): NormalQuestion => ({ asked: query, normalized: normalizeQuery(query) });

/** Text already in normal form (cut out of a NormalQuestion's): handed on as it is. */
export const inNormalForm = (normalized: string): NormalQuestion => ({ asked: normalized, normalized });

/** The normal form of either: a NormalQuestion's as it is, a plain string's made here. */
export const normalFormOf = (query: string | NormalQuestion): string => (typeof query === "string" ? normalizeQuery(query) : query.normalized);

/**
 * Like normalizeText, but character by character, keeping every UTF-16 position: a character
 * whose normal form has a different length (… → ...) stays as it is. Passages and indexed text
 * are normalised this way, so a match found in the normal form can be highlighted in the
 * original, and indexing stays fast (one cached lookup per character instead of running the
 * phrase converter over every sentence; the corpus is written in simplified characters).
 */
export function normalizeAligned(text: string): string {
  let out = "";
  for (const ch of text) {
    let n = charCache.get(ch);
    if (n === undefined) {
      n = normalizeChar(ch);
      charCache.set(ch, n);
    }
    out += n;
  }
  return out;
}

const charCache = new Map<string, string>();

function normalizeChar(ch: string): string {
  if (/^[\p{Cc}\p{Cf}\u2028\u2029]$/u.test(ch)) return " ".repeat(ch.length);
  const n = ch.normalize("NFKC").toLowerCase();
  if (n.length !== ch.length) return ch;
  if (!HAN.test(n)) return n;
  const s = toSimplified(n);
  return s.length === n.length ? s : n;
}
