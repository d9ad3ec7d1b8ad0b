import type { Command } from "../src/dispatch/types.ts";
import { commandWord } from "../src/dispatch/registry.ts";
import { statusLines } from "../src/digest/command-text.ts";
import { DIGEST_TEXT } from "../src/messages/catalog.ts";
import { targetOf } from "../src/digest/service-types.ts";
import { textReply } from "../src/reply/build.ts";

export const subscription: Command = {
  name: "subscription",
  aliases: ["订阅状态"],
  description: "查看推送时间和下次推送",
  async run(ctx) {
    const { digest } = await ctx.services.stateful;
    if (!digest) return textReply("error", DIGEST_TEXT.disabled);
    const status = digest.status(targetOf(ctx.chat), ctx.now());
    if (!status) return textReply("info", DIGEST_TEXT.notSubscribed(commandWord(ctx, "subscribe")));
    return textReply("info", ["每周案例推送：已订阅", ...statusLines(status, ctx.services.library)].join("\n"));
  },
};
