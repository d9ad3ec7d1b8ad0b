import type { CaseLibrary } from "../corpus/types.ts";
import { buildSearchIndex, type SearchIndex } from "../search/index.ts";
import { searchCases } from "../search/search.ts";
import type { Answerer, AskResult } from "./types.ts";

export const DEFAULT_LIMIT = 4;

/** Builds the search index once; every ask() after that is synchronous and side-effect free. */
export function createAnswerer(library: CaseLibrary, index: SearchIndex = buildSearchIndex(library.allCases)): Answerer {
  return {
    ask(query, opts = {}): AskResult {
      const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
      const offset = Math.max(0, opts.offset ?? 0);
      const { plan, ranked, passageOf } = searchCases(index, query);
      return {
        query,
        normalized: plan.normalized,
        terms: [...plan.segments.map((s) => s.text), ...plan.numbers],
        total: ranked.length,
        hits: ranked.slice(offset, offset + limit).map((r) => ({ case: r.case, score: r.score, passage: passageOf(r) })),
      };
    },
  };
}
