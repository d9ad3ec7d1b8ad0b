// PLACEHOLDER until the search work lands: substring matching so the app runs end to end.
import type { CaseLibrary } from "../corpus/types.ts";
import type { Answerer } from "./types.ts";

export function createAnswerer(library: CaseLibrary): Answerer {
  return {
    ask(query, opts = {}) {
      const q = query.trim();
      const hits = q
        ? library.cases
            .filter((c) => [c.unit, c.headline, c.lead, ...c.paragraphs.map((p) => p.text)].join("\n").includes(q))
            .slice(0, opts.limit ?? 4)
            .map((c) => ({ case: c, score: 1, passage: { paragraph: -1, text: c.lead, terms: [q] } }))
        : [];
      return { query, normalized: q, terms: [q], hits };
    },
  };
}
