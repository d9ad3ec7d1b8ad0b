import { open, readFile, truncate, type FileHandle } from "node:fs/promises";

/**
 * The one append-only journal of JSON lines that the state (db.json.changes), the digest's outbox
 * (db.json.journal.<n>) and the question log (questions.json.journal) keep beside their snapshots.
 * Why one: a change must be durable before it is acknowledged, without rewriting a whole snapshot
 * per change, and a process killed mid-append must leave a file that still replays. So a change is
 * one line appended through one handle (appends arriving while one is written share the next
 * write), and replay takes every complete line, skipping and counting a torn one: its append had
 * not resolved, so no one was told the change was kept.
 */
export interface Journal {
  readonly path: string;
  /**
   * Appends text made of whole lines (jsonLines); resolves once it is in the file. "" opens the
   * file and writes nothing: a probe that the directory is writable.
   */
  append(text: string): Promise<void>;
  /** The file's text; "" when there is none. */
  read(): Promise<string>;
  /** Empties the file once appends in flight are written (a missing file stays missing). */
  truncate(): Promise<void>;
  /** Waits for appends in flight, then releases the handle (a later append opens it again). */
  close(): Promise<void>;
}

export interface JournalOptions {
  /** Release the handle after this long without appends, so an idle or dropped owner holds no descriptor. */
  idleCloseMs?: number;
}

export function openJournal(path: string, opts: JournalOptions = {}): Journal {
  let handle: Promise<FileHandle> | undefined;
  let waiting: Array<{ text: string; resolve: () => void; reject: (err: unknown) => void }> = [];
  let flushing: Promise<void> | undefined;
  let idle: NodeJS.Timeout | undefined;

  const release = async (): Promise<void> => {
    clearTimeout(idle);
    const h = handle;
    handle = undefined;
    await h?.then((fh) => fh.close()).catch(() => undefined);
  };
  const file = (): Promise<FileHandle> =>
    (handle ??= open(path, "a").catch((err: unknown) => {
      handle = undefined;
      throw err;
    }));
  const flush = async (): Promise<void> => {
    clearTimeout(idle);
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await (await file()).appendFile(batch.map((w) => w.text).join(""), "utf8");
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    flushing = undefined;
    if (opts.idleCloseMs !== undefined) idle = setTimeout(() => void (flushing ? undefined : release()), opts.idleCloseMs).unref();
  };

  return {
    path,
    append(text) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ text, resolve, reject });
        flushing ??= flush();
      });
    },
    async read() {
      try {
        return await readFile(path, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return "";
        throw err;
      }
    },
    async truncate() {
      await flushing;
      if (handle) return (await handle).truncate(0);
      await truncate(path).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "ENOENT") throw err;
      });
    },
    async close() {
      await flushing;
      await release();
    },
  };
}

/** Values as journal text: one JSON document a line, each line ended. */
export function jsonLines(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v) + "\n").join("");
}

/**
 * The entries of journal text, in order: each non-blank line parsed as JSON and checked by
 * `accept` (undefined refuses it). A line that does not parse or is refused is torn: skipped and
 * counted. So is an unfinished last line of only whitespace, since the next append would be glued
 * onto it (a caller that sees torn lines rewrites its journal).
 */
export function replayLines<T>(text: string, accept: (value: unknown) => T | undefined): { entries: T[]; torn: number } {
  const entries: T[] = [];
  let torn = 0;
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    if (!raw.trim()) {
      if (raw && i === lines.length - 1) torn += 1;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      torn += 1;
      continue;
    }
    const entry = accept(value);
    if (entry === undefined) torn += 1;
    else entries.push(entry);
  }
  return { entries, torn };
}
