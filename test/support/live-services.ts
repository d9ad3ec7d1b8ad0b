/** Services over a live library in a scratch DATA_DIR: what startApp builds, for in-process upload tests. */
import { join } from "node:path";
import { openLiveLibrary, type LiveLibrary } from "../../src/answer/live.ts";
import { createCollection } from "../../src/corpus/collection.ts";
import { createNewsletters } from "../../src/interaction/newsletters.ts";
import { testServices, type TestServices } from "./services.ts";
import { tempDataDir } from "./spawn-app.ts";

export type LiveTestServices = TestServices & { live: LiveLibrary; dataDir: string };

/** Services over a copy of the bundled DATA_DIR (cache included); the live library is not watched (uploads refresh it). */
export async function liveTestServices(opts: { now?: () => Date } = {}): Promise<LiveTestServices> {
  const dataDir = tempDataDir();
  const articlesDir = join(dataDir, "articles");
  const live = await openLiveLibrary({ articlesDir, dataDir, watch: false });
  // Links point at the test's local document server: allowed as INGEST_ALLOWED_HOSTS would.
  const newsletters = createNewsletters(createCollection({ articlesDir, dataDir, now: opts.now }), live, { fetch: { allowedHosts: ["127.0.0.1"] } });
  return { ...testServices({ library: live.library, answerer: live.answerer, now: opts.now }), live, newsletters, dataDir };
}
