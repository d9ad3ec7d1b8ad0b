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

const FIELD_BOOST = { unit: 3, title: 2, text: 1, captions: 0.3 } as const;

/**
 * How a term is stored in MiniSearch. Two properties of MiniSearch matter here:
 * - its radix tree searches a node's children by scanning them; with thousands of distinct Han
 *   characters under the root every insert scans thousands of keys. Stored as hex code units
 *   each node has at most 16 children.
 * - each result records its matched terms as keys of a plain object; a key that looks like an
 *   array index ("836") makes V8 allocate an array of that length per result. So no key may be
 *   numeric: Han terms are "h" + hex, numbers "n" + digits, Latin words stay as they are.
 * Index and queries both go through this, so it is invisible outside the index.
 */
export function termKey(term: string): string {
  if (/^[a-z]+$/.test(term)) return term;
  if (/^[\d.]+$/.test(term)) return `n${term}`;
  let key = "h";
  for (let i = 0; i < term.length; i++) key += term.charCodeAt(i).toString(16).padStart(4, "0");
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
