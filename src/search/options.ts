import type { Options } from "minisearch";
import { indexTokens } from "./tokenize.ts";

/** One document per case; these are its searchable fields. */
export interface CaseDocument {
  id: string;
  /** Unit name plus the short place names people type (城步, 城北路, 回龙寺). */
  unit: string;
  headline: string;
  practices: string;
  lead: string;
  body: string;
  captions: string;
}

export const FIELD_BOOST = { unit: 3, headline: 2, practices: 2, lead: 1.5, body: 1, captions: 0.3 } as const;

/**
 * The single source of MiniSearch options: building, searching and MiniSearch.loadJSON must all
 * use exactly these. Queries arrive as space-separated, already analysed terms (see query.ts),
 * so the search-side tokenizer only splits on spaces. No fuzzy and no prefix matching: on
 * Chinese bigrams an edit distance of one is a different word.
 */
export const SEARCH_OPTIONS: Options<CaseDocument> = {
  idField: "id",
  fields: ["unit", "headline", "practices", "lead", "body", "captions"],
  storeFields: [],
  tokenize: (text) => indexTokens(text),
  processTerm: (term) => term,
  searchOptions: {
    tokenize: (text) => text.split(" ").filter(Boolean),
    processTerm: (term) => term,
    combineWith: "OR",
    prefix: false,
    fuzzy: false,
    boost: { ...FIELD_BOOST },
  },
};
