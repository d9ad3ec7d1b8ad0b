import type { Platform } from "../commands/types.ts";

/** Everything casebot remembers between restarts, in one lowdb JSON document. */
export interface ChatRecord {
  platform: Platform;
  chatId: string;
  type: "private" | "group";
  title?: string;
  active: boolean;
  /** Why the chat went inactive (kicked, blocked, migrated …). */
  inactiveReason?: string;
  /** Set on the old record when a Telegram group became a supergroup. */
  migratedTo?: string;
  firstSeen: string;
  updatedAt: string;
}

export interface SubscriptionRecord {
  /** `${platform}:${chatId}` or `wecom-webhook:${name}` — see chatKey(). */
  key: string;
  platform: string;
  chatId: string;
  topicId?: string;
  /** Cron expression in `timezone`. */
  cron: string;
  timezone: string;
  subscribedBy: { id: string; name?: string };
  subscribedAt: string;
  active: boolean;
  /** Case ids already pushed in the current cycle. */
  sentInCycle: string[];
  cycle: number;
  lastSentAt?: string;
  lastPeriod?: string;
}

export type OutboxStatus = "pending" | "sent" | "skipped" | "failed";

/** One (chat, period) push. Written before sending, marked after, so a crash never doubles or loses it. */
export interface OutboxRecord {
  key: string;
  subscription: string;
  period: string;
  caseId: string;
  status: OutboxStatus;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  error?: string;
}

export interface WebhookRecord {
  name: string;
  /** Full webhook URL; contains the robot key, so it is never logged. */
  url: string;
  addedBy?: string;
  addedAt: string;
  active: boolean;
  failures: number;
  lastError?: string;
}

export interface State {
  version: 1;
  chats: Record<string, ChatRecord>;
  subscriptions: Record<string, SubscriptionRecord>;
  outbox: Record<string, OutboxRecord>;
  webhooks: Record<string, WebhookRecord>;
}

export const emptyState = (): State => ({ version: 1, chats: {}, subscriptions: {}, outbox: {}, webhooks: {} });

export const chatKey = (platform: string, chatId: string): string => `${platform}:${chatId}`;
