import type { Case, CaseLibrary } from "../corpus/types.ts";
import type { Logger } from "../logger.ts";
import type { Reply } from "../reply/types.ts";
import { markEntry } from "../store/outbox.ts";
import { applySent, type OutboxJournal } from "../store/outbox-journal.ts";
import type { StateStore } from "../store/state-store.ts";
import type { OutboxRecord } from "../store/types.ts";
import { digestCard } from "./card.ts";
import type { DeliveryChannel, DeliveryOutcome, PushTarget } from "./delivery.ts";
import { createLimiter, realSleep, type Limiter, type Sleep } from "./limiter.ts";
import { applyOutcome, type Counted } from "./outcome.ts";
import { nextCase } from "./select.ts";
import type { PushContent, PushContents } from "./content.ts";

export interface FanoutOptions {
  /** Sends in flight at once per run. Each worker waits for its "sent" mark to be on disk before its next send. */
  concurrency?: number;
  /** false: ignore channel limits (tests and the benchmark only). */
  limits?: boolean;
  /** Transient failures (network, 5xx) before an entry is given up as failed. */
  maxAttempts?: number;
  /** A 429 asking to wait longer than this leaves the entry pending for the next tick instead. */
  maxRetryWaitMs?: number;
  sleep?: Sleep;
}

export interface SendDeps {
  store: StateStore;
  /** Durable "sent" marks without rewriting db.json per push; without it each mark is a state write. */
  journal?: OutboxJournal;
  library: CaseLibrary;
  logger: Logger;
  now: () => Date;
  options?: FanoutOptions;
  contents?: PushContents;
}

export type SendTally = Record<"sent" | Counted, number>;

const MAX_MIGRATIONS = 2;
/** Marks between checkpoints: bounds the journal a restart replays. */
const CHECKPOINT_EVERY = 5000;

/**
 * Step 2 of a fan-out: workers send each planned entry through its channel, paced to the channel's
 * limits, and mark it sent as soon as the platform accepted it; every other answer goes to
 * applyOutcome (step 3). Every chat getting the same case gets the same card, rendered once.
 */
export async function sendPlanned(work: readonly OutboxRecord[], channels: readonly DeliveryChannel[], deps: SendDeps, tally: SendTally): Promise<void> {
  const opts = deps.options ?? {};
  const sleep = opts.sleep ?? realSleep;
  const byName = new Map(channels.map((c) => [c.name, c]));
  const limiters = new Map<string, Limiter>();
  const limiterFor = (c: DeliveryChannel): Limiter => {
    let l = limiters.get(c.name);
    if (!l) limiters.set(c.name, (l = createLimiter(opts.limits === false ? undefined : c.limits, Date.now, sleep)));
    return l;
  };
  const cards = new Map<string, Reply>();
  const cardFor = (c: Case): Reply => {
    let card = cards.get(c.id);
    if (!card) cards.set(c.id, (card = digestCard(c, deps.library)));
    return card;
  };
  let next = 0;
  let sinceCheckpoint = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const entry = work[next++] as OutboxRecord;
      const before = tally.sent;
      await deliver(entry, { ...deps, sleep, byName, limiterFor, cardFor }, tally);
      sinceCheckpoint += tally.sent - before;
      if (deps.journal && sinceCheckpoint >= CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        await deps.journal.checkpoint();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, work.length)) }, worker));
}

/** The push content of an entry whose subscription carries something other than a case. */
function contentOf(entry: OutboxRecord, deps: SendDeps): PushContent | undefined {
  const name = deps.store.data.subscriptions[entry.subscription]?.content;
  return name === undefined ? undefined : deps.contents?.[name];
}

interface DeliverDeps extends SendDeps {
  sleep: Sleep;
  byName: Map<string, DeliveryChannel>;
  limiterFor(c: DeliveryChannel): Limiter;
  cardFor(c: Case): Reply;
}

async function deliver(first: OutboxRecord, deps: DeliverDeps, tally: SendTally): Promise<void> {
  const { store, library, logger, now } = deps;
  const maxAttempts = deps.options?.maxAttempts ?? 5;
  const maxWait = deps.options?.maxRetryWaitMs ?? 120_000;
  let entry = first;
  let migrations = 0;
  let floodWaits = 0;
  for (;;) {
    const channel = deps.byName.get(entry.platform);
    if (!channel) return;
    const content = contentOf(entry, deps);
    let c = content ? undefined : library.byId(entry.caseId);
    if (!c && !content) {
      // The case vanished from the corpus between planning and sending (re-ingest): pick again.
      const sub = store.data.subscriptions[entry.subscription];
      const pick = nextCase(library, sub?.sentInCycle ?? []);
      if (!pick) return;
      c = pick.case;
      const caseId = c.id;
      const e = entry;
      await store.update(() => void (e.caseId = caseId));
    }
    const target: PushTarget = entry.topicId
      ? { channel: entry.platform, chatId: entry.chatId, topicId: entry.topicId }
      : { channel: entry.platform, chatId: entry.chatId };
    await deps.limiterFor(channel).acquire(`${entry.platform}:${entry.chatId}`);
    let outcome: DeliveryOutcome;
    try {
      const message = content ? content.render(entry) : c && deps.cardFor(c);
      if (!message) return;
      outcome = await channel.send(target, message);
    } catch (err) {
      outcome = { status: "failed", reason: (err as Error).message, permanent: false };
    }
    const e = entry;
    const log = { chat: target.chatId, channel: target.channel };
    if (outcome.status === "sent") {
      if (deps.journal) await deps.journal.markSent(e.key, now());
      else await store.update((s) => applySent(s, e.key, now()));
      tally.sent += 1;
      return;
    }
    if (outcome.status === "retry" && outcome.afterMs <= maxWait && ++floodWaits <= maxAttempts) {
      logger.warn({ ...log, waitMs: outcome.afterMs }, "digest: flood control, waiting");
      await deps.sleep(outcome.afterMs);
      continue;
    }
    if (outcome.status === "migrated" && ++migrations > MAX_MIGRATIONS) {
      await store.update(() => markEntry(e, "failed", now(), "chat keeps migrating"));
      tally.failed += 1;
      return;
    }
    const applied = await store.update((s) => applyOutcome(s, e, outcome, now(), maxAttempts));
    tally[applied.counted] += 1;
    if (outcome.status === "blocked") logger.info({ ...log, reason: outcome.reason }, "digest: chat blocked the bot; subscription deactivated");
    if (outcome.status === "migrated") logger.info({ from: target.chatId, to: outcome.newChatId }, "digest: chat migrated; resending to the new id");
    if (outcome.status === "failed") logger.warn({ ...log, reason: outcome.reason, giveUp: applied.counted === "failed" }, "digest: push failed");
    if (!applied.resend) return;
    entry = applied.resend;
  }
}
