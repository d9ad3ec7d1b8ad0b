import { createHash } from "node:crypto";
import { newestFirst } from "./dates.ts";
import type { Article, Case, CaseLibrary, UnitEntry } from "./types.ts";

/**
 * Newest article first (by its date, then by file name, newest-numbered first; undated
 * articles after every dated one), cases in
 * article order. The same unit in several newsletters is one entry of `units` with its cases
 * newest first. `uniqueIds`: the caller guarantees case ids are unique (a saved index).
 */
export function createLibrary(articles: Article[], opts: { uniqueIds?: boolean } = {}): CaseLibrary {
  // The collator localeCompare uses, made once (a province's library sorts tens of thousands).
  const byName = new Intl.Collator().compare;
  const sorted = (opts.uniqueIds ? [...articles] : withUniqueCaseIds(articles)).sort(
    (a, b) => newestFirst(a.publishedAt, b.publishedAt) || byName(b.sourceFile, a.sourceFile),
  );
  const allCases = sorted.flatMap((a) => a.cases);
  const cases = allCases.filter((c) => c.unit);
  const byId = new Map<string, Case>();
  for (const c of allCases) byId.set(c.id, c);
  const articleById = new Map(sorted.map((a) => [a.id, a]));
  // Grouped on first use: answering a question does not need it, so start-up does not wait for it.
  let grouped: { units: UnitEntry[]; unitOf: Map<string, UnitEntry> } | undefined;
  const unitsNow = () => {
    if (grouped) return grouped;
    const units = groupUnits(cases);
    return (grouped = { units, unitOf: new Map(units.map((u) => [u.key, u])) });
  };
  const named = (q: string): UnitEntry[] => {
    const { units } = unitsNow();
    const exact = units.filter((u) => u.key === q || u.cases.some((c) => c.unit === q) || u.place === q);
    if (exact.length) return exact;
    return units.filter((u) => u.cases.some((c) => c.unit.includes(q)) || q.includes(u.place) || u.place.includes(q));
  };
  return {
    articles: sorted,
    cases,
    get units() {
      return unitsNow().units;
    },
    // An id as the library writes it is found as it is (the index asks for thousands per question).
    byId: (id) => byId.get(id) ?? byId.get(id.trim().toLowerCase()),
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
      if (exact) return exact.unit ? (unitsNow().unitOf.get(exact.unitKey)?.cases ?? [exact]) : [exact];
      const found = named(q);
      return found.length === 1 ? found[0]!.cases : [];
    },
    allCases,
  };
}

function groupUnits(cases: readonly Case[]): UnitEntry[] {
  const byKey = new Map<string, Case[]>();
  for (const c of cases) {
    const list = byKey.get(c.unitKey);
    if (list) list.push(c);
    else byKey.set(c.unitKey, [c]);
  }
  // `cases` is already newest article first, so each unit's first case is its newest.
  return [...byKey].map(([key, list]) => ({ key, unit: list[0]!.unit, level: list[0]!.level, place: list[0]!.place, cases: list }));
}

/**
 * Case ids are short hashes (8 hex digits): in a province's library of 100,000 cases two of them
 * are likely to coincide. Of cases sharing an id, the one whose article id sorts first keeps it
 * (the same one at every start, whatever was added when); the others get the id with a suffix
 * of their own (caseIdSuffixed), so links to both keep working.
 */
function withUniqueCaseIds(articles: readonly Article[]): Article[] {
  const owner = new Map<string, string>();
  let clash = false;
  for (const a of articles) {
    for (const c of a.cases) {
      const seen = owner.get(c.id);
      if (seen === undefined || a.id < seen) {
        if (seen !== undefined) clash = true;
        owner.set(c.id, a.id);
      } else clash = true;
    }
  }
  if (!clash) return [...articles];
  return articles.map((a) =>
    a.cases.every((c) => owner.get(c.id) === a.id) ? a : { ...a, cases: a.cases.map((c) => (owner.get(c.id) === a.id ? c : { ...c, id: caseIdSuffixed(c) })) },
  );
}

/** The id a case gets when another article's case already has its id. */
export function caseIdSuffixed(c: Pick<Case, "id" | "articleId">): string {
  return `${c.id}-${createHash("sha1").update(`${c.articleId}\n${c.id}`).digest("hex").slice(0, 4)}`;
}
