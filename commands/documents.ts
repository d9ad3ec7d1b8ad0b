import { commandWord } from "../src/dispatch/registry.ts";
import type { Command } from "../src/dispatch/types.ts";
import { documentsReply } from "../src/interaction/upload-report.ts";
import { COMMAND_TEXT, UPLOAD_TEXT } from "../src/messages/catalog.ts";
import { textReply } from "../src/reply/build.ts";

/**
 * /文档 (editors, private chat): the newsletters in the library with their dates and case counts.
 * Not in a group, even an editor's: the list names every file and why one was quarantined, which
 * the group's other members have no need to read (the console's operator is alone).
 */
export const documents: Command = {
  name: "documents",
  aliases: ["文档", "新闻稿"],
  description: COMMAND_TEXT.documents.description,
  editors: true,
  async run(ctx) {
    if (!ctx.isEditor) return textReply("info", UPLOAD_TEXT.notEditorCommand);
    if (ctx.chat.type !== "private" && !ctx.capabilities.operator) return textReply("info", UPLOAD_TEXT.documentsPrivateOnly);
    const newsletters = ctx.services.newsletters;
    if (!newsletters) return textReply("error", UPLOAD_TEXT.unavailable);
    return documentsReply(await newsletters.list(), { remove: commandWord(ctx, "remove"), correct: commandWord(ctx, "correct") }, ctx.capabilities.fileUpload);
  },
};
