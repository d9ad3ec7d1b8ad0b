import { CorpusError } from "../errors.ts";
import { createLibrary } from "./library.ts";
import { listSources, parseSources } from "./store.ts";
import type { Article, CaseLibrary } from "./types.ts";

/** Reads and parses every .txt/.md newsletter under `dir`, bypassing the snapshot (tests, bench). */
export async function loadArticles(dir: string): Promise<Article[]> {
  return parseSources(dir, await listSources(dir));
}

export async function loadLibrary(dir: string): Promise<CaseLibrary> {
  const articles = await loadArticles(dir);
  if (articles.every((a) => a.cases.length === 0)) {
    throw new CorpusError(`No cases found in ${dir}: add newsletters (.txt or .md) with unit headings such as 某某县人大常委会.`);
  }
  return createLibrary(articles);
}
