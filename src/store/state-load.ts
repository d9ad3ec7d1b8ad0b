import { replayLines } from "./journal.ts";
import { recordProblem } from "./schemas.ts";
import { applyOps, COLLECTIONS, type Collection, type RecordOp } from "./tracking.ts";
import { emptyState, type State } from "./types.ts";

/** A record set aside on load because the code could not use it. */
export interface QuarantinedRecord {
  collection: Collection;
  key: string;
  problem: string;
  /** Where it came from: the snapshot or the change journal. */
  source: "db.json" | "journal";
  record: unknown;
  at: string;
}

/** One line of the change journal: the ops of one change, numbered so a snapshot can say what it covers. */
export interface JournalLine {
  seq: number;
  ops: RecordOp[];
}

/** Why the file as a whole is unusable, or undefined (the store refuses it and keeps a copy). */
export function snapshotProblem(text: string): string | undefined {
  if (text.trim() === "") return "the file is empty";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON: ${(err as Error).message}`;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "the top level is not an object";
  const v = value as Record<string, unknown>;
  if (v.version !== undefined && v.version !== 1) return `unknown version ${String(v.version)}`;
  for (const key of COLLECTIONS) {
    const c = v[key];
    if (c !== undefined && (typeof c !== "object" || c === null || Array.isArray(c))) return `"${key}" is not an object`;
  }
  return undefined;
}

/** The state from an acceptable snapshot text, with every malformed record moved out. */
export function loadSnapshot(text: string, at: Date): { state: State; quarantined: QuarantinedRecord[] } {
  const state = { ...emptyState(), ...(JSON.parse(text) as Partial<State>) } as State;
  const quarantined: QuarantinedRecord[] = [];
  for (const c of COLLECTIONS) {
    const coll = state[c] as Record<string, unknown>;
    for (const [key, record] of Object.entries(coll)) {
      const problem = recordProblem(c, record);
      if (problem === undefined) continue;
      delete coll[key];
      quarantined.push({ collection: c, key, problem, source: "db.json", record, at: at.toISOString() });
    }
  }
  return { state, quarantined };
}

/**
 * Replays the change journal on top of the snapshot: lines the snapshot already covers
 * (seq ≤ its journalSeq) are skipped, a torn line (killed mid-append) ends nothing but itself, and
 * a put whose record does not validate is quarantined instead of applied.
 */
export function replayJournal(state: State, text: string, at: Date): { applied: number; torn: number; lastSeq: number; quarantined: QuarantinedRecord[] } {
  const covered = state.journalSeq ?? 0;
  let lastSeq = covered;
  let applied = 0;
  const quarantined: QuarantinedRecord[] = [];
  const { entries, torn } = replayLines(text, journalLine);
  for (const line of entries) {
    lastSeq = Math.max(lastSeq, line.seq);
    if (line.seq <= covered) continue;
    const ok: RecordOp[] = [];
    for (const op of line.ops) {
      const problem = "v" in op ? recordProblem(op.c, op.v) : undefined;
      if (problem === undefined) ok.push(op);
      else quarantined.push({ collection: op.c, key: op.k, problem, source: "journal", record: (op as { v: unknown }).v, at: at.toISOString() });
    }
    applyOps(state, ok);
    applied += 1;
  }
  return { applied, torn, lastSeq, quarantined };
}

function journalLine(value: unknown): JournalLine | undefined {
  const line = value as Partial<JournalLine> | null;
  if (!line || typeof line.seq !== "number" || !Array.isArray(line.ops)) return undefined;
  const ops = line.ops.filter(
    (op): op is RecordOp =>
      typeof op === "object" &&
      op !== null &&
      (COLLECTIONS as readonly string[]).includes((op as RecordOp).c) &&
      typeof (op as RecordOp).k === "string" &&
      ("v" in op || "d" in op),
  );
  return ops.length === line.ops.length ? { seq: line.seq, ops } : undefined;
}
