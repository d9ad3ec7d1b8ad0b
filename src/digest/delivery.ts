import type { Reply } from "../reply/types.ts";

/**
 * Where a push goes. `channel` names the DeliveryChannel: a platform's own (named like the platform),
 * or a push-only one such as WeCom's group robots, whose chatId is the robot's registered name.
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
