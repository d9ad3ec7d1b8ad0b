import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { decodeAction, resolveAction, type DecodedAction } from "../../../interaction/actions.ts";
import { STALE_BUTTON } from "../../../messages/catalog.ts";
import { recordFeedback } from "../../../interaction/feedback.ts";
import { commandContext, respond, type BotContext, type TelegramRuntime } from "../context.ts";
import { addressed, topicOf } from "../decode.ts";

export const OPEN_IN_PRIVATE = "请在与机器人的私聊中查看。";

/**
 * Buttons under answers, through the shared codec and handler (src/interaction/actions.ts):
 * 查看全文 runs /case <id>, 其他单位 shows the next matches. Every press is answered, unknown or
 * stale ones politely.
 */
export function buttonsFeature(rt: TelegramRuntime): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query:data", async (ctx) => {
    const message = ctx.callbackQuery.message;
    // A key from another chat or message (replayed callback data) answers as stale and reveals nothing.
    let foreign = false;
    const action = decodeAction(ctx.callbackQuery.data, (key) => {
      const found = rt.memory.recall(key, { chatId: String(ctx.chat?.id ?? ""), messageId: message?.message_id });
      foreign = found.status === "foreign";
      return found.status === "found" ? found.query : undefined;
    });
    if (!action || foreign) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON }));
    if (action.type === "feedback") return feedbackPress(ctx, rt, action);
    // Buttons on shared (inline) messages have no chat to answer in.
    if (!message || !ctx.chat) return void (await ctx.answerCallbackQuery({ text: OPEN_IN_PRIVATE }));

    // Answer in the same topic, quoting the question the button's message answered.
    const question = "reply_to_message" in message ? message.reply_to_message : undefined;
    const target = { chatId: ctx.chat.id, threadId: topicOf(message as Message), replyTo: question?.message_id ?? message.message_id };
    const run = resolveAction(action, rt.services, () => questionFrom(question, ctx, rt));
    if (!run) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON }));
    await ctx.answerCallbackQuery();
    await respond(ctx, rt, await run(commandContext(ctx, rt)), target);
  });
  // A press without data (a game button, a client bug) is still answered, or the client spins.
  composer.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: STALE_BUTTON }));
  return composer;
}

/**
 * 👍/👎 and a 👎's reason: acknowledged with a toast (no message in the chat), except the 👎
 * follow-up, which is posted once under the answer.
 */
async function feedbackPress(ctx: BotContext, rt: TelegramRuntime, action: Extract<DecodedAction, { type: "feedback" }>): Promise<void> {
  const { chat, user } = commandContext(ctx, rt);
  const outcome = recordFeedback(rt.services.questions, action.answer, action.choice, { platform: chat.platform, id: user.id });
  await ctx.answerCallbackQuery({ text: outcome.notice });
  const message = ctx.callbackQuery?.message;
  if (outcome.followUp && message && ctx.chat)
    await respond(ctx, rt, outcome.followUp, { chatId: ctx.chat.id, threadId: topicOf(message as Message), replyTo: message.message_id });
}

/** Recovers the question from the asker's message the bot replied to (after a restart). */
function questionFrom(msg: Message | undefined, ctx: BotContext, rt: TelegramRuntime): string | undefined {
  if (!msg?.text) return undefined;
  const decoded = addressed(msg, ctx.me, rt.services.registry) ?? { kind: "question", text: msg.text };
  if (decoded.kind === "command") {
    const resolved = rt.services.registry.resolve(decoded.text, { botUsername: ctx.me.username });
    return resolved?.command.name === "ask" && resolved.args ? resolved.args : undefined;
  }
  return decoded.text || undefined;
}
