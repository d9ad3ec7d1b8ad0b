import { storedReason } from "../safety/secrets.ts";
import type { OutboxRecord, OutboxStatus, State, SubscriptionRecord } from "./types.ts";

/** Reads and mutations of State.outbox. Mutations run inside StateStore.update(). */
export const outboxKey = (subscription: string, period: string): string => `${subscription}@${period}`;

export function getEntry(state: State, subscription: string, period: string): OutboxRecord | undefined {
  return state.outbox[outboxKey(subscription, period)];
}

export function createEntry(
  state: State,
  sub: SubscriptionRecord,
  period: string,
  caseId: string,
  status: Extract<OutboxStatus, "pending" | "skipped">,
  now: Date,
  error?: string,
): OutboxRecord {
  const at = now.toISOString();
  const entry: OutboxRecord = {
    key: outboxKey(sub.key, period),
    subscription: sub.key,
    period,
    platform: sub.platform,
    chatId: sub.chatId,
    topicId: sub.topicId || undefined,
    caseId,
    status,
    createdAt: at,
    updatedAt: at,
    attempts: 0,
    error: error ? storedReason(error) : undefined,
  };
  state.outbox[entry.key] = entry;
  return entry;
}

export function markEntry(entry: OutboxRecord, status: OutboxStatus, now: Date, error?: string): void {
  entry.status = status;
  entry.updatedAt = now.toISOString();
  if (status === "sent") entry.sentAt = entry.updatedAt;
  if (error) entry.error = storedReason(error);
  else delete entry.error;
}
