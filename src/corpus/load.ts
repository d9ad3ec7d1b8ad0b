import { scanLibrary, libraryOf } from "./scan-articles.ts";
import type { StoreLogger } from "./scan-types.ts";
import type { Article, CaseLibrary } from "./types.ts";

/**
 * Reads and parses every newsletter under `dir` without any cache (tests, bench). Files that
 * cannot be read are left out (and logged when a logger is given), as at start-up.
 */
export async function loadArticles(dir: string, logger?: StoreLogger): Promise<Article[]> {
  return (await scanLibrary(dir, { logger })).articles;
}

export async function loadLibrary(dir: string, logger?: StoreLogger): Promise<CaseLibrary> {
  const scan = await scanLibrary(dir, { logger });
  return libraryOf(scan.articles, dir, scan.skipped);
}
