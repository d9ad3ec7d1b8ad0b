import { open, readdir, readFile, unlink, type FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../logger.ts";
import { markEntry } from "./outbox.ts";
import type { StateStore } from "./state-store.ts";
import { recordSent } from "./subscriptions.ts";
import type { State } from "./types.ts";

/**
 * Why a journal: marking a push "sent" must be durable before the next send (or a crash would
 * send it again), but rewriting db.json costs time proportional to the whole state (≈0.25 s at
 * 10,000 chats). So during a fan-out each mark is applied in memory and appended as one JSON line
 * to `db.json.journal.<n>`; the fan-out checkpoints (a normal atomic db.json write, then the
 * covered segments are deleted) every few thousand marks and at the end. Start-up (recover)
 * replays what a killed process left behind. A torn last line (killed mid-append) is skipped: that
 * append had not completed, so its push was still in flight and is treated as not marked.
 */
export interface OutboxJournal {
  /** Replays journal segments left by an earlier process into the state, then deletes them. */
  recover(): Promise<number>;
  /** Marks the entry sent in memory and resolves once the mark is in the journal file. */
  markSent(key: string, at: Date): Promise<void>;
  /** Writes db.json and deletes the segments it now covers. */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

interface SentOp {
  op: "sent";
  key: string;
  at: string;
}

/** The one mutation the journal carries. Idempotent: replaying an already-applied mark changes nothing. */
export function applySent(state: State, key: string, at: Date): boolean {
  const e = state.outbox[key];
  if (!e || e.status !== "pending") return false;
  e.attempts += 1;
  markEntry(e, "sent", at);
  const sub = state.subscriptions[e.subscription];
  if (sub) recordSent(sub, e.caseId, e.period, at);
  return true;
}

export function openOutboxJournal(store: StateStore, dbFile: string, logger: Logger): OutboxJournal {
  const dir = dirname(dbFile);
  const prefix = `${basename(dbFile)}.journal.`;
  let seq = 0;
  let recovered: Promise<number> | undefined;
  let segment: Segment | undefined;

  const segments = async (): Promise<Array<{ n: number; path: string }>> =>
    (await readdir(dir))
      .filter((f) => f.startsWith(prefix) && /^\d+$/.test(f.slice(prefix.length)))
      .map((f) => ({ n: Number(f.slice(prefix.length)), path: join(dir, f) }))
      .sort((a, b) => a.n - b.n);

  const recoverOnce = async (): Promise<number> => {
    const found = await segments();
    seq = (found.at(-1)?.n ?? 0) + 1;
    if (!found.length) return 0;
    const ops: SentOp[] = [];
    let torn = 0;
    for (const s of found) {
      for (const line of (await readFile(s.path, "utf8")).split("\n")) {
        if (!line.trim()) continue;
        try {
          const op = JSON.parse(line) as SentOp;
          if (op.op === "sent" && typeof op.key === "string" && typeof op.at === "string") ops.push(op);
          else torn += 1;
        } catch {
          torn += 1;
        }
      }
    }
    const applied = await store.update((s) => ops.filter((op) => applySent(s, op.key, new Date(op.at))).length);
    for (const s of found) await unlink(s.path);
    logger.info({ segments: found.length, marks: ops.length, applied, torn }, "digest: replayed the outbox journal of an interrupted run");
    return applied;
  };

  const journal: OutboxJournal = {
    recover: () => (recovered ??= recoverOnce()),
    async markSent(key, at) {
      await journal.recover();
      if (!applySent(store.data, key, at)) return;
      segment ??= createSegment(join(dir, `${prefix}${seq++}`));
      await segment.append(JSON.stringify({ op: "sent", key, at: at.toISOString() } satisfies SentOp));
    },
    async checkpoint() {
      const old = segment;
      segment = undefined;
      // Marks applied before this point are in memory, so the snapshot below contains them.
      await store.update(() => undefined);
      if (old) {
        await old.close();
        await unlink(old.path);
      }
    },
    async close() {
      await segment?.close();
    },
  };
  return journal;
}

interface Segment {
  path: string;
  append(line: string): Promise<void>;
  close(): Promise<void>;
}

/** An append-only file; appends arriving while one is being written share the next write. */
function createSegment(path: string): Segment {
  let fh: Promise<FileHandle> | undefined;
  let waiting: Array<{ line: string; resolve: () => void; reject: (err: unknown) => void }> = [];
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    let handle: FileHandle;
    try {
      handle = await (fh ??= open(path, "a"));
    } catch (err) {
      fh = undefined;
      for (const w of waiting.splice(0)) w.reject(err);
      flushing = undefined;
      return;
    }
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        await handle.appendFile(batch.map((w) => w.line + "\n").join(""), "utf8");
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    flushing = undefined;
  };
  return {
    path,
    append(line) {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ line, resolve, reject });
        flushing ??= flush();
      });
    },
    async close() {
      await flushing;
      if (fh) await (await fh).close();
      fh = undefined;
    },
  };
}
