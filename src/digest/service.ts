import type { CaseLibrary } from "../corpus/types.ts";
import type { Logger } from "../logger.ts";
import { getEntry } from "../store/outbox.ts";
import type { OutboxJournal } from "../store/outbox-journal.ts";
import type { StateStore } from "../store/state-store.ts";
import { activeSubscriptions, deactivateSubscription, getSubscription, upsertSubscription } from "../store/subscriptions.ts";
import type { SubscriptionRecord } from "../store/types.ts";
import { caseTitle } from "../answer/cards.ts";
import { digestCard } from "./card.ts";
import type { DeliveryChannel, PushTarget } from "./delivery.ts";
import type { PushContents } from "./content.ts";
import { runFanout, type FanoutOptions, type FanoutResult } from "./fanout.ts";
import { describe, fireMemo, parseSchedule, type Fires } from "./schedule.ts";
import { createScheduler, type TickSource } from "./scheduler.ts";
import { nextCase } from "./select.ts";
import type { DigestService, PlanEntry, Schedule, SubscriptionStatus } from "./service-types.ts";

export interface DigestDeps {
  store: StateStore;
  /** Outbox journal for file-backed stores (see src/store/outbox-journal.ts). */
  journal?: OutboxJournal;
  library: CaseLibrary;
  logger: Logger;
  /** DIGEST_CRON / DIGEST_TZ. */
  defaults: { cron: string; timezone: string };
  now?: () => Date;
  fanout?: FanoutOptions;
  /** What drives the scheduler; default a node-cron task every minute. Tests inject a manual one. */
  tick?: TickSource;
  /** Contents of pushes other than the weekly case (see content.ts). */
  contents?: PushContents;
}

export interface DigestServiceImpl extends DigestService {
  /** Like sendDue, with the extra bookkeeping the scheduler uses. */
  run(channels: readonly DeliveryChannel[], at?: Date): Promise<FanoutResult>;
}

export function createDigestService(deps: DigestDeps): DigestServiceImpl {
  const now = deps.now ?? (() => new Date());
  const { store, library } = deps;
  // Runs never overlap: a second caller waits for the first to finish, then runs itself.
  let chain: Promise<unknown> = Promise.resolve();
  let changes = 0;

  const scheduleOf = (s: Pick<SubscriptionRecord, "cron" | "timezone">): Schedule => ({ cron: s.cron, timezone: s.timezone, label: describe(s.cron) });

  const statusOf = (sub: SubscriptionRecord, at: Date, fires: (s: SubscriptionRecord) => Fires = fireMemo(at)): SubscriptionStatus => {
    const f = fires(sub);
    const currentPeriod = f.fire && f.fire.getTime() >= Date.parse(sub.activeSince) ? f.period : undefined;
    const currentEntry = currentPeriod ? getEntry(store.data, sub.key, currentPeriod) : undefined;
    const nextCaseId = currentEntry?.status === "pending" && currentEntry.caseId ? currentEntry.caseId : nextCase(library, sub.sentInCycle)?.case.id;
    return {
      subscription: sub,
      schedule: scheduleOf(sub),
      nextRun: f.next,
      currentPeriod,
      currentEntry,
      nextCaseId,
    };
  };

  const run = (channels: readonly DeliveryChannel[], at?: Date): Promise<FanoutResult> => {
    const result = chain.then(() =>
      runFanout({ store, library, logger: deps.logger, now, journal: deps.journal, options: deps.fanout, contents: deps.contents }, channels, at ?? now()),
    );
    chain = result.catch(() => undefined);
    return result;
  };

  const service: DigestServiceImpl = {
    parseSchedule: (text) => parseSchedule(text, deps.defaults),

    async subscribe(req) {
      const schedule = parseSchedule(req.scheduleText, deps.defaults);
      const at = now();
      const { record, change } = await store.change((s) =>
        upsertSubscription(
          s,
          {
            platform: req.target.channel,
            chatId: req.target.chatId,
            topicId: req.target.topicId,
            title: req.title,
            cron: schedule.cron,
            timezone: schedule.timezone,
            by: req.by.name ? { id: req.by.id, name: req.by.name } : { id: req.by.id },
            content: req.content,
          },
          at,
        ),
      );
      changes += 1;
      return { status: statusOf(record, at), change };
    },

    async unsubscribe(target, content) {
      const sub = getSubscription(store.data, target.channel, target.chatId, content);
      if (!sub?.active) return false;
      await store.change((s) => deactivateSubscription(s, sub.key, "unsubscribed", now()));
      changes += 1;
      return true;
    },

    status(target, at = now(), content) {
      const sub = getSubscription(store.data, target.channel, target.chatId, content);
      return sub?.active ? statusOf(sub, at) : undefined;
    },

    preview(target: PushTarget) {
      const sub = getSubscription(store.data, target.channel, target.chatId);
      const status = sub?.active ? statusOf(sub, now()) : undefined;
      const c = (status?.nextCaseId ? library.byId(status.nextCaseId) : undefined) ?? nextCase(library, sub?.sentInCycle ?? [])?.case;
      return c ? { caseId: c.id, reply: digestCard(c, library) } : undefined;
    },

    plan(at = now()): PlanEntry[] {
      const fires = fireMemo(at);
      const entries = activeSubscriptions(store.data).map((sub): PlanEntry => {
        const st = statusOf(sub, at, fires);
        // A push of another content (the editors' statistics) carries no case: its content names it.
        const c = st.nextCaseId && sub.content === undefined ? library.byId(st.nextCaseId) : undefined;
        // A current period not yet sent is owed now (the next run catches it up).
        const owed = st.currentPeriod && (!st.currentEntry || st.currentEntry.status === "pending");
        return {
          key: sub.key,
          target: { channel: sub.platform, chatId: sub.chatId, topicId: sub.topicId },
          schedule: st.schedule,
          nextRun: owed ? at : st.nextRun,
          caseId: c?.id,
          caseTitle: c ? caseTitle(c) : sub.content,
        };
      });
      return entries.sort((a, b) => a.nextRun.getTime() - b.nextRun.getTime() || a.key.localeCompare(b.key));
    },

    async sendDue(channels, at) {
      const { nextDue: _n, ...report } = await run(channels, at);
      return report;
    },

    run,

    async recover() {
      await deps.journal?.recover();
    },

    async close() {
      await deps.journal?.close();
    },

    startScheduler(channels) {
      return createScheduler({
        run: (at) => run(channels, at),
        now,
        logger: deps.logger,
        changes: () => changes,
        tick: deps.tick,
      });
    },
  };
  return service;
}
