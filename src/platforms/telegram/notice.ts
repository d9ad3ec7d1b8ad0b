import type { Context } from "grammy";

/**
 * Tells the sender something short in whatever way their update allows: a callback toast, an
 * empty inline answer, or a reply to their message in the same topic. The error boundary and
 * the rate limiter both need exactly this.
 */
export async function notice(ctx: Context, text: string, inlineCacheSeconds: number): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text });
  else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: inlineCacheSeconds });
  else if (ctx.message && ctx.chat) {
    await ctx.reply(text, {
      reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
      message_thread_id: ctx.message.is_topic_message ? ctx.message.message_thread_id : undefined,
    });
  }
}
