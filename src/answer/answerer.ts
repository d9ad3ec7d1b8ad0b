import { defaultGazetteer, type Gazetteer } from "../corpus/gazetteer.ts";
import type { Case, CaseLibrary } from "../corpus/types.ts";
import { buildSearchIndex, storedNotes, type SearchIndex } from "../search/index.ts";
import { inNormalForm, normalQuestion } from "../search/normalize.ts";
import { withGlossary } from "../search/query.ts";
import { casesMentioning, searchQuestion, type RankedCase, type SearchResult } from "../search/search.ts";
import { createPlaceFinder, type PlaceFinder, type PlaceInQuestion } from "./places.ts";
import type { Answerer, AskResult } from "./types.ts";

export const DEFAULT_LIMIT = 4;

/**
 * Builds the search index once; every ask() after that is synchronous and side-effect free.
 * A question that names a place is answered about that place: only its cases, and when the
 * library has none from it, the practice of other places, marked as such (AskResult.place).
 */
export function createAnswerer(
  library: CaseLibrary,
  index: SearchIndex = buildSearchIndex(library.allCases),
  gazetteer: Gazetteer = defaultGazetteer(),
): Answerer {
  // A saved index tells which cases mention a place, so a place question reads only those, and
  // keeps each case's region, resolved when its newsletter was written; an index in memory has
  // every text at hand (the place finder reads them itself and works out the regions once).
  const stored = storedNotes(index);
  const mentioning = (phrase: string) => casesMentioning(index, phrase) ?? library.allCases;
  const places = createPlaceFinder(library, gazetteer, stored ? mentioning : undefined, stored);
  return {
    ask(query, opts = {}): AskResult {
      const limit = Math.max(0, opts.limit ?? DEFAULT_LIMIT);
      const offset = Math.max(0, opts.offset ?? 0);
      // Normalised here once; the place finder, the query analysis and the rewriter take it as it is.
      const question = normalQuestion(query);
      const place = places.find(inNormalForm(withGlossary(question.normalized)));
      const { plan, ranked, passageOf, topicMissing } = place?.covered
        ? searchPlace(index, places, place)
        : { ...searchQuestion(index, place ? inNormalForm(place.rest) : question), topicMissing: false };
      return {
        query,
        normalized: plan.normalized,
        terms: [...plan.segments.map((s) => s.text), ...plan.numbers],
        total: ranked.length,
        place: place ? { name: place.name, covered: place.covered, ...(topicMissing ? { topicMissing, asked: place.rest } : {}) } : undefined,
        hits: ranked.slice(offset, offset + limit).map((r) => ({ case: r.case, score: r.score, passage: passageOf(r) })),
      };
    },
  };
}

/**
 * A place the library has cases from: the rest of the question is asked of its cases only,
 * with the floor lowered (the place already says which cases are meant), so that another
 * place's case is never offered as this one's, and the place's own name is no evidence for a
 * topic. A question that names no topic (邵阳有哪些好做法) lists the place's cases, innermost
 * first; so does a question on the work of a place of a single unit whose case does not say
 * what is asked (marked topicMissing: the reply says so first). A place only the cases' text names (a
 * street) points each at the sentence naming it.
 */
function searchPlace(index: SearchIndex, places: PlaceFinder, place: PlaceInQuestion): SearchResult & { topicMissing: boolean } {
  const members = place.cases();
  const inPlace = members.filter((c) => c.unit);
  const oneUnit = inPlace.length > 0 && inPlace.every((c) => c.unitKey === inPlace[0]!.unitKey);
  // The place's cases by id: an engine on disk ranks only those, and admitting one is a lookup.
  const among = new Set(members.map((c) => c.id));
  const scope = { within: (c: Case) => among.has(c.id), among, relaxed: oneUnit ? ("unit" as const) : ("region" as const) };
  const found = searchQuestion(index, inNormalForm(place.rest), scope);
  // Only a question about the unit's work (代表, 人大 …): 长沙到张家界的高铁票 gets no case at all.
  const topicMissing = !found.plan.listing && found.ranked.length === 0 && oneUnit && found.plan.domainWords;
  if (!found.plan.listing && !topicMissing) return { ...found, topicMissing };
  const ranked: RankedCase[] = inPlace
    .map((c, i) => ({ c, i, depth: places.depthOf(c) }))
    .sort((a, b) => b.depth - a.depth || a.i - b.i)
    .map(({ c }) => ({ case: c, score: 0, coverage: 0 }));
  const { passageOf } = place.kind === "unit" && !topicMissing ? searchQuestion(index, place.name, scope) : found;
  return { ...found, ranked, passageOf, topicMissing };
}
