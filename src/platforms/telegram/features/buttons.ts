import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { decodeAction } from "../callback-data.ts";
import { commandContext, respond, type BotContext, type TelegramRuntime } from "../context.ts";
import { addressed, topicOf } from "../decode.ts";
import { renderMorePage } from "../../../answer/more.ts";

export const STALE_BUTTON = "这个按钮已失效，请重新提问。";
export const OPEN_IN_PRIVATE = "请在与机器人的私聊中查看。";

/**
 * Buttons under answers: `c:<command>:<args>` runs a command (查看全文 → /case <id>), `m:<page>[:key]`
 * shows the next matches (其他单位). Every press is answered, unknown or stale ones politely.
 */
export function buttonsFeature(rt: TelegramRuntime): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("callback_query:data", async (ctx) => {
    const action = decodeAction(ctx.callbackQuery.data, (key) => rt.memory.recall(key));
    const message = ctx.callbackQuery.message;
    if (!action) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON }));
    // Buttons on shared (inline) messages have no chat to answer in.
    if (!message || !ctx.chat) return void (await ctx.answerCallbackQuery({ text: OPEN_IN_PRIVATE }));

    // Answer in the same topic, quoting the question the button's message answered.
    const question = "reply_to_message" in message ? message.reply_to_message : undefined;
    const target = { chatId: ctx.chat.id, threadId: topicOf(message as Message), replyTo: question?.message_id ?? message.message_id };

    if (action.type === "command") {
      const command = rt.services.registry.get(action.command);
      if (!command) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON }));
      await ctx.answerCallbackQuery();
      const reply = await command.run(commandContext(ctx, rt), action.args);
      return respond(ctx, rt, reply, target);
    }

    const query = action.query ?? questionFrom(question, ctx, rt);
    if (!query) return void (await ctx.answerCallbackQuery({ text: STALE_BUTTON }));
    await ctx.answerCallbackQuery();
    await respond(ctx, rt, renderMorePage(rt.services, query, action.page), target);
  });
  return composer;
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
