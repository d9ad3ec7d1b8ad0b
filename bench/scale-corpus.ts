import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { updateSavedIndex } from "../src/answer/open-library.ts";
import { createCollection } from "../src/corpus/collection.ts";
import type { NewDocument } from "../src/corpus/collection-types.ts";
import { syntheticNewsletters, type SyntheticUnit } from "../test/support/newsletters.ts";

/**
 * A data directory of synthetic newsletters (test/support/newsletters.ts) for `npm run bench --
 * scale`, ingested the way `cli ingest <dir>` does and with its saved index. Built once per size
 * under the system's temp directory and reused by later runs (it is derived data: delete it to
 * build it again); `ready` says whether this run had to build it and how long that took.
 */
export interface ScaleCorpus {
  dataDir: string;
  articlesDir: string;
  newsletters: number;
  /** Probes (a unit's place and its named practice), spread over the corpus, at most PROBES. */
  questions: SyntheticUnit[];
  built?: { ms: number };
  /** Reused, but parsed or indexed again first (the parser or the index changed since it was built). */
  refreshed?: { ms: number };
}

export const SCALE_SEED = 19;
const PROBES = 1000;

export async function scaleCorpus(newsletters: number): Promise<ScaleCorpus> {
  const dataDir = join(tmpdir(), `casebot-bench-scale-${SCALE_SEED}-${newsletters}`);
  const articlesDir = join(dataDir, "articles");
  const questionsFile = join(dataDir, "questions.json");
  if (existsSync(join(dataDir, "ready"))) {
    // Parsed and indexed by this code (a change to the parser or the index makes both stale),
    // so the probes time opening the library, not bringing it up to date.
    const t = performance.now();
    const update = updateSavedIndex({ dataDir, choice: "saved" }, await createCollection({ articlesDir, dataDir }).scan());
    const questions = JSON.parse(readFileSync(questionsFile, "utf8")) as SyntheticUnit[];
    return { dataDir, articlesDir, newsletters, questions, ...(update && update.added > 0 && { refreshed: { ms: performance.now() - t } }) };
  }
  const t = performance.now();
  mkdirSync(articlesDir, { recursive: true });
  const questions: SyntheticUnit[] = [];
  const collection = createCollection({ articlesDir, dataDir });
  const modifiedAt = new Date("2025-06-01T00:00:00Z");
  const every = Math.max(1, Math.floor((newsletters * 5) / PROBES));
  function* docs(): Generator<NewDocument> {
    let n = 0;
    for (const doc of syntheticNewsletters(newsletters, SCALE_SEED)) {
      for (const u of doc.units) if (n++ % every === 0 && questions.length < PROBES) questions.push(u);
      yield { fileName: doc.fileName, bytes: Buffer.from(doc.text), modifiedAt };
    }
  }
  const scan = await collection.addDocuments(docs(), (r) => {
    if (r instanceof Error) throw r;
  });
  updateSavedIndex({ dataDir, choice: "saved" }, scan);
  writeFileSync(questionsFile, JSON.stringify(questions));
  writeFileSync(join(dataDir, "ready"), new Date().toISOString());
  return { dataDir, articlesDir, newsletters, questions, built: { ms: performance.now() - t } };
}
