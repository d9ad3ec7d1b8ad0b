import type { Command } from "../src/dispatch/types.ts";
import { COMMAND_TEXT, DIGEST_TEXT } from "../src/messages/catalog.ts";
import { targetOf } from "../src/digest/service-types.ts";
import { textReply } from "../src/reply/build.ts";

/** Shows the card this chat would receive if the push went out now; anyone may look. */
export const digest: Command = {
  name: "digest",
  aliases: ["本周案例"],
  description: COMMAND_TEXT.digest.description,
  async run(ctx) {
    const { digest: service } = await ctx.services.stateful;
    if (!service) return textReply("error", DIGEST_TEXT.disabled);
    return service.preview(targetOf(ctx.chat))?.reply ?? textReply("info", DIGEST_TEXT.empty);
  },
};
