import type { CaseLibrary } from "../corpus/types.ts";
import type { Logger } from "../logger.ts";
import { createAnswerer } from "./answerer.ts";
import { openIndexedLibrary, type IndexChoice } from "./open-library.ts";
import type { Answerer } from "./types.ts";

/**
 * The corpus (through the per-file cache, see corpus/ARTICLES.md) and its search index (in memory,
 * or the saved index on disk for a large library: open-library.ts). Kept apart from app/start.ts so
 * that the CLI's read-only commands load only what answering needs.
 */
export async function openAnswering(
  dirs: { articlesDir: string; dataDir: string; searchIndex?: IndexChoice },
  logger?: Logger,
): Promise<{ library: CaseLibrary; answerer: Answerer }> {
  const { library, index, engine } = await openIndexedLibrary({ articlesDir: dirs.articlesDir, dataDir: dirs.dataDir, choice: dirs.searchIndex, logger });
  logger?.debug({ engine, cases: library.cases.length }, "corpus opened");
  return { library, answerer: createAnswerer(library, index) };
}
