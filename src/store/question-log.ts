import { createHash, randomBytes } from "node:crypto";
import { Low, type Adapter } from "lowdb";
import type { FeedbackChoice } from "../reply/types.ts";

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
  /** Where the log lives: JSONFile in production, an in-memory adapter in tests. */
  adapter: Adapter<QuestionData>;
  salt: string;
  retentionDays: number;
  now?: () => Date;
  /** How long changes wait to share one write (group commit). */
  flushDelayMs?: number;
  timer?: Timer;
  /** Called when a background write fails (the change stays in memory and is retried with the next one). */
  onError?: (err: unknown) => void;
}

const DAY_MS = 86_400_000;

export const emptyQuestionData = (): QuestionData => ({ version: 1, entries: [] });

/** A salted, shortened SHA-256: 64 bits tell chats and users apart without revealing them. */
export function saltedHash(salt: string, ...parts: string[]): string {
  return createHash("sha256").update(salt).update("\0").update(parts.join("\0")).digest("hex").slice(0, 16);
}

export async function openQuestionLog(opts: QuestionLogOptions): Promise<QuestionLog> {
  const db = new Low<QuestionData>(opts.adapter, emptyQuestionData());
  await db.read();
  db.data = sanitizeData(db.data);
  const now = opts.now ?? (() => new Date());
  const timer = opts.timer ?? realTimer;
  const delay = opts.flushDelayMs ?? 2000;
  const byId = new Map(db.data.entries.map((e) => [e.id, e]));

  let dirty = prune(db.data, byId, now());
  let cancel: (() => void) | undefined;
  let writing: Promise<void> | undefined;

  const write = async (): Promise<void> => {
    // One write at a time; changes made during a write mark the log dirty for the next.
    while (writing) await writing;
    if (!dirty) return;
    dirty = false;
    prune(db.data, byId, now());
    writing = db.write().finally(() => (writing = undefined));
    try {
      await writing;
    } catch (err) {
      dirty = true;
      throw err;
    }
  };
  const schedule = (): void => {
    dirty = true;
    if (cancel) return;
    cancel = timer(() => {
      cancel = undefined;
      write().catch((err: unknown) => opts.onError?.(err));
    }, delay);
  };

  return {
    record(q) {
      let id = randomBytes(6).toString("base64url");
      while (byId.has(id)) id = randomBytes(6).toString("base64url");
      const entry: QuestionEntry = {
        id,
        at: now().toISOString(),
        platform: q.platform,
        chat: q.chat,
        chatHash: saltedHash(opts.salt, "chat", q.platform, q.chatId),
        question: q.question,
        ...(q.top ? { top: { caseId: q.top.caseId, score: Math.round(q.top.score * 1000) / 1000 } } : {}),
        hits: q.hits,
      };
      db.data.entries.push(entry);
      byId.set(id, entry);
      schedule();
      return id;
    },
    vote(id, user, choice) {
      const entry = byId.get(id);
      if (!entry) return undefined;
      const who = saltedHash(opts.salt, "user", user.platform, user.id);
      const before = entry.votes?.[who];
      const vote: Vote = choice === "up" || choice === "down" ? { vote: choice, at: now().toISOString() } : { vote: "down", reason: choice, at: now().toISOString() };
      const same = before?.vote === vote.vote && (vote.reason === undefined || before.reason === vote.reason);
      // Pressing 👎 again keeps the reason given before.
      if (before && vote.vote === "down" && !vote.reason && before.vote === "down" && before.reason) vote.reason = before.reason;
      (entry.votes ??= {})[who] = vote;
      const offerFollowUp = choice === "down" && !entry.followUp;
      if (offerFollowUp) entry.followUp = true;
      schedule();
      return { entry, vote, change: !before ? "new" : same ? "same" : "changed", offerFollowUp };
    },
    entries() {
      if (prune(db.data, byId, now())) schedule();
      return db.data.entries;
    },
    flush: write,
    async stop() {
      cancel?.();
      cancel = undefined;
      await write();
    },
  };

  /** Drops entries older than the retention period; true when something went. */
  function prune(data: QuestionData, index: Map<string, QuestionEntry>, at: Date): boolean {
    const cutoff = at.getTime() - opts.retentionDays * DAY_MS;
    const keep = data.entries.findIndex((e) => Date.parse(e.at) >= cutoff);
    const drop = keep === -1 ? data.entries.length : keep;
    if (drop === 0) return false;
    for (const e of data.entries.splice(0, drop)) index.delete(e.id);
    return true;
  }
}

/** Keeps what looks like entries (a hand-edited or older file must not break /stats), oldest first. */
function sanitizeData(data: unknown): QuestionData {
  const raw = data && typeof data === "object" && Array.isArray((data as QuestionData).entries) ? (data as QuestionData).entries : [];
  const entries = raw.filter(
    (e): e is QuestionEntry => !!e && typeof e === "object" && typeof e.id === "string" && typeof e.at === "string" && !Number.isNaN(Date.parse(e.at)) && typeof e.question === "string",
  );
  entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { version: 1, entries };
}
