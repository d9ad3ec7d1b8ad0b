import { subscriptionKey, type State, type SubscriptionRecord } from "./types.ts";

/** Reads and mutations of State.subscriptions. Mutations run inside StateStore.update(). */
export type SubscriptionInput = Pick<SubscriptionRecord, "platform" | "chatId" | "topicId" | "title" | "cron" | "timezone" | "content"> & {
  by: SubscriptionRecord["subscribedBy"];
};

export type UpsertChange = "created" | "updated" | "reactivated" | "unchanged";

export function getSubscription(state: State, platform: string, chatId: string, content?: string): SubscriptionRecord | undefined {
  return state.subscriptions[subscriptionKey(platform, chatId, content)];
}

export function activeSubscriptions(state: State): SubscriptionRecord[] {
  return Object.values(state.subscriptions).filter((s) => s.active);
}

/**
 * Creates or updates the chat's subscription. The push history (cycle, cases sent) survives an
 * unsubscribe/subscribe round trip so a chat does not get the same cases again.
 */
export function upsertSubscription(state: State, input: SubscriptionInput, now: Date): { record: SubscriptionRecord; change: UpsertChange } {
  const key = subscriptionKey(input.platform, input.chatId, input.content);
  const at = now.toISOString();
  const old = state.subscriptions[key];
  if (!old) {
    const record: SubscriptionRecord = {
      key,
      platform: input.platform,
      chatId: input.chatId,
      topicId: input.topicId || undefined,
      title: input.title || undefined,
      cron: input.cron,
      timezone: input.timezone,
      subscribedBy: input.by,
      subscribedAt: at,
      activeSince: at,
      updatedAt: at,
      active: true,
      sentInCycle: [],
      cycle: 1,
      ...(input.content === undefined ? {} : { content: input.content }),
    };
    state.subscriptions[key] = record;
    return { record, change: "created" };
  }
  const scheduleChanged = old.cron !== input.cron || old.timezone !== input.timezone;
  const topicChanged = (old.topicId ?? "") !== (input.topicId ?? "");
  const change: UpsertChange = !old.active ? "reactivated" : scheduleChanged || topicChanged ? "updated" : "unchanged";
  if (change === "unchanged") return { record: old, change };
  old.cron = input.cron;
  old.timezone = input.timezone;
  if (input.topicId) old.topicId = input.topicId;
  else delete old.topicId;
  if (input.title) old.title = input.title;
  old.subscribedBy = input.by;
  old.updatedAt = at;
  if (change === "reactivated" || scheduleChanged) old.activeSince = at;
  if (change === "reactivated") {
    old.subscribedAt = at;
    old.active = true;
    delete old.inactiveReason;
  }
  return { record: old, change };
}

export function deactivateSubscription(state: State, key: string, reason: string, now: Date): boolean {
  const s = state.subscriptions[key];
  if (!s?.active) return false;
  s.active = false;
  s.inactiveReason = reason;
  s.updatedAt = now.toISOString();
  return true;
}

/** Records a delivered case; starts a new cycle when the case was already sent in this one. */
export function recordSent(s: SubscriptionRecord, caseId: string, period: string, now: Date): void {
  if (s.sentInCycle.includes(caseId)) {
    s.cycle += 1;
    s.sentInCycle = [];
  }
  s.sentInCycle.push(caseId);
  s.lastSentAt = now.toISOString();
  s.lastPeriod = period;
  s.lastCaseId = caseId;
  s.updatedAt = s.lastSentAt;
}
