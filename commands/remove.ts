import type { Command } from "../src/dispatch/types.ts";
import { UserInputError } from "../src/errors.ts";
import { removedReply } from "../src/interaction/upload-report.ts";
import { COMMAND_TEXT, UPLOAD_TEXT } from "../src/messages/catalog.ts";
import { textReply } from "../src/reply/build.ts";

/** 删除文档 <编号> (editors), also what the 撤销 button under an upload report runs. */
export const remove: Command = {
  name: "remove",
  aliases: ["删除文档"],
  description: COMMAND_TEXT.remove.description,
  usage: COMMAND_TEXT.remove.usage,
  editors: true,
  async run(ctx, args) {
    if (!ctx.isEditor) return textReply("info", UPLOAD_TEXT.notEditorCommand);
    const newsletters = ctx.services.newsletters;
    if (!newsletters) return textReply("error", UPLOAD_TEXT.unavailable);
    try {
      return removedReply(await newsletters.remove(args));
    } catch (err) {
      if (err instanceof UserInputError) return textReply("error", err.userMessage);
      throw err;
    }
  },
};
