import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { CorpusError } from "../errors.ts";
import { createLibrary } from "./library.ts";
import { parseArticle } from "./parse.ts";
import type { Article, CaseLibrary } from "./types.ts";

const SOURCE_EXT = /\.(txt|md)$/i;

/** Reads every .txt/.md newsletter under `dir` (recursively) and parses it. */
export async function loadArticles(dir: string): Promise<Article[]> {
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true })).filter((f) => SOURCE_EXT.test(f)).sort();
  } catch (err) {
    throw new CorpusError(`Cannot read the articles directory ${dir}: ${(err as Error).message}. Set ARTICLES_DIR or DATA_DIR.`);
  }
  const articles: Article[] = [];
  for (const f of files) {
    const path = join(dir, f);
    const [text, info] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    articles.push(parseArticle({ text, sourceFile: relative(dir, path), publishedAt: info.mtime.toISOString() }));
  }
  return articles;
}

export async function loadLibrary(dir: string): Promise<CaseLibrary> {
  const articles = await loadArticles(dir);
  if (articles.every((a) => a.cases.length === 0)) {
    throw new CorpusError(`No cases found in ${dir}: add newsletters (.txt or .md) with unit headings such as 某某县人大常委会.`);
  }
  return createLibrary(articles);
}
