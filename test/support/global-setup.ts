import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { cacheDirOf } from "../../src/corpus/cache.ts";
import { extractDocument } from "../../src/corpus/extract/index.ts";
import { openLibrary } from "../../src/corpus/scan-articles.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A DATA_DIR with the bundled articles and their parsed cache, for tempDataDir() to copy. */
    templateDataDir: string;
  }
}

/**
 * Parses the bundled newsletter once for the whole run. Every spawned bot starts on a copy of this
 * directory, cache included, instead of parsing the corpus again in each process (tests of parsing
 * itself open their own directories).
 */
export async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "casebot-template-"));
  // Timestamps kept: the cache is keyed on each file's mtime.
  cpSync(join(project.config.root, "data", "articles"), join(dir, "articles"), { recursive: true, preserveTimestamps: true });
  // Read in this thread: the isolated reader's thread would load its modules through tsx first,
  // which costs more than the bundled newsletter does, before any test can start.
  await openLibrary(join(dir, "articles"), cacheDirOf(dir), { extract: extractDocument });
  project.provide("templateDataDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
