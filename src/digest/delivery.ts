import type { Reply } from "../reply/types.ts";

/**
 * Where a push goes. `channel` picks the DeliveryChannel: "telegram", "wecom" (AI-bot chat via
 * aibot_send_msg) or "wecom-webhook" (a group robot; chatId is the webhook's registered name).
 */
export interface PushTarget {
  channel: string;
  chatId: string;
  topicId?: string;
}

export type DeliveryOutcome =
  | { status: "sent" }
  /** The bot was removed or blocked: deactivate the chat, don't retry. */
  | { status: "blocked"; reason: string }
  /** The chat moved (Telegram group → supergroup): move its state and resend there. */
  | { status: "migrated"; newChatId: string }
  /** Flood control: try again after this long. */
  | { status: "retry"; afterMs: number; reason: string }
  | { status: "failed"; reason: string; permanent: boolean };

export interface ChannelLimits {
  /** Messages per minute into one chat (Telegram groups: 20; WeCom webhook robots: 20). */
  perChatPerMinute: number;
  /** Messages per second across all chats (Telegram: 30). */
  globalPerSecond: number;
}

/** One platform's way to push a Reply into a chat. The digest fan-out only talks to this. */
export interface DeliveryChannel {
  readonly name: string;
  readonly limits: ChannelLimits;
  send(target: PushTarget, reply: Reply): Promise<DeliveryOutcome>;
}
