import type { CaseLibrary } from "../corpus/types.ts";
import { createEntry, getEntry, markEntry } from "../store/outbox.ts";
import type { OutboxRecord, State, SubscriptionRecord } from "../store/types.ts";
import { currentFire, fireMemo, firesBetween, periodId } from "./schedule.ts";
import { nextCase } from "./select.ts";
import type { PushContents } from "./content.ts";

/** How many missed, already-ended periods one run records as skipped per subscription. */
const MAX_SKIPPED_RECORDS = 5;
/** Finished entries older than this are dropped (the current period's entry never is). */
const KEEP_FINISHED_MS = 120 * 86400_000;

export interface FanoutPlan {
  /** Pending entries to send, in subscription order. */
  work: OutboxRecord[];
  due: number;
  skipped: number;
  /** Due subscriptions whose channel this process does not run. */
  noChannel: number;
  /** Earliest next fire time over the active subscriptions. */
  nextDue?: Date;
}

/**
 * Step 1 of a fan-out, applied inside ONE state write: pending entries whose period is over become
 * skipped; every subscription whose current period has no entry gets a pending entry with its case
 * (missed older periods are recorded as skipped); pending entries of current periods are resumed.
 * Subscriptions of channels not in `channels` are left for a process that has them.
 */
export function planFanout(state: State, library: CaseLibrary, channels: ReadonlySet<string>, at: Date, contents: PushContents = {}): FanoutPlan {
  const plan: FanoutPlan = { work: [], due: 0, skipped: 0, noChannel: 0 };
  const fires = fireMemo(at);
  // The fire before the current one, per (cron, zone): a subscription whose history starts after it
  // missed nothing, which spares the per-chat cron arithmetic of recordMissed.
  const previousFires = new Map<string, Date | undefined>();
  const previousOf = (sub: SubscriptionRecord, fire: Date): Date | undefined => {
    const k = `${sub.cron}|${sub.timezone}`;
    if (!previousFires.has(k)) previousFires.set(k, currentFire(sub, new Date(fire.getTime() - 1)));
    return previousFires.get(k);
  };
  const current = new Map<string, { period: string; fire: Date }>();
  for (const sub of Object.values(state.subscriptions)) {
    // A content this process does not know (the CLI has no question log) is left for one that does.
    if (!sub.active || (sub.content !== undefined && !Object.hasOwn(contents, sub.content))) continue;
    const f = fires(sub);
    if (!plan.nextDue || f.next < plan.nextDue) plan.nextDue = f.next;
    if (f.fire && f.fire.getTime() >= Date.parse(sub.activeSince)) current.set(sub.key, { period: f.period as string, fire: f.fire });
  }
  for (const e of Object.values(state.outbox)) {
    if (e.status !== "pending" || current.get(e.subscription)?.period === e.period) continue;
    markEntry(e, "skipped", at, "period ended before it could be sent");
    plan.skipped += 1;
  }
  for (const [key, { period, fire }] of current) {
    const sub = state.subscriptions[key] as SubscriptionRecord;
    let entry = getEntry(state, key, period);
    if (entry && entry.status !== "pending") continue;
    if (!channels.has(sub.platform)) {
      plan.noChannel += 1;
      continue;
    }
    if (!entry) {
      plan.skipped += recordMissed(state, sub, fire, previousOf(sub, fire), at);
      const content = sub.content === undefined ? undefined : contents[sub.content];
      const pick = content ? content.pick(sub, period) : nextCase(library, sub.sentInCycle)?.case.id;
      if (pick === undefined) continue;
      entry = createEntry(state, sub, period, pick, "pending", at);
    }
    plan.due += 1;
    plan.work.push(entry);
  }
  prune(state, current, at);
  return plan;
}

/** Periods that fired and ended while nobody sent them: recorded as skipped so history tells. */
function recordMissed(state: State, sub: SubscriptionRecord, currentFireTime: Date, previous: Date | undefined, at: Date): number {
  const since = Math.max(Date.parse(sub.activeSince), sub.lastPeriod ? Date.parse(sub.lastPeriod) + 1 : 0);
  if (!previous || previous.getTime() < since) return 0;
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
