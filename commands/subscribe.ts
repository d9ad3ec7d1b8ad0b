import type { Command } from "../src/dispatch/types.ts";
import { commandWord } from "../src/dispatch/registry.ts";
import { statusLines } from "../src/digest/command-text.ts";
import { COMMAND_TEXT, DIGEST_TEXT } from "../src/messages/catalog.ts";
import { targetOf } from "../src/digest/service-types.ts";
import { UserInputError } from "../src/errors.ts";
import { textReply } from "../src/reply/build.ts";

export const subscribe: Command = {
  name: "subscribe",
  aliases: ["订阅"],
  description: COMMAND_TEXT.subscribe.description,
  groupNote: COMMAND_TEXT.subscribe.groupNote,
  usage: COMMAND_TEXT.subscribe.usage,
  async run(ctx, args) {
    const { digest } = await ctx.services.stateful;
    if (!digest) return textReply("error", DIGEST_TEXT.disabled);
    if (ctx.chat.type === "group" && !(await ctx.isAdmin())) return textReply("error", DIGEST_TEXT.notAdmin);
    try {
      const { status, change } = await digest.subscribe({
        target: targetOf(ctx.chat),
        by: ctx.user,
        scheduleText: args,
        title: ctx.chat.title,
      });
      const unsubscribe = commandWord(ctx, "unsubscribe");
      const preview = commandWord(ctx, "digest");
      return textReply(
        "info",
        [`${DIGEST_TEXT.change[change]}。`, ...statusLines(status, ctx.services.library), DIGEST_TEXT.afterSubscribe(preview, unsubscribe)].join("\n"),
      );
    } catch (err) {
      if (err instanceof UserInputError) return textReply("error", err.userMessage);
      throw err;
    }
  },
};
