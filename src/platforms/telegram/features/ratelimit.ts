import type { MiddlewareFn } from "grammy";
import { createUserRateLimiter } from "../../../interaction/rate-limit.ts";
import { RATE_LIMITED } from "../../../messages/catalog.ts";
import type { BotContext } from "../context.ts";
import { notice } from "../notice.ts";

/**
 * Per-user limit on what costs work: addressed messages, button presses and inline queries.
 * Group chatter the bot ignores does not count. The policy and its note are the one every
 * platform uses (interaction/rate-limit.ts): the note once per window, further excess dropped.
 */
export function rateLimitFeature(perMinute: number): MiddlewareFn<BotContext> {
  const limiter = createUserRateLimiter({ perMinute });
  return async (ctx, next) => {
    const counted = ctx.casebot.addressed !== undefined || ctx.callbackQuery !== undefined || ctx.inlineQuery !== undefined;
    const key = counted ? limitKey(ctx) : undefined;
    const verdict = key === undefined ? "ok" : limiter.check(key);
    if (verdict === "ok") return next();
    if (verdict === "notify") await notice(ctx, RATE_LIMITED, 10);
  };
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
