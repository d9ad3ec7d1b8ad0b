import type { Command } from "../src/dispatch/types.ts";
import { commandWord } from "../src/dispatch/registry.ts";
import { statusLines } from "../src/digest/command-text.ts";
import { COMMAND_TEXT, DIGEST_TEXT, LIBRARY_TEXT } from "../src/messages/catalog.ts";
import { targetOf } from "../src/digest/service-types.ts";
import { textReply } from "../src/reply/build.ts";

export const subscription: Command = {
  name: "subscription",
  aliases: ["订阅状态"],
  description: COMMAND_TEXT.subscription.description,
  async run(ctx) {
    const { digest } = await ctx.services.stateful;
    if (!digest) return textReply("error", DIGEST_TEXT.disabled);
    const status = digest.status(targetOf(ctx.chat), ctx.now());
    if (!status) return textReply("info", DIGEST_TEXT.notSubscribed(commandWord(ctx, "subscribe")));
    return textReply("info", [LIBRARY_TEXT.subscribed, ...statusLines(status, ctx.services.library)].join("\n"));
  },
};
