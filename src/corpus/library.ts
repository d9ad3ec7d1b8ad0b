import type { Article, Case, CaseLibrary } from "./types.ts";

/** Newest article first (file names are numbered in publication order), sections in order. */
export function createLibrary(articles: Article[]): CaseLibrary {
  const sorted = [...articles].sort((a, b) => b.sourceFile.localeCompare(a.sourceFile) || b.publishedAt.localeCompare(a.publishedAt));
  const cases = sorted.flatMap((a) => a.cases);
  const byId = new Map<string, Case>();
  for (const c of cases) {
    if (byId.has(c.id)) throw new Error(`duplicate case id ${c.id} (${c.unit}); two articles share a file name?`);
    byId.set(c.id, c);
  }
  const articleById = new Map(sorted.map((a) => [a.id, a]));
  return {
    articles: sorted,
    cases,
    byId: (id) => byId.get(id.trim().toLowerCase()),
    article: (id) => articleById.get(id),
    find(idOrName) {
      const q = idOrName.trim();
      if (!q) return undefined;
      const exact = byId.get(q.toLowerCase()) ?? cases.find((c) => c.unit === q || c.place === q);
      if (exact) return exact;
      const partial = cases.filter((c) => c.unit.includes(q) || q.includes(c.place) || c.place.includes(q));
      return partial.length === 1 ? partial[0] : undefined;
    },
  };
}
