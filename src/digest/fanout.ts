import type { DeliveryChannel } from "./delivery.ts";
import { planFanout } from "./plan.ts";
import { sendPlanned, type SendDeps, type SendTally } from "./send.ts";
import type { RunReport } from "./service-types.ts";

export type { FanoutOptions } from "./send.ts";

/** A run needs what sending needs: the plan and the apply steps read the same store and library. */
export type FanoutDeps = SendDeps;

export interface FanoutResult extends RunReport {
  /** Earliest next fire time over the active subscriptions (the scheduler sleeps until then). */
  nextDue?: Date;
}

/**
 * One fan-out over every active subscription, at instant `at`, in three steps:
 * 1. plan (plan.ts), in ONE state write: which (chat, period) entries are owed, with their cases;
 * 2. send (send.ts): workers push each pending entry and mark it sent once the platform accepted it;
 * 3. apply the outcome (outcome.ts) of every other answer: blocked, migrated, failed, retry later.
 * A (chat, period) whose entry is sent/skipped/failed is never sent again, so the run is idempotent.
 */
export async function runFanout(deps: FanoutDeps, channels: readonly DeliveryChannel[], at: Date): Promise<FanoutResult> {
  const started = Date.now();
  await deps.journal?.recover();
  const plan = await deps.store.update((state) => planFanout(state, deps.library, new Set(channels.map((c) => c.name)), at, deps.contents));

  if (plan.work.length) deps.logger.info({ due: plan.work.length, at: at.toISOString() }, "digest: fan-out started");
  const tally: SendTally = { sent: 0, blocked: 0, migrated: 0, failed: 0, retryLater: 0 };
  await sendPlanned(plan.work, channels, deps, tally);
  await deps.journal?.checkpoint();

  const report: FanoutResult = {
    due: plan.due,
    sent: tally.sent,
    skipped: plan.skipped,
    failed: tally.failed,
    blocked: tally.blocked,
    migrated: tally.migrated,
    noChannel: plan.noChannel,
    durationMs: Date.now() - started,
    retryLater: tally.retryLater,
    nextDue: plan.nextDue,
  };
  if (plan.work.length || report.skipped) deps.logger.info({ ...report, nextDue: report.nextDue?.toISOString() }, "digest: fan-out finished");
  return report;
}
