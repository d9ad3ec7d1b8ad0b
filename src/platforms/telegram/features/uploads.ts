import { Composer } from "grammy";
import { linkOnly, receiveDocument, receiveLink } from "../../../interaction/uploads.ts";
import { UPLOAD_TEXT } from "../../../messages/catalog.ts";
import { textReply } from "../../../reply/build.ts";
import { commandContext, respond, type BotContext, type TelegramRuntime } from "../context.ts";
import { mentionsBot, repliesToBot } from "../decode.ts";
import { downloadTelegramFile, type FileSource } from "../files.ts";

/**
 * Newsletters sent to the bot (interaction/uploads.ts decides; this only decodes and downloads).
 * Private chats: a document, or a message that is only a link. Groups: nothing is downloaded;
 * a document whose caption @-mentions the bot (or that replies to it) is told to come privately.
 */
export function uploadsFeature(rt: TelegramRuntime, files: FileSource): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on("message:document", async (ctx) => {
    const msg = ctx.message;
    if (ctx.chat.type !== "private") {
      const caption = msg.caption ?? "";
      if (mentionsBot(caption, msg.caption_entities ?? [], ctx.me) || repliesToBot(msg, ctx.me))
        await respond(ctx, rt, textReply("info", UPLOAD_TEXT.sendPrivately));
      return;
    }
    const cmd = commandContext(ctx, rt);
    await rt.chats.upsert(cmd.chat);
    const doc = msg.document;
    // Reading a long PDF takes seconds: show the editor that the bot is at it.
    if (cmd.isEditor) await ctx.replyWithChatAction("typing").catch(() => undefined);
    const reply = await receiveDocument(
      cmd,
      {
        fileName: doc.file_name,
        size: doc.file_size,
        download: async () => ({ bytes: await downloadTelegramFile(ctx.api, doc.file_id, files), contentType: doc.mime_type }),
      },
      rt.logger,
    );
    await respond(ctx, rt, reply);
  });
  composer.chatType("private").on("message:text").filter(
    (ctx) => ctx.casebot.addressed?.kind === "question" && linkOnly(ctx.casebot.addressed.text) !== undefined,
    async (ctx) => {
      const cmd = commandContext(ctx, rt);
      await rt.chats.upsert(cmd.chat);
      await respond(ctx, rt, await receiveLink(cmd, linkOnly(ctx.casebot.addressed?.text ?? "") ?? "", rt.logger));
    },
  );
  return composer;
}
