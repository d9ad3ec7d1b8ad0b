import { newestFirst } from "./dates.ts";
import type { Article, Case, CaseLibrary, UnitEntry } from "./types.ts";

/**
 * Newest article first (by its date, then by file name, newest-numbered first; undated
 * articles after every dated one), cases in
 * article order. The same unit in several newsletters is one entry of `units` with its cases
 * newest first.
 */
export function createLibrary(articles: Article[]): CaseLibrary {
  const sorted = [...articles].sort((a, b) => newestFirst(a.publishedAt, b.publishedAt) || b.sourceFile.localeCompare(a.sourceFile));
  const allCases = sorted.flatMap((a) => a.cases);
  const cases = allCases.filter((c) => c.unit);
  const byId = new Map<string, Case>();
  for (const c of allCases) {
    if (byId.has(c.id)) throw new Error(`duplicate case id ${c.id} (${c.unit}); two articles share a file name?`);
    byId.set(c.id, c);
  }
  const articleById = new Map(sorted.map((a) => [a.id, a]));
  const units = groupUnits(cases);
  const unitOf = new Map(units.map((u) => [u.key, u]));
  const named = (q: string): UnitEntry[] => {
    const exact = units.filter((u) => u.key === q || u.cases.some((c) => c.unit === q) || u.place === q);
    if (exact.length) return exact;
    return units.filter((u) => u.cases.some((c) => c.unit.includes(q)) || q.includes(u.place) || u.place.includes(q));
  };
  return {
    articles: sorted,
    cases,
    units,
    byId: (id) => byId.get(id.trim().toLowerCase()),
    article: (id) => articleById.get(id),
    find(idOrName) {
      const q = idOrName.trim();
      if (!q) return undefined;
      const exact = byId.get(q.toLowerCase());
      if (exact) return exact;
      const found = named(q);
      return found.length === 1 ? found[0]!.cases[0] : undefined;
    },
    casesOf(idOrName) {
      const q = idOrName.trim();
      if (!q) return [];
      const exact = byId.get(q.toLowerCase());
      if (exact) return exact.unit ? (unitOf.get(exact.unitKey)?.cases ?? [exact]) : [exact];
      const found = named(q);
      return found.length === 1 ? found[0]!.cases : [];
    },
    allCases,
  };
}

function groupUnits(cases: readonly Case[]): UnitEntry[] {
  const byKey = new Map<string, Case[]>();
  for (const c of cases) {
    byKey.set(c.unitKey, [...(byKey.get(c.unitKey) ?? []), c]);
  }
  // `cases` is already newest article first, so each unit's first case is its newest.
  return [...byKey].map(([key, list]) => ({ key, unit: list[0]!.unit, level: list[0]!.level, place: list[0]!.place, cases: list }));
}
