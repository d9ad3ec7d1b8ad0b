import { cacheDirOf, openLibrary } from "../corpus/store.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import type { Logger } from "../logger.ts";
import { createAnswerer } from "./answerer.ts";
import type { Answerer } from "./types.ts";

/**
 * The corpus (through the per-file cache, see corpus/STORE.md) and its search index.
 * Kept apart from app.ts so that the CLI's read-only commands load only what answering needs.
 */
export async function openAnswering(dirs: { articlesDir: string; dataDir: string }, logger?: Logger): Promise<{ library: CaseLibrary; answerer: Answerer }> {
  const { library, source } = await openLibrary(dirs.articlesDir, cacheDirOf(dirs.dataDir), { logger });
  logger?.debug({ source, cases: library.cases.length }, "corpus opened");
  return { library, answerer: createAnswerer(library) };
}
