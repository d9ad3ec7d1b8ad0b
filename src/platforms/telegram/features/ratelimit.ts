import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";
import { notice } from "../notice.ts";

export const RATE_LIMITED = "您的提问有点太快了，请稍等一分钟再试。";

/**
 * Per-user limit on what costs work: addressed messages, button presses and inline queries.
 * Group chatter the bot ignores does not count. The polite note is sent once per window
 * (the plugin calls onLimitExceeded only on the first excess); further excess is dropped.
 */
export function rateLimitFeature(perMinute: number): MiddlewareFn<BotContext> {
  return limit<BotContext, never>({
    timeFrame: 60_000,
    limit: perMinute,
    keyGenerator: (ctx) => {
      const counted = ctx.casebot.addressed !== undefined || ctx.callbackQuery !== undefined || ctx.inlineQuery !== undefined;
      return counted ? limitKey(ctx) : undefined;
    },
    // The plugin returns this function's result from the middleware, so the promise is awaited
    // by grammY (and errors reach the boundary) even though the option is typed as void.
    onLimitExceeded: notify as (ctx: BotContext) => void,
  });
}

async function notify(ctx: BotContext): Promise<void> {
  await notice(ctx, RATE_LIMITED, 10);
}

/**
 * Whose bucket an update counts against. Anonymous group admins (and channels posting into a
 * group) all arrive with the same `from` (GroupAnonymousBot); their identity is the chat they post
 * as, so they are limited per chat instead of sharing one bucket across every group.
 */
export function limitKey(ctx: BotContext): string | undefined {
  const senderChat = ctx.msg?.sender_chat;
  if (senderChat && ctx.chat) return `chat:${senderChat.id}@${ctx.chat.id}`;
  return ctx.from ? String(ctx.from.id) : undefined;
}
