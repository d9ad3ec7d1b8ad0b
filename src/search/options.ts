import type { Options } from "minisearch";
import { tokensOfNormalized } from "./tokenize.ts";

/** One document per case; its searchable fields, already normalised (normalizeAligned). */
export interface CaseDocument {
  id: string;
  /** Unit name plus the short place names people type (城步, 城北路, 回龙寺). */
  unit: string;
  /** Headline and the named practices (“逢6进站”). */
  title: string;
  /** Lead and body. */
  text: string;
  captions: string;
}

export const FIELD_BOOST = { unit: 3, title: 2, text: 1, captions: 0.3 } as const;

/**
 * MiniSearch keeps terms in a radix tree whose nodes are searched by scanning their children.
 * With thousands of distinct Han characters under the root every insert scans thousands of
 * keys; stored as hex code units each node has at most 16 children. Index and queries both go
 * through this, so it is invisible outside the index.
 */
export function termKey(term: string): string {
  let key = "";
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    key += c < 0x80 ? term[i] : `${c.toString(16).padStart(4, "0")}`;
  }
  return key;
}

/**
 * The single source of MiniSearch options: building, searching and MiniSearch.loadJSON must all
 * use exactly these. Documents arrive normalised; queries arrive as space-separated, already
 * analysed terms (see query.ts), so the search-side tokenizer only splits on spaces. No fuzzy
 * and no prefix matching: on Chinese bigrams an edit distance of one is a different word.
 */
export const SEARCH_OPTIONS: Options<CaseDocument> = {
  idField: "id",
  fields: ["unit", "title", "text", "captions"],
  storeFields: [],
  tokenize: (text) => tokensOfNormalized(text),
  processTerm: termKey,
  searchOptions: {
    tokenize: (text) => text.split(" ").filter(Boolean),
    processTerm: termKey,
    combineWith: "OR",
    prefix: false,
    fuzzy: false,
    boost: { ...FIELD_BOOST },
  },
};
