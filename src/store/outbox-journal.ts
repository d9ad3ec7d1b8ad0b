import { readdir, readFile, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Logger } from "../logger.ts";
import { jsonLines, openJournal, replayLines, type Journal } from "./journal.ts";
import { markEntry } from "./outbox.ts";
import type { StateStore } from "./state-store.ts";
import { recordSent } from "./subscriptions.ts";
import type { State } from "./types.ts";

/**
 * Why a journal: marking a push "sent" must be durable before the next send (or a crash would
 * send it again), but rewriting db.json costs time proportional to the whole state. So during a
 * fan-out each mark is applied in memory and appended as one JSON line (store/journal.ts) to
 * `db.json.journal.<n>`; the fan-out checkpoints (a normal atomic db.json write, then the
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

function sentOp(value: unknown): SentOp | undefined {
  const op = value as Partial<SentOp> | null;
  return op?.op === "sent" && typeof op.key === "string" && typeof op.at === "string" ? (op as SentOp) : undefined;
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
  let segment: Journal | undefined;

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
      const replay = replayLines(await readFile(s.path, "utf8"), sentOp);
      ops.push(...replay.entries);
      torn += replay.torn;
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
      segment ??= openJournal(join(dir, `${prefix}${seq++}`));
      await segment.append(jsonLines([{ op: "sent", key, at: at.toISOString() } satisfies SentOp]));
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
