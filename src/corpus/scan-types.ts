import type { SourceFingerprint, SourceRecord } from "./cache.ts";
import type { ExtractFn } from "./extract/index.ts";
import type { QuarantineNote } from "./quarantine.ts";
import type { ReadFn } from "./reading.ts";
import type { Article } from "./types.ts";

// The shapes of a scan of the articles directory (scan-articles.ts) and of its sources.

/** Minimal logger the store reports skipped files to (pino's signature). */
export interface StoreLogger {
  warn(obj: object, msg: string): void;
}

export interface ScanOptions {
  /** DATA_DIR/cache. Without it nothing is read from or written to a cache. */
  cacheDir?: string;
  /** Write what had to be read back to the cache (default: whenever cacheDir is set). */
  write?: boolean;
  /** Extract in this thread with this function (tests count extractions); else the isolated reader. */
  extract?: ExtractFn;
  /** The isolated reader to use (tests pass one with small limits); the process's shared one by default. */
  read?: ReadFn;
  logger?: StoreLogger;
  now?: () => Date;
  /** The articles directory as the caller just listed it (listSources): not listed again. */
  listed?: readonly SourceFingerprint[];
}

/** How this scan got a source's record. */
export type SourceOrigin = "cache" | "blocks" | "extracted";

export interface ScannedSource extends SourceRecord {
  origin: SourceOrigin;
}

export interface SkippedSource {
  file: string;
  /** Chinese, for editors and the ingest report. */
  reason: string;
}

export interface LibraryScan {
  sources: ScannedSource[];
  /**
   * What the library is made of: readable, neither a duplicate nor an id conflict. Read from
   * the article files on first use: a scan that only compares or counts never loads them.
   */
  readonly articles: Article[];
  /** The sources `articles` come from, in the same order. */
  kept: ScannedSource[];
  skipped: SkippedSource[];
  stats: Record<SourceOrigin | "failed", number>;
  /** The cache was (re)written. */
  wrote: boolean;
  /** Moved to quarantine by this scan (quarantine.ts). */
  quarantined: QuarantineNote[];
}

export type LibrarySource = "cache" | "articles";
