import { defaultGazetteer, type Gazetteer } from "../corpus/gazetteer.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { buildSearchIndex, type SearchIndex } from "../search/index.ts";
import { normalizeQuery } from "../search/normalize.ts";
import { mentionedInCases, searchQuestion, type RankedCase } from "../search/search.ts";
import { createPlaceFinder } from "./places.ts";
import type { Answerer, AskResult } from "./types.ts";

export const DEFAULT_LIMIT = 4;

/**
 * Builds the search index once; every ask() after that is synchronous and side-effect free.
 * A question that names a place is answered about that place: its cases first, and when the
 * library has none from it, the practice of other places, marked as such (AskResult.place).
 */
export function createAnswerer(library: CaseLibrary, index: SearchIndex = buildSearchIndex(library.allCases), gazetteer: Gazetteer = defaultGazetteer()): Answerer {
  const places = createPlaceFinder(library, gazetteer, (name) => mentionedInCases(index, name));
  return {
    ask(query, opts = {}): AskResult {
      const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
      const offset = Math.max(0, opts.offset ?? 0);
      const place = places.find(normalizeQuery(query));
      // A region's name (邵阳, 芙蓉区) is a filter, not words to find: it would only match by accident.
      const searched = place && (place.kind === "region" || !place.covered) ? place.rest : query;
      const { plan, ranked, passageOf } = searchQuestion(index, searched);
      const ordered = place?.covered ? placeFirst(ranked, place.contains) : ranked;
      return {
        query,
        normalized: plan.normalized,
        terms: [...plan.segments.map((s) => s.text), ...plan.numbers],
        total: ordered.length,
        place: place ? { name: place.name, covered: place.covered } : undefined,
        hits: ordered.slice(offset, offset + limit).map((r) => ({ case: r.case, score: r.score, passage: passageOf(r) })),
      };
    },
  };
}

/** Cases from the place asked about first, each group in its own order. */
function placeFirst(ranked: RankedCase[], inPlace: (c: RankedCase["case"]) => boolean): RankedCase[] {
  return [...ranked.filter((r) => inPlace(r.case)), ...ranked.filter((r) => !inPlace(r.case))];
}
