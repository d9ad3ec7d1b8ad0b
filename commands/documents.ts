import { commandWord } from "../src/dispatch/registry.ts";
import type { Command } from "../src/dispatch/types.ts";
import { documentsReply } from "../src/interaction/upload-report.ts";
import { COMMAND_TEXT, UPLOAD_TEXT } from "../src/messages/catalog.ts";
import { textReply } from "../src/reply/build.ts";

/** /文档 (editors): the newsletters in the library with their dates and case counts. */
export const documents: Command = {
  name: "documents",
  aliases: ["文档", "新闻稿"],
  description: COMMAND_TEXT.documents.description,
  editors: true,
  async run(ctx) {
    if (!ctx.isEditor) return textReply("info", UPLOAD_TEXT.notEditorCommand);
    const newsletters = ctx.services.newsletters;
    if (!newsletters) return textReply("error", UPLOAD_TEXT.unavailable);
    return documentsReply(await newsletters.list(), { remove: commandWord(ctx, "remove"), correct: commandWord(ctx, "correct") }, ctx.capabilities.fileUpload);
  },
};
