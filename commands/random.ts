import type { Command } from "../src/dispatch/types.ts";
import { renderCaseCard } from "../src/answer/cards.ts";
import { textReply } from "../src/reply/build.ts";
import { COMMAND_TEXT, LIBRARY_TEXT } from "../src/messages/catalog.ts";

export const random: Command = {
  name: "random",
  aliases: ["随机"],
  description: COMMAND_TEXT.random.description,
  async run(ctx) {
    const { cases } = ctx.services.library;
    const pick = cases[Math.floor(Math.random() * cases.length)];
    if (!pick) return textReply("info", LIBRARY_TEXT.empty);
    return renderCaseCard(pick, ctx.services.library.article(pick.articleId), { title: LIBRARY_TEXT.randomTitle });
  },
};
