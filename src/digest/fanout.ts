import type { Case, CaseLibrary } from "../corpus/types.ts";
import type { Logger } from "../logger.ts";
import type { Reply } from "../reply/types.ts";
import { createEntry, getEntry, markEntry, outboxKey, rekeyEntry } from "../store/outbox.ts";
import type { StateStore } from "../store/state-store.ts";
import { applySent, type OutboxJournal } from "../store/outbox-journal.ts";
import { deactivateSubscription, moveSubscription } from "../store/subscriptions.ts";
import { chatKey, type OutboxRecord, type State, type SubscriptionRecord } from "../store/types.ts";
import { digestCard } from "./card.ts";
import type { DeliveryChannel, DeliveryOutcome, PushTarget } from "./delivery.ts";
import { createLimiter, realSleep, type Limiter, type Sleep } from "./limiter.ts";
import { fireMemo, firesBetween, periodId } from "./schedule.ts";
import { nextCase } from "./select.ts";
import type { RunReport } from "./service-types.ts";

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

/**
 * The chat registry (src/store/chats.ts) learns about blocked and migrated chats through these.
 * `migrate` re-keys the chat, its subscription and outbox entries; without it the digest moves
 * its own records.
 */
export interface ChatHooks {
  blocked?(target: PushTarget, reason: string): Promise<void>;
  migrate?(channel: string, from: string, to: string): Promise<void>;
}

export interface FanoutDeps {
  store: StateStore;
  /** Durable "sent" marks without rewriting db.json per push; without it each mark is a state write. */
  journal?: OutboxJournal;
  library: CaseLibrary;
  logger: Logger;
  now: () => Date;
  hooks?: ChatHooks;
  options?: FanoutOptions;
}

/** How many missed, already-ended periods one run records as skipped per subscription. */
const MAX_SKIPPED_RECORDS = 5;
/** Finished entries older than this are dropped (the current period's entry never is). */
const KEEP_FINISHED_MS = 120 * 86400_000;
const MAX_MIGRATIONS = 2;
/** Marks between checkpoints: bounds the journal a restart replays. */
const CHECKPOINT_EVERY = 5000;

export interface FanoutResult extends RunReport {
  /** Earliest next fire time over the active subscriptions (the scheduler sleeps until then). */
  nextDue?: Date;
  /** Entries left pending for a later tick (transient failures, long flood waits). */
  retryLater: number;
}

/**
 * One fan-out over every active subscription, at instant `at`:
 * 1. in ONE state write: pending entries whose period is over become skipped; every subscription
 *    whose current period has no entry gets a pending entry with its case (missed older periods are
 *    recorded as skipped); pending entries of current periods are resumed;
 * 2. workers send each pending entry and mark it sent as soon as the platform accepted it.
 * A (chat, period) whose entry is sent/skipped/failed is never sent again, so the run is idempotent.
 */
export async function runFanout(deps: FanoutDeps, channels: readonly DeliveryChannel[], at: Date): Promise<FanoutResult> {
  const started = Date.now();
  const { store, library, logger } = deps;
  const opts = deps.options ?? {};
  const sleep = opts.sleep ?? realSleep;
  const byName = new Map(channels.map((c) => [c.name, c]));
  const report: FanoutResult = { due: 0, sent: 0, skipped: 0, failed: 0, blocked: 0, migrated: 0, noChannel: 0, durationMs: 0, retryLater: 0 };
  const fires = fireMemo(at);
  const work: OutboxRecord[] = [];
  await deps.journal?.recover();

  await store.update((state) => {
    const current = new Map<string, { period: string; fire: Date }>();
    for (const sub of Object.values(state.subscriptions)) {
      if (!sub.active) continue;
      const f = fires(sub);
      if (!report.nextDue || f.next < report.nextDue) report.nextDue = f.next;
      if (f.fire && f.fire.getTime() >= Date.parse(sub.activeSince)) current.set(sub.key, { period: f.period as string, fire: f.fire });
    }
    for (const e of Object.values(state.outbox)) {
      if (e.status !== "pending" || current.get(e.subscription)?.period === e.period) continue;
      markEntry(e, "skipped", at, "period ended before it could be sent");
      report.skipped += 1;
    }
    for (const [key, { period, fire }] of current) {
      const sub = state.subscriptions[key] as SubscriptionRecord;
      let entry = getEntry(state, key, period);
      if (entry && entry.status !== "pending") continue;
      if (!byName.has(sub.platform)) {
        report.noChannel += 1;
        continue;
      }
      if (!entry) {
        report.skipped += recordMissed(state, sub, fire, at);
        const pick = nextCase(library, sub.sentInCycle);
        if (!pick) continue;
        entry = createEntry(state, sub, period, pick.case.id, "pending", at);
      }
      report.due += 1;
      work.push(entry);
    }
    prune(state, current, at);
  });

  if (work.length) logger.info({ due: work.length, at: at.toISOString() }, "digest: fan-out started");
  const limiters = new Map<string, Limiter>();
  const limiterFor = (c: DeliveryChannel): Limiter => {
    let l = limiters.get(c.name);
    if (!l) limiters.set(c.name, (l = createLimiter(opts.limits === false ? undefined : c.limits, Date.now, sleep)));
    return l;
  };
  // Every chat getting the same case gets the same card: render it once per run.
  const cards = new Map<string, Reply>();
  const cardFor = (c: Case): Reply => {
    let card = cards.get(c.id);
    if (!card) cards.set(c.id, (card = digestCard(c, library)));
    return card;
  };
  let next = 0;
  let sinceCheckpoint = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const entry = work[next++] as OutboxRecord;
      const before = report.sent;
      await deliver(deps, entry, byName, limiterFor, report, sleep, cardFor);
      sinceCheckpoint += report.sent - before;
      if (deps.journal && sinceCheckpoint >= CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        await deps.journal.checkpoint();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, work.length)) }, worker));
  await deps.journal?.checkpoint();
  report.durationMs = Date.now() - started;
  if (work.length || report.skipped) logger.info({ ...report, nextDue: report.nextDue?.toISOString() }, "digest: fan-out finished");
  return report;
}

async function deliver(
  deps: FanoutDeps,
  first: OutboxRecord,
  channels: Map<string, DeliveryChannel>,
  limiterFor: (c: DeliveryChannel) => Limiter,
  report: FanoutResult,
  sleep: Sleep,
  cardFor: (c: Case) => Reply,
): Promise<void> {
  const { store, library, logger, now } = deps;
  const opts = deps.options ?? {};
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxWait = opts.maxRetryWaitMs ?? 120_000;
  let entry = first;
  let migrations = 0;
  let floodWaits = 0;
  for (;;) {
    const channel = channels.get(entry.platform);
    if (!channel) return;
    let c = library.byId(entry.caseId);
    if (!c) {
      // The case vanished from the corpus between planning and sending (re-ingest): pick again.
      const sub = store.data.subscriptions[entry.subscription];
      const pick = nextCase(library, sub?.sentInCycle ?? []);
      if (!pick) return;
      c = pick.case;
      const caseId = c.id;
      await store.update(() => void (entry.caseId = caseId));
    }
    const target: PushTarget = { channel: entry.platform, chatId: entry.chatId, ...(entry.topicId ? { topicId: entry.topicId } : {}) };
    await limiterFor(channel).acquire(`${entry.platform}:${entry.chatId}`);
    let outcome: DeliveryOutcome;
    try {
      outcome = await channel.send(target, cardFor(c));
    } catch (err) {
      outcome = { status: "failed", reason: (err as Error).message, permanent: false };
    }
    const e = entry;
    switch (outcome.status) {
      case "sent":
        if (deps.journal) await deps.journal.markSent(e.key, now());
        else await store.update((s) => applySent(s, e.key, now()));
        report.sent += 1;
        return;
      case "retry":
        floodWaits += 1;
        if (outcome.afterMs <= maxWait && floodWaits <= maxAttempts) {
          logger.warn({ chat: target.chatId, channel: target.channel, waitMs: outcome.afterMs }, "digest: flood control, waiting");
          await sleep(outcome.afterMs);
          continue;
        }
        await store.update(() => {
          e.attempts += 1;
          e.error = outcome.reason;
          e.updatedAt = now().toISOString();
        });
        report.retryLater += 1;
        return;
      case "blocked":
        await store.update((s) => {
          e.attempts += 1;
          markEntry(e, "failed", now(), `blocked: ${outcome.reason}`);
          deactivateSubscription(s, e.subscription, `blocked: ${outcome.reason}`, now());
        });
        await deps.hooks?.blocked?.(target, outcome.reason);
        logger.info({ chat: target.chatId, channel: target.channel, reason: outcome.reason }, "digest: chat blocked the bot; subscription deactivated");
        report.blocked += 1;
        return;
      case "migrated": {
        migrations += 1;
        if (migrations > MAX_MIGRATIONS) {
          await store.update(() => markEntry(e, "failed", now(), "chat keeps migrating"));
          report.failed += 1;
          return;
        }
        const to = outcome.newChatId;
        await deps.hooks?.migrate?.(e.platform, e.chatId, to);
        const moved = await store.update((s) => {
          let m = s.outbox[outboxKey(chatKey(e.platform, to), e.period)];
          if (!m) {
            const sub = moveSubscription(s, e.subscription, to, now());
            m = sub ? rekeyEntry(s, e, sub, now()) : undefined;
          }
          if (m) m.chatId = to;
          return m?.status === "pending" ? m : undefined;
        });
        report.migrated += 1;
        logger.info({ from: target.chatId, to: outcome.newChatId }, "digest: chat migrated; resending to the new id");
        if (!moved) return;
        entry = moved;
        continue;
      }
      case "failed": {
        const giveUp = outcome.permanent || e.attempts + 1 >= maxAttempts;
        await store.update(() => {
          e.attempts += 1;
          if (giveUp) markEntry(e, "failed", now(), outcome.reason);
          else {
            e.error = outcome.reason;
            e.updatedAt = now().toISOString();
          }
        });
        logger.warn({ chat: target.chatId, channel: target.channel, reason: outcome.reason, giveUp }, "digest: push failed");
        if (giveUp) report.failed += 1;
        else report.retryLater += 1;
        return;
      }
    }
  }
}

/** Periods that fired and ended while nobody sent them: recorded as skipped so history tells. */
function recordMissed(state: State, sub: SubscriptionRecord, currentFireTime: Date, at: Date): number {
  const since = Math.max(Date.parse(sub.activeSince), sub.lastPeriod ? Date.parse(sub.lastPeriod) + 1 : 0);
  const missed = firesBetween(sub, new Date(since - 1), currentFireTime, MAX_SKIPPED_RECORDS + 1).slice(-MAX_SKIPPED_RECORDS);
  let n = 0;
  for (const fire of missed) {
    if (fire.getTime() < since) continue;
    const period = periodId(fire, sub.timezone);
    if (getEntry(state, sub.key, period)) continue;
    createEntry(state, sub, period, "", "skipped", at, "the bot was not running during this period");
    n += 1;
  }
  return n;
}

function prune(state: State, current: Map<string, { period: string }>, at: Date): void {
  const cutoff = at.getTime() - KEEP_FINISHED_MS;
  for (const [k, e] of Object.entries(state.outbox)) {
    if (e.status === "pending" || current.get(e.subscription)?.period === e.period) continue;
    if (Date.parse(e.updatedAt) < cutoff) delete state.outbox[k];
  }
}
