import { watch as fsWatch } from "node:fs";
import { cacheDirOf, removedDirOf } from "../corpus/cache.ts";
import { quarantineDirOf } from "../corpus/quarantine.ts";
import { listSources, type SourceFingerprint } from "../corpus/scan-articles.ts";
import type { StoreLogger } from "../corpus/scan-types.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { createAnswerer } from "./answerer.ts";
import { runIndexJob, startIndexWorker, stopIndexWorker } from "./index-thread.ts";
import {
  openIndexedLibrary, openSavedLibrary, SAVED_FROM_CASES, savedIndexPath, sourcesSignature, type IndexChoice, type IndexedLibrary,
} from "./open-library.ts";
import type { Answerer } from "./types.ts";

/**
 * The library a running process answers from, kept current with the articles directory
 * (design: LIVE.md). Whoever holds `library` / `answerer` holds views that always read the
 * newest complete build, so commands, inline mode, buttons and the digest see a swap without
 * being told. A rebuild reads the directory through the cache and builds a new index aside;
 * the swap is one assignment, so a question is answered wholly from the old build or wholly
 * from the new one. A build that fails (a corpus with no text left, a bug) keeps the old one.
 */
export interface LiveSnapshot {
  library: CaseLibrary;
  answerer: Answerer;
  /** 1 for the build at start-up, +1 per swap. */
  version: number;
}

export interface LiveLibrary {
  /** A view of the current build's library. */
  readonly library: CaseLibrary;
  /** A view of the current build's answerer. */
  readonly answerer: Answerer;
  current(): LiveSnapshot;
  /**
   * Compares the articles directory with the current build and rebuilds when they differ;
   * resolves once the newest state is swapped in (true) or nothing changed (false). Calls
   * during a rebuild share one follow-up rebuild.
   */
  refresh(): Promise<boolean>;
  /** Watches the directory (fs.watch, debounced) and polls it as a fallback. */
  start(): void;
  /** Stops watching; waits for a rebuild in progress. */
  stop(): Promise<void>;
}

/** The timers the watcher uses; tests pass fakes so nothing waits for wall time. */
export interface LiveTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Calls `onChange` whenever something under `dir` may have changed; returns how to stop. */
export type WatchFn = (dir: string, onChange: () => void) => () => void;

export interface LiveLibraryOptions {
  articlesDir: string;
  dataDir: string;
  logger?: StoreLogger & { info?(obj: object, msg: string): void };
  /** Poll interval (the fallback where fs.watch misses events: network shares, some containers). */
  pollMs?: number;
  /** Quiet time after a file-system event before the directory is compared (a copy in progress). */
  debounceMs?: number;
  timers?: LiveTimers;
  /** fs.watch (recursive) by default; false polls only. */
  watch?: WatchFn | false;
  /** SEARCH_INDEX (open-library.ts). */
  searchIndex?: IndexChoice;
  /** Override of SAVED_FROM_CASES (tests). */
  savedFrom?: number;
}

/** How long the file of a replaced saved index stays open for cases still being shown from it. */
const RETIRE_MS = 10 * 60_000;

export const LIVE_POLL_MS = 2_000;
export const LIVE_DEBOUNCE_MS = 300;

const realTimers: LiveTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => setInterval(fn, ms).unref(),
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/** fs.watch on the whole tree; a directory that does not exist yet (or a platform without recursive watching) is left to the poll. */
export const watchTree: WatchFn = (dir, onChange) => {
  try {
    const watcher = fsWatch(dir, { recursive: true, persistent: false }, () => onChange());
    watcher.on("error", () => watcher.close());
    return () => watcher.close();
  } catch {
    return () => undefined;
  }
};

/** Builds the first library (throws like openLibrary when there is nothing to answer from). */
export async function openLiveLibrary(opts: LiveLibraryOptions): Promise<LiveLibrary> {
  const { articlesDir, logger } = opts;
  const cacheDir = cacheDirOf(opts.dataDir);
  const exclude = [cacheDir, removedDirOf(cacheDir), quarantineDirOf(cacheDir)];
  const timers = opts.timers ?? realTimers;
  const choice = opts.searchIndex ?? "auto";
  const savedFrom = opts.savedFrom ?? SAVED_FROM_CASES;
  const retired: Array<() => void> = [];

  const snapshotOf = (built: IndexedLibrary): Omit<LiveSnapshot, "version"> & { built: IndexedLibrary } => ({
    library: built.library,
    answerer: createAnswerer(built.library, built.index),
    built,
  });
  /**
   * A saved index is brought up to date in a worker thread (scanning, parsing, writing rows) and
   * only opened here; a library searched in memory is small and rebuilt here.
   */
  const build = async (listed: readonly SourceFingerprint[]): Promise<Omit<LiveSnapshot, "version"> & { built: IndexedLibrary }> => {
    if (choice !== "memory" && (current.built.engine === "saved" || choice === "saved")) {
      const job = await runIndexJob({ articlesDir, dataDir: opts.dataDir, choice, savedFrom, listed });
      for (const w of job.warnings) logger?.warn(w, "newsletter left out of the library");
      if (job.saved) {
        // Only the articles the worker changed are read again; the rest come from the current build.
        const { reopen } = current.built;
        const next = reopen && !job.rebuilt ? await reopen(job, job.signature) : await openSavedLibrary(savedIndexPath(opts.dataDir), job.signature);
        return snapshotOf(next);
      }
    }
    return snapshotOf(await openIndexedLibrary({ articlesDir, dataDir: opts.dataDir, choice, logger, savedFrom }));
  };

  // A saved index is opened as it is; the directory is compared with it by the first refresh().
  const first = await openIndexedLibrary({ articlesDir, dataDir: opts.dataDir, choice, logger, savedFrom, checkLater: true });
  let current: LiveSnapshot & { built: IndexedLibrary } = { ...snapshotOf(first), version: 1 };
  // The worker a change to a library on disk needs, started once the first answers are out of the way.
  let warming: unknown = first.engine === "saved" ? timers.setTimeout(startIndexWorker, opts.pollMs ?? LIVE_POLL_MS) : undefined;
  /** What the current build (or the last failed attempt) was made from. */
  let builtFrom = current.built.signature;

  let running: Promise<boolean> | undefined;
  let again: Promise<boolean> | undefined;
  const rebuildIfChanged = async (): Promise<boolean> => {
    const listed = await listSources(articlesDir, exclude);
    const now = sourcesSignature(listed);
    if (now === builtFrom) return false;
    try {
      const next = await build(listed);
      builtFrom = next.built.signature;
      const old = current.built;
      current = { ...next, version: current.version + 1 };
      // Cases of the old build may still be shown (a “more” button): its file stays open a while.
      const handle = timers.setTimeout(() => old.close(), RETIRE_MS);
      retired.push(() => {
        timers.clearTimeout(handle);
        old.close();
      });
      logger?.info?.({ version: current.version, articles: current.library.articles.length, cases: current.library.cases.length }, "library rebuilt");
      return true;
    } catch (err) {
      // The old build keeps answering; the same directory state is not retried until it changes.
      builtFrom = now;
      logger?.warn({ err }, "library rebuild failed; still answering from the previous build");
      return false;
    }
  };
  const refresh = (): Promise<boolean> => {
    if (!running) {
      running = rebuildIfChanged().finally(() => (running = undefined));
      return running;
    }
    // A change that arrived during a build is looked at once that build is done.
    again ??= running.then(() => {
      again = undefined;
      return refresh();
    });
    return again;
  };
  const check = (): void => {
    refresh().catch((err: unknown) => logger?.warn({ err }, "library check failed"));
  };

  let stopWatch: (() => void) | undefined;
  let poll: unknown;
  let debounce: unknown;
  const onEvent = (): void => {
    if (debounce !== undefined) timers.clearTimeout(debounce);
    debounce = timers.setTimeout(() => {
      debounce = undefined;
      check();
    }, opts.debounceMs ?? LIVE_DEBOUNCE_MS);
  };

  const library: CaseLibrary = {
    get articles() {
      return current.library.articles;
    },
    get cases() {
      return current.library.cases;
    },
    get allCases() {
      return current.library.allCases;
    },
    get units() {
      return current.library.units;
    },
    byId: (id) => current.library.byId(id),
    article: (id) => current.library.article(id),
    find: (q) => current.library.find(q),
    casesOf: (q) => current.library.casesOf(q),
  };

  return {
    library,
    answerer: { ask: (q, o) => current.answerer.ask(q, o) },
    current: () => current,
    refresh,
    start() {
      if (poll !== undefined) return;
      const watch = opts.watch === undefined ? watchTree : opts.watch;
      if (watch) stopWatch = watch(articlesDir, onEvent);
      poll = timers.setInterval(check, opts.pollMs ?? LIVE_POLL_MS);
    },
    async stop() {
      stopWatch?.();
      stopWatch = undefined;
      if (poll !== undefined) timers.clearInterval(poll);
      if (debounce !== undefined) timers.clearTimeout(debounce);
      if (warming !== undefined) timers.clearTimeout(warming);
      poll = debounce = warming = undefined;
      await (again ?? running)?.catch(() => undefined);
      for (const close of retired.splice(0)) close();
      current.built.close();
      stopIndexWorker();
    },
  };
}
