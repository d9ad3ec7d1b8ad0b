import { libraryOf, listSources, parseSources } from "./store.ts";
import type { Article, CaseLibrary } from "./types.ts";

/** Reads and parses every .txt/.md newsletter under `dir`, bypassing the snapshot (tests, bench). */
export async function loadArticles(dir: string): Promise<Article[]> {
  return parseSources(dir, await listSources(dir));
}

export async function loadLibrary(dir: string): Promise<CaseLibrary> {
  return libraryOf(await loadArticles(dir), dir);
}
