import type { Command } from "../src/dispatch/types.ts";
import { commandWord } from "../src/dispatch/registry.ts";
import { COMMAND_TEXT, DIGEST_TEXT } from "../src/messages/catalog.ts";
import { targetOf } from "../src/digest/service-types.ts";
import { textReply } from "../src/reply/build.ts";

export const unsubscribe: Command = {
  name: "unsubscribe",
  aliases: ["退订", "取消订阅"],
  description: COMMAND_TEXT.unsubscribe.description,
  groupNote: COMMAND_TEXT.unsubscribe.groupNote,
  async run(ctx) {
    const { digest } = await ctx.services.stateful;
    if (!digest) return textReply("error", DIGEST_TEXT.disabled);
    const word = commandWord(ctx, "subscribe");
    if (!digest.status(targetOf(ctx.chat))) return textReply("info", DIGEST_TEXT.notSubscribed(word));
    if (ctx.chat.type === "group" && !(await ctx.isAdmin())) return textReply("error", DIGEST_TEXT.notAdmin);
    const done = await digest.unsubscribe(targetOf(ctx.chat));
    return textReply("info", done ? DIGEST_TEXT.unsubscribed(word) : DIGEST_TEXT.notSubscribed(word));
  },
};
