/** Services over a live library in a scratch DATA_DIR: what startApp builds, for in-process upload tests. */
import { rmSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLiveLibrary, type LiveLibrary } from "../../src/answer/live.ts";
import { createCollection } from "../../src/corpus/collection.ts";
import { cacheDirOf, scanLibrary } from "../../src/corpus/store.ts";
import { createNewsletters } from "../../src/interaction/newsletters.ts";
import { testServices, type TestServices } from "./services.ts";

export type LiveTestServices = TestServices & { live: LiveLibrary; dataDir: string };

let template: Promise<string> | undefined;

/**
 * A fresh DATA_DIR holding the bundled newsletter and its cache. The parsed cache is made once
 * per test worker and copied with the files' times, so opening a copy parses nothing.
 */
export async function scratchDataDir(prefix = "casebot-live-"): Promise<string> {
  template ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "casebot-template-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    await cp("data/articles", join(dir, "articles"), { recursive: true, preserveTimestamps: true });
    await scanLibrary(join(dir, "articles"), { cacheDir: cacheDirOf(dir) });
    return dir;
  })();
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await cp(await template, dir, { recursive: true, preserveTimestamps: true });
  return dir;
}

/** Services over a scratch DATA_DIR; the live library is not watched (uploads refresh it). */
export async function liveTestServices(opts: { now?: () => Date } = {}): Promise<LiveTestServices> {
  const dataDir = await scratchDataDir();
  const articlesDir = join(dataDir, "articles");
  const live = await openLiveLibrary({ articlesDir, dataDir, watch: false });
  const newsletters = createNewsletters(createCollection({ articlesDir, dataDir, now: opts.now }), live);
  return { ...testServices({ library: live.library, answerer: live.answerer, now: opts.now }), live, newsletters, dataDir };
}
