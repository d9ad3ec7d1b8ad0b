import { Composer } from "grammy";
import { answerText, type BotContext, type TelegramRuntime } from "../context.ts";

/**
 * Questions: any text in a private chat; in groups only when the bot is @-mentioned or a message
 * replies to one of its messages (decode.addressed). Everything else in a group is left alone.
 */
export function questionsFeature(rt: TelegramRuntime): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message:text").filter(
    (ctx) => ctx.casebot.addressed?.kind === "question",
    async (ctx) => answerText(ctx, rt, ctx.casebot.addressed?.text ?? ""),
  );
  return composer;
}
