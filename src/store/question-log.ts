import { createHash } from "node:crypto";
import { randomToken } from "../safety/random-token.ts";
import { Low, type Adapter } from "lowdb";
import type { FeedbackChoice } from "../reply/types.ts";
import { jsonLines, replayLines, type Journal } from "./journal.ts";

/**
 * The question log behind /stats (design: src/store/QUESTIONS.md). One entry per question asked in
 * a chat: when, where (platform, private or group, a salted hash of the chat), the normalised
 * question, the top hit and how many cases matched, and the feedback given on the answer. No user
 * id or name is ever stored: a vote is keyed by a salted hash of its user, only to count it once.
 */
export interface QuestionEntry {
  /** Short random id; feedback buttons carry it. */
  id: string;
  at: string;
  platform: string;
  chat: "private" | "group";
  /** Salted SHA-256 of platform + chat id, shortened: tells chats apart without naming them. */
  chatHash: string;
  question: string;
  top?: { caseId: string; score: number };
  hits: number;
  /** Salted hash of the user → their current vote. */
  votes?: Record<string, Vote>;
  /** The 👎 follow-up (答非所问 / 信息过时 / 其他) was offered under this answer. */
  followUp?: true;
}

export type Reason = Exclude<FeedbackChoice, "up" | "down">;

export interface Vote {
  vote: "up" | "down";
  reason?: Reason;
  at: string;
}

export interface QuestionData {
  version: 1;
  entries: QuestionEntry[];
}

export interface NewQuestion {
  platform: string;
  chatId: string;
  chat: "private" | "group";
  question: string;
  top?: { caseId: string; score: number };
  hits: number;
}

export interface VoteResult {
  entry: QuestionEntry;
  vote: Vote;
  /** "new": first vote of this user; "changed": another vote than before; "same": pressed again. */
  change: "new" | "changed" | "same";
  /** Offer the 👎 follow-up now (the first 👎 under this answer). */
  offerFollowUp: boolean;
}

/** Schedules `fn` after `ms`; returns a cancel. Tests inject a manual one. */
export type Timer = (fn: () => void, ms: number) => () => void;

export const realTimer: Timer = (fn, ms) => {
  const t = setTimeout(fn, ms);
  // A pending flush must not keep a finished process alive; stop() flushes anyway.
  t.unref();
  return () => clearTimeout(t);
};

export interface QuestionLog {
  /** Appends in memory and schedules a write; never waits for the disk. Returns the entry's id. */
  record(q: NewQuestion): string;
  /** Records a user's feedback on an answer; undefined when the answer is unknown (expired, another log). */
  vote(id: string, user: { platform: string; id: string }, choice: FeedbackChoice): VoteResult | undefined;
  /** Entries within the retention period, oldest first. */
  entries(): readonly QuestionEntry[];
  /** Writes pending changes now. */
  flush(): Promise<void>;
  /** Cancels the timer and writes what is pending. */
  stop(): Promise<void>;
}

export interface QuestionLogOptions {
  /** The snapshot: a lowdb DataFile in production, an in-memory adapter in tests. */
  adapter: Adapter<QuestionData>;
  /**
   * The journal (store/journal.ts) beside the snapshot: a batch of questions costs one small append
   * instead of rewriting the whole log. Without one, every batch rewrites the snapshot (small logs, tests).
   */
  journal?: Journal;
  salt: string;
  retentionDays: number;
  now?: () => Date;
  /** How long changes wait to share one write (group commit). */
  flushDelayMs?: number;
  /** Journal lines after which the snapshot is rewritten (and old entries leave the disk). */
  compactEvery?: number;
  timer?: Timer;
  /** Called when a background write fails (the change stays in memory and is retried with the next one). */
  onError?: (err: unknown) => void;
}

/** One change in the journal: a new question, or a user's vote on one. Replaying is idempotent. */
type Op = { op: "q"; e: QuestionEntry } | { op: "v"; id: string; who: string; v: Vote; f?: true };

const DAY_MS = 86_400_000;

export const emptyQuestionData = (): QuestionData => ({ version: 1, entries: [] });

/** A salted, shortened SHA-256: 64 bits tell chats and users apart without revealing them. */
export function saltedHash(salt: string, ...parts: string[]): string {
  return createHash("sha256").update(salt).update("\0").update(parts.join("\0")).digest("hex").slice(0, 16);
}

/** An answer's id: 48 random bits, so a button's data cannot be guessed from another's. */
const randomId = () => randomToken(6);

export async function openQuestionLog(opts: QuestionLogOptions): Promise<QuestionLog> {
  const db = new Low<QuestionData>(opts.adapter, emptyQuestionData());
  await db.read();
  db.data = sanitizeData(db.data);
  const now = opts.now ?? (() => new Date());
  const timer = opts.timer ?? realTimer;
  const delay = opts.flushDelayMs ?? 2000;
  const compactEvery = opts.compactEvery ?? 5000;
  const byId = new Map(db.data.entries.map((e) => [e.id, e]));
  const apply = (op: Op): void => {
    if (op.op === "q") {
      if (byId.has(op.e.id)) return;
      db.data.entries.push(op.e);
      byId.set(op.e.id, op.e);
      return;
    }
    const entry = byId.get(op.id);
    if (!entry) return;
    (entry.votes ??= {})[op.who] = op.v;
    if (op.f) entry.followUp = true;
  };
  const replayed = opts.journal ? replayLines(await opts.journal.read(), questionOp).entries : [];
  for (const op of replayed) apply(op);
  if (replayed.length) db.data.entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  // Most questions come from chats seen before: hash each once (bounded, cleared when full).
  const chatHashes = new Map<string, string>();
  const chatHash = (platform: string, chatId: string): string => {
    const k = `${platform}\0${chatId}`;
    let h = chatHashes.get(k);
    if (h === undefined) {
      if (chatHashes.size >= 10_000) chatHashes.clear();
      chatHashes.set(k, (h = saltedHash(opts.salt, "chat", platform, chatId)));
    }
    return h;
  };
  let pending: Op[] = [];
  let journalLines = 0;
  // Start-up folds a replayed journal (and expired entries, see prune) into the snapshot.
  let compactNext = replayed.length > 0;
  prune(db.data, byId, now());
  let cancel: (() => void) | undefined;
  let writing: Promise<void> | undefined;

  const writeOnce = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    try {
      if (opts.journal && !compactNext && journalLines + batch.length < compactEvery) {
        if (batch.length) await opts.journal.append(jsonLines(batch));
        journalLines += batch.length;
        return;
      }
      prune(db.data, byId, now());
      // The snapshot holds every change so far (this batch included); the journal can go.
      await db.write();
      await opts.journal?.truncate();
      journalLines = 0;
      compactNext = false;
    } catch (err) {
      pending = [...batch, ...pending];
      throw err;
    }
  };
  const write = async (compact = false): Promise<void> => {
    // One write at a time; changes made during a write go with the next.
    while (writing) await writing;
    if (compact && (journalLines > 0 || pending.length > 0)) compactNext = true;
    if (!pending.length && !compactNext) return;
    writing = writeOnce().finally(() => (writing = undefined));
    await writing;
  };
  const change = (op: Op): void => {
    pending.push(op);
    if (cancel) return;
    cancel = timer(() => {
      cancel = undefined;
      write().catch((err: unknown) => opts.onError?.(err));
    }, delay);
  };

  return {
    record(q) {
      let id = randomId();
      while (byId.has(id)) id = randomId();
      const entry: QuestionEntry = {
        id,
        at: now().toISOString(),
        platform: q.platform,
        chat: q.chat,
        chatHash: chatHash(q.platform, q.chatId),
        question: q.question,
        ...(q.top ? { top: { caseId: q.top.caseId, score: Math.round(q.top.score * 1000) / 1000 } } : {}),
        hits: q.hits,
      };
      apply({ op: "q", e: entry });
      change({ op: "q", e: entry });
      return id;
    },
    vote(id, user, choice) {
      const entry = byId.get(id);
      if (!entry) return undefined;
      const who = saltedHash(opts.salt, "user", user.platform, user.id);
      const before = entry.votes?.[who];
      const vote: Vote =
        choice === "up" || choice === "down" ? { vote: choice, at: now().toISOString() } : { vote: "down", reason: choice, at: now().toISOString() };
      const same = before?.vote === vote.vote && (vote.reason === undefined || before.reason === vote.reason);
      // Pressing 👎 again keeps the reason given before.
      if (before?.vote === "down" && before.reason && vote.vote === "down" && !vote.reason) vote.reason = before.reason;
      const offerFollowUp = choice === "down" && !entry.followUp;
      const op: Op = offerFollowUp ? { op: "v", id, who, v: vote, f: true } : { op: "v", id, who, v: vote };
      apply(op);
      change(op);
      return { entry, vote, change: !before ? "new" : same ? "same" : "changed", offerFollowUp };
    },
    entries() {
      prune(db.data, byId, now());
      return db.data.entries;
    },
    flush: () => write(),
    async stop() {
      cancel?.();
      cancel = undefined;
      await write(true);
      await opts.journal?.close();
    },
  };

  /** Drops entries older than the retention period; true when something went. */
  function prune(data: QuestionData, index: Map<string, QuestionEntry>, at: Date): boolean {
    const cutoff = at.getTime() - opts.retentionDays * DAY_MS;
    const keep = data.entries.findIndex((e) => Date.parse(e.at) >= cutoff);
    const drop = keep === -1 ? data.entries.length : keep;
    if (drop === 0) return false;
    for (const e of data.entries.splice(0, drop)) index.delete(e.id);
    // Expired entries leave the disk with the next snapshot.
    compactNext = true;
    return true;
  }
}

/** A journal line as a change; a torn or foreign line (a kill mid-append) is refused. */
function questionOp(value: unknown): Op | undefined {
  const op = value as Op | null;
  if (op?.op === "q" && typeof op.e?.id === "string" && typeof op.e.at === "string" && typeof op.e.question === "string") return op;
  if (op?.op === "v" && typeof op.id === "string" && typeof op.who === "string" && (op.v?.vote === "up" || op.v?.vote === "down")) return op;
  return undefined;
}

/** Keeps what looks like entries (a hand-edited or older file must not break /stats), oldest first. */
function sanitizeData(data: unknown): QuestionData {
  const raw = data && typeof data === "object" && Array.isArray((data as QuestionData).entries) ? (data as QuestionData).entries : [];
  const entries = raw.filter(
    (e): e is QuestionEntry =>
      !!e && typeof e === "object" && typeof e.id === "string" && typeof e.at === "string" && !Number.isNaN(Date.parse(e.at)) && typeof e.question === "string",
  );
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { version: 1, entries };
}
