import type { Command } from "../src/dispatch/types.ts";
import { renderCaseCard } from "../src/answer/cards.ts";
import { textReply } from "../src/reply/build.ts";

export const random: Command = {
  name: "random",
  aliases: ["随机"],
  description: "随机看一个典型案例",
  async run(ctx) {
    const { cases } = ctx.services.library;
    const pick = cases[Math.floor(Math.random() * cases.length)];
    if (!pick) return textReply("info", "案例库还是空的。");
    return renderCaseCard(pick, ctx.services.library.article(pick.articleId), { title: "🎲 随机案例" });
  },
};
