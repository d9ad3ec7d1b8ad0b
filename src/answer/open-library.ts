import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readArticleSync } from "../corpus/cache.ts";
import { cacheDirOf, fingerprintKey, libraryOf, listSources, parserVersion, scanLibrary, type SourceFingerprint } from "../corpus/scan-articles.ts";
import type { LibraryScan, StoreLogger } from "../corpus/scan-types.ts";
import { removedDirOf } from "../corpus/cache.ts";
import { quarantineDirOf } from "../corpus/quarantine.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { CorpusError } from "../errors.ts";
import { buildSearchIndex, type SearchIndex } from "../search/index.ts";
import { isDamaged, SAVED_INDEX_FILE, savedIndexAvailable, savedIndexSignature, savedIndexStamp } from "../search/saved-index.ts";
import { openSavedIndex, openSavedIndexAsync, type OpenedIndex, type SavedChange } from "../search/saved-index-open.ts";
import { syncSavedIndex, type SavedSource, type SyncResult } from "../search/saved-index-write.ts";
import { defaultGazetteer } from "../corpus/gazetteer.ts";
import { storedRegionsOf } from "./case-regions.ts";

/**
 * Where the search index comes from (design: search/DESIGN.md, "The saved index"):
 * - memory: MiniSearch, built in memory at every start from the corpus cache — the default while
 *   the library is small enough that building it costs less than a second or two;
 * - saved: SQLite FTS5 in $DATA_DIR/cache/index.sqlite, opened at start-up and changed one
 *   newsletter at a time — from SAVED_FROM_CASES cases on, or when SEARCH_INDEX=saved.
 */
export type IndexChoice = "auto" | "memory" | "saved";

/** From this many cases on, `auto` keeps the index on disk (npm run bench -- scale shows why). */
export const SAVED_FROM_CASES = 10_000;

export interface IndexedLibrary {
  library: CaseLibrary;
  index: SearchIndex;
  engine: "memory" | "saved";
  /** The articles directory as this build saw it (compared to notice changes). */
  signature: string;
  close(): void;
  /** A saved index: the file opened again after a sync that changed `change` (OpenedIndex.reopen). */
  reopen?(change: SavedChange, signature: string): Promise<IndexedLibrary>;
}

export interface OpenIndexedOptions {
  articlesDir: string;
  dataDir: string;
  choice?: IndexChoice;
  logger?: StoreLogger & { info?(obj: object, msg: string): void };
  /** Override of SAVED_FROM_CASES (tests). */
  savedFrom?: number;
  /**
   * Open a saved index as it is, without first listing the articles directory (a file per
   * newsletter): for a process that compares the directory with it right after (the live
   * library's first check), so start-up does not wait for that.
   */
  checkLater?: boolean;
}

/** The articles directory in one string: a change to any file (name, size, times) changes it. */
export function sourcesSignature(sources: readonly SourceFingerprint[]): string {
  const hash = createHash("sha256");
  for (const s of sources) hash.update(`${fingerprintKey(s)}\n`);
  return hash.digest("hex");
}

export const savedIndexPath = (dataDir: string): string => join(cacheDirOf(dataDir), SAVED_INDEX_FILE);

let regionsHash: string | undefined;
/**
 * What a saved index of this library is valid for: the search analysis and the corpus parser
 * (savedIndexStamp), and how a case's region is worked out (the place finder, the gazetteer and
 * place names), since each case's region is stored with it.
 */
export function libraryIndexStamp(): string {
  regionsHash ??= (() => {
    // The sources as this process runs them: .ts through tsx, .js in a build (dist/).
    const ext = extname(fileURLToPath(import.meta.url));
    const hash = createHash("sha1");
    const sources = ["../answer/places", "../answer/case-regions", "../corpus/gazetteer", "../corpus/units"];
    for (const f of sources) hash.update(f).update(readFileSync(new URL(f + ext, import.meta.url)));
    return hash.digest("hex").slice(0, 8);
  })();
  return savedIndexStamp(`${parserVersion()}:${regionsHash}`);
}

/** Brings the saved index at `path` in line with `sources`, each case written with its region. */
export function syncLibraryIndex(path: string, sources: readonly SavedSource[], signature: string): SyncResult {
  const gazetteer = defaultGazetteer();
  return syncSavedIndex(path, libraryIndexStamp(), sources, signature, (article) => storedRegionsOf(article, gazetteer));
}

/**
 * The library and its index. A saved index that matches the articles directory is opened as it
 * is (nothing is parsed or read but the light part of each case); otherwise the directory is
 * scanned through the corpus cache and the index brought up to date first.
 */
export async function openIndexedLibrary(opts: OpenIndexedOptions): Promise<IndexedLibrary> {
  const { articlesDir, dataDir } = opts;
  const cacheDir = cacheDirOf(dataDir);
  const choice = opts.choice ?? "auto";
  const path = savedIndexPath(dataDir);
  const canSave = choice !== "memory" && savedIndexAvailable();
  if (choice === "saved" && !canSave) {
    throw new CorpusError(
      "SEARCH_INDEX=saved needs better-sqlite3, which could not be loaded: run npm ci (it builds the module), or set SEARCH_INDEX=auto.",
    );
  }
  if (canSave) {
    const stamp = libraryIndexStamp();
    const saved = savedIndexSignature(path, stamp);
    if (saved) {
      const signature = opts.checkLater
        ? saved
        : sourcesSignature(await listSources(articlesDir, [cacheDir, removedDirOf(cacheDir), quarantineDirOf(cacheDir)], { blocking: true }));
      if (saved === signature) {
        try {
          return opened(path, signature);
        } catch (err) {
          // Damaged after it was written: scanned and built again below.
          if (!isDamaged(err)) throw err;
          opts.logger?.warn({ err }, "saved index damaged; building it again");
        }
      }
    }
  }
  const scan = await scanLibrary(articlesDir, { cacheDir, logger: opts.logger });
  const signature = sourcesSignature(scan.sources);
  if (canSave && (choice === "saved" || casesIn(scan) >= (opts.savedFrom ?? SAVED_FROM_CASES))) {
    const t = performance.now();
    const result = syncLibraryIndex(path, savedSources(scan, cacheDir), signature);
    opts.logger?.info?.(
      { added: result.added.length, removed: result.removed.length, rebuilt: result.rebuilt, ms: Math.round(performance.now() - t) },
      "saved index brought up to date",
    );
    return opened(path, signature);
  }
  const library = libraryOf(scan.articles, articlesDir, scan.skipped);
  return { library, index: buildSearchIndex(library.allCases), engine: "memory", signature, close: () => undefined };
}

/**
 * After `cli ingest` / `cli remove`: brings the saved index up to date with the scan just made,
 * when the library keeps its index on disk, so the next start opens it as it is. Returns what
 * changed, or undefined for a library searched in memory.
 */
export function updateSavedIndex(opts: Omit<OpenIndexedOptions, "articlesDir">, scan: LibraryScan): { added: number; removed: number } | undefined {
  const choice = opts.choice ?? "auto";
  if (choice === "memory" || !savedIndexAvailable()) return undefined;
  if (choice === "auto" && casesIn(scan) < (opts.savedFrom ?? SAVED_FROM_CASES)) return undefined;
  const result = syncLibraryIndex(savedIndexPath(opts.dataDir), savedSources(scan, cacheDirOf(opts.dataDir)), sourcesSignature(scan.sources));
  return { added: result.added.length, removed: result.removed.length };
}

/** A saved index just brought up to date elsewhere (the index worker), opened without holding up the event loop. */
export async function openSavedLibrary(path: string, signature: string): Promise<IndexedLibrary> {
  return withOpened(await openSavedIndexAsync(path), path, signature);
}

function opened(path: string, signature: string): IndexedLibrary {
  return withOpened(openSavedIndex(path), path, signature);
}

function withOpened(opened: OpenedIndex, path: string, signature: string): IndexedLibrary {
  const { library, index, close } = opened;
  if (library.allCases.length === 0) {
    close();
    throw new CorpusError(`No text found in the library (${path}): add newsletters (.txt, .md, .docx, .pdf, .html), or set ARTICLES_DIR.`);
  }
  return {
    library,
    index,
    engine: "saved",
    signature,
    close,
    reopen: async (change, next) => withOpened(await opened.reopen(change, next), path, next),
  };
}

/** Every case of the library's articles, from the scan's summaries (no article is read). */
export function casesIn(scan: LibraryScan): number {
  return scan.kept.reduce((n, s) => n + (s.summary?.cases ?? 0), 0);
}

/** The scan's kept sources as the saved index takes them: articles read one at a time, never all held. */
export function savedSources(scan: LibraryScan, cacheDir: string): SavedSource[] {
  return scan.kept.map((s) => ({
    file: s.file,
    key: s.articleKey ?? s.sha256,
    article: () => (s.articleKey ? readArticleSync(cacheDir, s.articleKey)?.article : undefined) ?? s.article,
  }));
}
