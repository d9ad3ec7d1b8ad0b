import { normalizeText } from "./normalize.ts";

/**
 * Han text has no spaces, and a word list cannot know this corpus's coinages (千名代表访万人,
 * 一街一井一亭一市场). Overlapping character bigrams find any phrase; single characters (searched
 * separately) give partial credit when one character of a phrase is mistyped (连络站 for
 * 联络站). Latin words and numbers are whole tokens.
 */
const TOKEN_RE = /\p{Script=Han}+|[a-z]+|\d+(?:\.\d+)?/gu;

export type TokenKind = "han" | "latin" | "number";

export interface Run {
  kind: TokenKind;
  text: string;
}

export function runsOf(normalized: string): Run[] {
  const out: Run[] = [];
  for (const m of normalized.matchAll(TOKEN_RE)) {
    const text = m[0];
    const kind: TokenKind = /^\d/.test(text) ? "number" : /^[a-z]/.test(text) ? "latin" : "han";
    out.push({ kind, text });
  }
  return out;
}

/** Bigrams of a Han run; a one-character run is its own term. */
export function bigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * Index-side tokenizer (MiniSearch `tokenize`): Han bigrams, words, numbers. Single characters
 * are kept out of MiniSearch (they would double its postings); the search index keeps its own
 * compact character → cases table for them (index.ts).
 */
export function indexTokens(text: string): string[] {
  return tokensOfNormalized(normalizeText(text));
}

export function tokensOfNormalized(normalized: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(normalized)) {
    if (run.kind !== "han") out.push(run.text);
    else for (const bg of bigrams(run.text)) if (bg.length === 2) out.push(bg);
  }
  return out;
}

/** The distinct Han characters of a normalised text. */
export function hanChars(normalized: string): Set<string> {
  const out = new Set<string>();
  for (const run of runsOf(normalized)) if (run.kind === "han") for (const ch of run.text) out.add(ch);
  return out;
}
