import { normalizeText } from "./normalize.ts";

/**
 * Han text has no spaces, and a word list cannot know this corpus's coinages (码上找代表,
 * 逢6进站). Overlapping character bigrams find any phrase; single characters give partial
 * credit when one character of a phrase is mistyped (连络站 for 联络站). Latin words and
 * numbers are whole tokens.
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

/** Index-side tokenizer (MiniSearch `tokenize`): unigrams + bigrams for Han, words, numbers. */
export function indexTokens(text: string): string[] {
  return tokensOfNormalized(normalizeText(text));
}

export function tokensOfNormalized(normalized: string): string[] {
  const out: string[] = [];
  for (const run of runsOf(normalized)) {
    if (run.kind !== "han") {
      out.push(run.text);
      continue;
    }
    const chars = Array.from(run.text);
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]!);
      if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
    }
  }
  return out;
}
