import cron from "node-cron";
import type { Logger } from "../logger.ts";
import type { FanoutResult } from "./fanout.ts";
import type { DigestScheduler } from "./service-types.ts";

/** Calls `onTick` periodically until stopped. */
export type TickSource = (onTick: () => void) => { stop(): void | Promise<void> };

/**
 * A node-cron task at the top of every minute. Per-chat schedules differ, so one minutely tick
 * asks "is anything due?" instead of one task per (cron, zone); the answer is cached until the
 * earliest next fire time, so idle ticks cost nothing.
 */
export const minutelyCronTick: TickSource = (onTick) => {
  const task = cron.schedule("* * * * *", onTick, { name: "casebot-digest", noOverlap: true });
  return { stop: () => task.stop() };
};

export interface SchedulerDeps {
  run(at: Date): Promise<FanoutResult>;
  now: () => Date;
  logger: Logger;
  /** A counter that moves whenever subscriptions change, so a tick re-plans. */
  changes: () => number;
  tick?: TickSource;
}

/**
 * Runs once right away (resume unfinished periods, catch up missed ones), then on every tick that
 * has something due. A tick that arrives while a fan-out is running is skipped, never queued twice.
 */
export function createScheduler(deps: SchedulerDeps): DigestScheduler {
  let busy: Promise<void> | undefined;
  let nextDue: Date | undefined;
  let seenChanges = -1;
  let retry = false;
  let stopped = false;

  const onTick = (): void => {
    if (busy || stopped) return;
    const at = deps.now();
    const changes = deps.changes();
    // Nothing changed since the last run, nothing to retry, and the earliest fire time (none when
    // there are no subscriptions) has not come: the tick has nothing to do.
    if (changes === seenChanges && !retry && (!nextDue || at.getTime() < nextDue.getTime())) return;
    seenChanges = changes;
    busy = deps
      .run(at)
      .then((r) => {
        nextDue = r.nextDue;
        retry = r.retryLater > 0;
      })
      .catch((err: unknown) => {
        retry = true;
        deps.logger.error({ err }, "digest: fan-out failed; will retry on the next tick");
      })
      .finally(() => {
        busy = undefined;
      });
  };

  const source = (deps.tick ?? minutelyCronTick)(onTick);
  onTick();
  return {
    async stop() {
      stopped = true;
      await source.stop();
      await busy;
    },
    async idle() {
      await busy;
    },
  };
}
