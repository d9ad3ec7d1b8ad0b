/**
 * The saved index's build work in a worker thread (live.ts): scanning the articles directory
 * through the corpus cache (parsing what is new) and writing the changed rows, so the thread that
 * answers questions only swaps in the result.
 */
import { parentPort } from "node:worker_threads";
import { cacheDirOf, scanLibrary, type SourceFingerprint } from "../corpus/scan-articles.ts";
import { casesIn, savedIndexPath, savedSources, sourcesSignature, syncLibraryIndex, type IndexChoice } from "./open-library.ts";

export interface IndexJob {
  articlesDir: string;
  dataDir: string;
  choice: IndexChoice;
  savedFrom: number;
  /** The articles directory as the live library just listed it: the scan does not list it again. */
  listed?: readonly SourceFingerprint[];
}

export interface IndexJobResult {
  /** The articles directory as the scan saw it. */
  signature: string;
  /** The library is (now) in the saved index; false: it is small enough for memory. */
  saved: boolean;
  /** Article ids whose rows were written, deleted, or had case ids changed (SyncResult). */
  added: string[];
  removed: string[];
  renamed: string[];
  previous: string;
  /** The file was built from scratch: nothing of an earlier build of it can be kept. */
  rebuilt: boolean;
  warnings: Array<{ file: string; reason: string }>;
}

const NOTHING = { added: [], removed: [], renamed: [], previous: "", rebuilt: false };

async function run(job: IndexJob): Promise<IndexJobResult> {
  const cacheDir = cacheDirOf(job.dataDir);
  const scan = await scanLibrary(job.articlesDir, { cacheDir, listed: job.listed });
  const signature = sourcesSignature(scan.sources);
  const warnings = scan.skipped.map((s) => ({ file: s.file, reason: s.reason }));
  if (job.choice !== "saved" && casesIn(scan) < job.savedFrom) return { signature, saved: false, ...NOTHING, warnings };
  const result = syncLibraryIndex(savedIndexPath(job.dataDir), savedSources(scan, cacheDir), signature);
  const { added, removed, renamed, previous, rebuilt } = result;
  return { signature, saved: true, added, removed, renamed, previous, rebuilt, warnings };
}

const port = parentPort;
if (port) {
  port.on("message", (job: IndexJob) => {
    run(job).then(
      (result) => port.postMessage({ result }),
      (err: unknown) => port.postMessage({ error: (err as Error)?.stack ?? String(err) }),
    );
  });
}
