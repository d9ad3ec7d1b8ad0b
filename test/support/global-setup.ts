import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { openLibrary } from "../../src/corpus/scan-articles.ts";
import { cacheDirOf } from "../../src/corpus/cache.ts";

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
  await openLibrary(join(dir, "articles"), cacheDirOf(dir));
  project.provide("templateDataDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
