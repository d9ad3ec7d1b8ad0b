import { GrammyError, HttpError, type Api } from "grammy";
import type { ChannelLimits, DeliveryChannel, DeliveryOutcome, PushTarget } from "../../digest/delivery.ts";
import type { Logger } from "../../logger.ts";
import type { Reply } from "../../reply/types.ts";
import { renderTelegram, type TelegramChunk } from "./render.ts";
import { sendChunks } from "./send.ts";

/** Telegram's broadcast limits: about 30 messages a second overall, 20 a minute into one group. */
export const TELEGRAM_LIMITS: ChannelLimits = { perChatPerMinute: 20, globalPerSecond: 30 };

/**
 * The digest's way into Telegram: renders the Reply as HTML (render.ts) and maps the Bot API's
 * answers to delivery outcomes. It never retries by itself; the fan-out decides (and a 429 that
 * the api's auto-retry gave up on still arrives here as `retry`).
 */
export function createTelegramChannel(api: Api, logger: Logger, limits: ChannelLimits = TELEGRAM_LIMITS): DeliveryChannel {
  // A fan-out sends the same card object to thousands of chats: render its HTML once.
  const rendered = new WeakMap<Reply, TelegramChunk[]>();
  return {
    name: "telegram",
    limits,
    async send(target: PushTarget, reply): Promise<DeliveryOutcome> {
      let chunks = rendered.get(reply);
      if (!chunks) rendered.set(reply, (chunks = renderTelegram(reply)));
      try {
        await sendChunks(api, { chatId: telegramChatId(target.chatId), threadId: target.topicId ? Number(target.topicId) : undefined }, chunks);
        return { status: "sent" };
      } catch (err) {
        const outcome = classifyTelegramError(err);
        logger.debug({ chat: target.chatId, outcome }, "telegram: push not delivered");
        return outcome;
      }
    },
  };
}

/** Numeric ids go out as numbers (as Telegram documents them); anything else (@channel) as is. */
export function telegramChatId(chatId: string): number | string {
  const n = Number(chatId);
  return /^-?\d+$/.test(chatId) && Number.isSafeInteger(n) ? n : chatId;
}

const GONE = new RegExp(
  [
    "chat not found|bot was kicked|bot was blocked|user is deactivated|group chat was deactivated",
    "not a member|have no rights to send|CHAT_WRITE_FORBIDDEN|need administrator rights",
  ].join("|"),
  "i",
);

export function classifyTelegramError(err: unknown): DeliveryOutcome {
  if (err instanceof GrammyError) {
    const reason = `${err.error_code} ${err.description}`;
    const migrateTo = err.parameters.migrate_to_chat_id;
    if (migrateTo !== undefined) return { status: "migrated", newChatId: String(migrateTo) };
    if (err.error_code === 429) return { status: "retry", afterMs: (err.parameters.retry_after ?? 1) * 1000, reason };
    if (err.error_code === 403 || (err.error_code === 400 && GONE.test(err.description))) return { status: "blocked", reason: err.description };
    return { status: "failed", reason, permanent: err.error_code >= 400 && err.error_code < 500 };
  }
  if (err instanceof HttpError) return { status: "failed", reason: `network: ${(err.error as Error | undefined)?.message ?? err.message}`, permanent: false };
  return { status: "failed", reason: (err as Error)?.message ?? String(err), permanent: false };
}
