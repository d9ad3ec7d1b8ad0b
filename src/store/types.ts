/** Everything casebot remembers between restarts, in one lowdb JSON document. */
export interface ChatRecord {
  /** The adapter's name. */
  platform: string;
  chatId: string;
  type: "private" | "group";
  title?: string;
  active: boolean;
  /** Why the chat went inactive (kicked, blocked, migrated …). */
  inactiveReason?: string;
  /** Set on the old record when the chat moved to a new id (a Telegram group became a supergroup). */
  migratedTo?: string;
  firstSeen: string;
  updatedAt: string;
}

export interface SubscriptionRecord {
  /** `${channel}:${chatId}` — see chatKey(); one subscription per chat. */
  key: string;
  /** The delivery channel's name: the chat's platform, or a push-only channel (chatId is then, e.g., a group robot's name). */
  platform: string;
  chatId: string;
  /** Forum topic the pushes go to (where /subscribe was sent). */
  topicId?: string;
  title?: string;
  /** Cron expression in `timezone`. */
  cron: string;
  timezone: string;
  subscribedBy: { id: string; name?: string };
  subscribedAt: string;
  /** Periods that fired before this instant are not owed (set on subscribe, re-subscribe, schedule change). */
  activeSince: string;
  updatedAt: string;
  active: boolean;
  /** Why it stopped: "unsubscribed", "blocked: …", "migrated to …". */
  inactiveReason?: string;
  /** Case ids already pushed in the current cycle. */
  sentInCycle: string[];
  cycle: number;
  lastSentAt?: string;
  lastPeriod?: string;
  lastCaseId?: string;
  /**
   * What the push carries when it is not the weekly case: a PushContent's name (src/digest/content.ts),
   * e.g. the editors' weekly statistics. Its key is then subscriptionKey(platform, chatId, content).
   */
  content?: string;
}

/**
 * pending: written before the send; sent: the platform accepted it; skipped: its period ended before
 * it could go out (bot was down); failed: refused for good (blocked, bad request, too many attempts).
 */
export type OutboxStatus = "pending" | "sent" | "skipped" | "failed";

/** One (chat, period) push. Written before sending, marked after, so a crash never doubles or loses it. */
export interface OutboxRecord {
  /** `${subscription}@${period}`. */
  key: string;
  subscription: string;
  /** The fire instant in the subscription's zone, e.g. 2026-11-30T09:00+08:00. */
  period: string;
  /** Where it goes (kept so a resume sends to the same place even if the subscription changed). */
  platform: string;
  chatId: string;
  topicId?: string;
  caseId: string;
  status: OutboxStatus;
  createdAt: string;
  updatedAt: string;
  /** Send attempts that reached the platform or failed in transit. */
  attempts: number;
  sentAt?: string;
  error?: string;
}

export interface WebhookRecord {
  name: string;
  /** Full webhook URL; contains the robot key, so it is never logged. */
  url: string;
  addedBy?: string;
  /**
   * chatKey() of the chat that registered it; only that chat (and editors, the CLI) may see or
   * change it. Absent: CLI-registered or from before owners existed.
   */
  owner?: string;
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
  /** The last change-journal line this snapshot contains (db.json.changes replays only later ones). */
  journalSeq?: number;
}

export const emptyState = (): State => ({ version: 1, chats: {}, subscriptions: {}, outbox: {}, webhooks: {} });

export const chatKey = (platform: string, chatId: string): string => `${platform}:${chatId}`;

/** One subscription per chat and content: the case push keeps the chat's key, other contents add theirs. */
export const subscriptionKey = (platform: string, chatId: string, content?: string): string =>
  content === undefined ? chatKey(platform, chatId) : `${chatKey(platform, chatId)}#${content}`;
