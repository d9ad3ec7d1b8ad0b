import type { Command } from "../src/dispatch/types.ts";
import { renderFullCase } from "../src/answer/cards.ts";
import { help } from "./help.ts";
import { COMMAND_TEXT } from "../src/messages/catalog.ts";

/** /start, also the target of deep links: https://t.me/<bot>?start=case_<id>. */
export const start: Command = {
  name: "start",
  aliases: ["开始"],
  description: COMMAND_TEXT.start.description,
  hidden: true,
  async run(ctx, args) {
    const payload = /^case_([A-Za-z0-9]+)$/.exec(args.trim());
    if (payload?.[1]) {
      const c = ctx.services.library.byId(payload[1]);
      if (c) return renderFullCase(c, ctx.services.library.article(c.articleId));
    }
    return help.run(ctx, "");
  },
};
