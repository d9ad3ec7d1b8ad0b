import { createHash } from "node:crypto";
import type { DeliveryChannel, DeliveryOutcome, PushTarget } from "../../../digest/delivery.ts";
import type { Reply } from "../../../reply/types.ts";
import { aibotOutcome } from "./outcome.ts";
import { sendReply, type AibotSender } from "./send.ts";
import { createPartProgress } from "../part-progress.ts";

/**
 * Weekly pushes into AI-bot chats (aibot_send_msg over the long connection). chatId is a group's
 * chatid or, for a single chat, the user's userid. Command buttons become "send this word" hints.
 */
export function createAibotChannel(client: AibotSender, opts: { commandWord?: (name: string) => string } = {}): DeliveryChannel {
  const progress = createPartProgress();
  return {
    name: "wecom",
    // WeCom publishes no per-chat quota for AI-bot pushes; these mirror the group-robot limit.
    limits: { perChatPerMinute: 20, globalPerSecond: 10 },
    async send(target: PushTarget, reply: Reply): Promise<DeliveryOutcome> {
      if (!client.isConnected) return { status: "retry", afterMs: 5_000, reason: "WeCom long connection is down (reconnecting)" };
      const key = `${target.chatId}\n${createHash("sha1").update(JSON.stringify(reply)).digest("hex")}`;
      try {
        await sendReply(client, target.chatId, reply, { ...opts, skip: progress.get(key), onPart: (n) => progress.remember(key, n) });
        progress.done(key);
        return { status: "sent" };
      } catch (err) {
        return aibotOutcome(err);
      }
    },
  };
}
