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
  // Every temporary directory of the run (tests', spawned bots', benchmarks' probes) goes under
  // one, removed at the end: test files need not each clean up after themselves, and a
  // developer's /tmp does not fill up run after run. Workers and spawned processes inherit TMPDIR.
  const previous = process.env.TMPDIR;
  const run = mkdtempSync(join(tmpdir(), "casebot-test-run-"));
  process.env.TMPDIR = run;
  const dir = mkdtempSync(join(tmpdir(), "casebot-template-"));
  // Timestamps kept: the cache is keyed on each file's mtime.
  cpSync(join(project.config.root, "data", "articles"), join(dir, "articles"), { recursive: true, preserveTimestamps: true });
  // Read in this thread: the isolated reader's thread would load its modules through tsx first,
  // which costs more than the bundled newsletter does, before any test can start.
  await openLibrary(join(dir, "articles"), cacheDirOf(dir), { extract: extractDocument });
  project.provide("templateDataDir", dir);
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(run, { recursive: true, force: true });
  };
}
