import { Composer, type FilterQuery } from "grammy";
import { textReply } from "../../../reply/build.ts";
import { answerText, respond, type BotContext, type TelegramRuntime } from "../context.ts";

export const TEXT_ONLY = "目前只能回答文字提问，请直接输入问题或关键词，例如：联络站怎么建？";

const MEDIA = [
  "message:photo",
  "message:sticker",
  "message:voice",
  "message:video",
  "message:document",
  "message:audio",
  "message:animation",
  "message:video_note",
] satisfies FilterQuery[];

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
  // In a private chat a photo or voice message is still someone asking; say what works.
  // (In groups media is never addressed to us, so it is left alone.)
  composer.chatType("private").on(MEDIA, async (ctx) => respond(ctx, rt, textReply("info", TEXT_ONLY)));
  return composer;
}
