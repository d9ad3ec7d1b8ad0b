import { copyFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { Low } from "lowdb";
import { StateFileError, StateWriteError } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { nodeStateFiles, quarantinePathOf, type StateFiles } from "./state-files.ts";
import { jsonLines } from "./journal.ts";
import { loadSnapshot, replayJournal, snapshotProblem, type JournalLine, type QuarantinedRecord } from "./state-load.ts";
import { track } from "./tracking.ts";
import { emptyState, type State } from "./types.ts";

export interface StateStore {
  /** Current state; treat as read-only outside update() and change(). */
  readonly data: State;
  /**
   * Applies `fn` to the state right away (calls apply in call order, never interleaved) and resolves
   * once a full write of db.json containing the change has replaced the file. When the write fails,
   * the records `fn` touched are put back as they were and the promise rejects with StateWriteError.
   */
  update<T>(fn: (s: State) => T): Promise<T>;
  /**
   * Like update(), for small record-level changes (a new chat, a subscription): the change is
   * appended to the journal as the records it changed instead of rewriting db.json, so its cost does
   * not grow with the state. `fn` must reach every record it changes through `s`.
   */
  change<T>(fn: (s: State) => T): Promise<T>;
  /** Writes db.json now and empties the change journal. */
  checkpoint(): Promise<void>;
  /**
   * Waits for the writes in flight, then releases the files (the journal's handle). Call it when
   * done with the store: a handle left to the garbage collector is a Node deprecation (DEP0137).
   */
  close(): Promise<void>;
  readonly file: string | undefined;
}

export interface StateStoreOptions {
  now?: () => Date;
  /** Where quarantine warnings go. */
  logger?: Pick<Logger, "warn" | "info">;
  /** The files behind the store (tests make writes fail through this). */
  files?: StateFiles;
  /** The journal is folded into db.json once it is larger than this and than db.json itself. */
  checkpointMinBytes?: number;
}

/**
 * Opens the lowdb state file with an explicit adapter (JSONFilePreset would silently switch to
 * memory under NODE_ENV=test). lowdb writes through steno: a temp file, then rename, so a kill
 * mid-write leaves the old or the new file, never half of one. See STATE.md.
 *
 * A file that does not parse is refused: it is copied aside and left untouched, and start-up
 * stops with a message saying where the copy is. A file that parses but holds malformed records
 * loads without them: they go to db.quarantine.json with a warning.
 */
export async function openStateStore(file: string, nowOrOptions: (() => Date) | StateStoreOptions = {}): Promise<StateStore> {
  const opts: StateStoreOptions = typeof nowOrOptions === "function" ? { now: nowOrOptions } : nowOrOptions;
  const now = opts.now ?? (() => new Date());
  const files = opts.files ?? nodeStateFiles(file);
  await mkdir(dirname(file), { recursive: true }).catch((err: unknown) => {
    throw unwritable(file, err);
  });
  await files.removeLeftovers().catch(() => undefined);

  const text = await files.readSnapshotText().catch((err: unknown) => {
    throw new StateFileError(`Cannot read state file ${file}: ${(err as Error).message}`);
  });
  let state = emptyState();
  const quarantined: QuarantinedRecord[] = [];
  if (text !== undefined) {
    const problem = snapshotProblem(text);
    if (problem !== undefined) await refuse(file, problem, now());
    const loaded = loadSnapshot(text, now());
    state = loaded.state;
    quarantined.push(...loaded.quarantined);
  }
  const replay = replayJournal(state, await files.readJournal(), now());
  quarantined.push(...replay.quarantined);
  if (quarantined.length) await quarantine(files, quarantined, opts.logger);
  if (replay.applied || replay.torn) opts.logger?.info({ changes: replay.applied, torn: replay.torn }, "state: replayed the change journal");

  const db = new Low<State>(files.snapshot, state);
  const store = createStore(db, files, file, replay.lastSeq, opts.checkpointMinBytes ?? 1 << 20, text?.length ?? 0);
  try {
    // A fresh file, a replayed journal or removed records: write the clean snapshot now. Otherwise
    // probe the directory with an empty append, so a read-only data dir is found at start-up.
    if (text === undefined || quarantined.length || replay.applied || replay.torn) await store.checkpoint();
    else await files.appendJournal("");
  } catch (err) {
    throw unwritable(file, err instanceof StateWriteError ? err.cause : err);
  }
  return store;
}

/** A store that lives in memory only: tests and the console demo's throwaway state. */
export function memoryStateStore(initial: State = emptyState()): StateStore {
  const files: StateFiles = {
    path: ":memory:",
    snapshot: { read: async () => initial, write: async () => {} },
    lastSnapshotSize: 0,
    readSnapshotText: async () => undefined,
    appendJournal: async () => {},
    readJournal: async () => "",
    resetJournal: async () => {},
    readQuarantine: async () => undefined,
    writeQuarantine: async () => {},
    removeLeftovers: async () => {},
    close: async () => {},
  };
  return createStore(new Low<State>(files.snapshot, initial), files, undefined, 0, Infinity, 0);
}

interface Pending {
  /** A journal line; undefined for a change that needs a full write. */
  line?: string;
  resolve(): void;
  reject(err: unknown): void;
  rollback(): void;
}

function createStore(db: Low<State>, files: StateFiles, file: string | undefined, lastSeq: number, minBytes: number, initialSize: number): StateStore {
  // Group commit: every change applies at once, in call order, and resolves after a write that
  // includes it. Changes arriving while a write is in flight share the next one: one journal append
  // for a batch of journaled changes, or one db.json write when any of them needs it (which then
  // covers the journaled ones too). A failed write undoes its batch and everything applied after it,
  // newest first, so memory ends as it was before the first failed change.
  let seq = lastSeq;
  let journalBytes = 0;
  let queue: Pending[] = [];
  let flushing: Promise<void> | undefined;

  const writeSnapshot = async (): Promise<void> => {
    db.data.journalSeq = seq;
    await db.write();
    journalBytes = 0;
    // The snapshot covers every journal line (journalSeq says so); emptying the file only saves replay time.
    await files.resetJournal().catch(() => undefined);
  };

  const flush = async (): Promise<void> => {
    while (queue.length) {
      const batch = queue;
      queue = [];
      const full = batch.some((p) => p.line === undefined) || journalBytes > Math.max(minBytes, files.lastSnapshotSize || initialSize);
      try {
        if (full) await writeSnapshot();
        else {
          const text = batch.map((p) => p.line).join("");
          await files.appendJournal(text);
          journalBytes += text.length;
        }
        for (const p of batch) p.resolve();
      } catch (err) {
        const failed = [...batch, ...queue];
        queue = [];
        for (const p of [...failed].reverse()) p.rollback();
        await files.removeLeftovers().catch(() => undefined);
        const error = new StateWriteError(`Could not write the state file ${files.path}: ${(err as Error).message}; the change was undone`, { cause: err });
        for (const p of failed) p.reject(error);
      }
    }
    flushing = undefined;
  };

  const enqueue = <T>(fn: (s: State) => T, journaled: boolean): Promise<T> => {
    const tracked = track(db.data);
    let result: T;
    try {
      result = fn(tracked.view);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    let line: string | undefined;
    if (journaled && !tracked.wholesale) {
      const ops = tracked.ops();
      // Nothing changed: nothing to write.
      if (!ops.length) return Promise.resolve(result);
      line = jsonLines([{ seq: ++seq, ops } satisfies JournalLine]);
    }
    return new Promise<T>((resolve, reject) => {
      queue.push({ line, resolve: () => resolve(result), reject, rollback: () => tracked.rollback() });
      flushing ??= flush();
    });
  };

  return {
    get data() {
      return db.data;
    },
    file,
    update: (fn) => enqueue(fn, false),
    change: (fn) => enqueue(fn, true),
    checkpoint: () => enqueue(() => undefined, false),
    async close() {
      while (flushing) await flushing;
      await files.close();
    },
  };
}

async function refuse(file: string, problem: string, at: Date): Promise<never> {
  const backup = `${file}.corrupt-${at.toISOString().replace(/[:.]/g, "-")}`;
  await copyFile(file, backup);
  throw new StateFileError(
    `State file ${file} is unreadable (${problem}). A copy was kept at ${backup}; the original was not touched. ` +
      `Repair it by hand, or move it away to start with empty state (subscriptions and push history would be lost).`,
  );
}

/** Appends the records to db.quarantine.json (kept with their problem, never dropped) and warns. */
async function quarantine(files: StateFiles, records: QuarantinedRecord[], logger: StateStoreOptions["logger"]): Promise<void> {
  let kept: unknown[] = [];
  try {
    const old = JSON.parse((await files.readQuarantine()) ?? "[]") as unknown;
    if (Array.isArray(old)) kept = old;
  } catch {
    // An unreadable quarantine file is replaced by one that at least holds these records.
  }
  await files.writeQuarantine(JSON.stringify([...kept, ...records], null, 2)).catch((err: unknown) => {
    throw unwritable(files.path, err);
  });
  for (const r of records) {
    logger?.warn(
      { collection: r.collection, key: r.key, problem: r.problem, source: r.source, file: quarantinePathOf(files.path) },
      "state: quarantined a malformed record; the rest of the state loaded",
    );
  }
}

const UNWRITABLE = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

/** The start-up message for a data directory the bot cannot write: what failed and what to change. */
function unwritable(file: string, err: unknown): StateFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const why =
    code === "ENOSPC" || code === "EDQUOT"
      ? "the disk is full"
      : code && UNWRITABLE.has(code)
        ? "the directory is not writable"
        : ((err as Error)?.message ?? String(err));
  return new StateFileError(
    `Cannot write the state file ${file} (${why}${code ? `, ${code}` : ""}). casebot keeps subscriptions and push history there. ` +
      `Make ${dirname(file)} writable by this user${code === "ENOSPC" ? " and free disk space" : ""}, or set DATA_DIR to a writable directory.`,
    undefined,
    { cause: err },
  );
}
