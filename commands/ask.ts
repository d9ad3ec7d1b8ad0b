import type { Command } from "../src/dispatch/types.ts";
import { answerQuestion } from "../src/answer/respond.ts";
import { logAnswered } from "../src/stats/log-question.ts";

export const ask: Command = {
  name: "ask",
  aliases: ["问", "搜索", "search"],
  description: "提问或按关键词搜索典型案例",
  usage: "<问题或关键词>",
  async run(ctx, args) {
    return logAnswered(ctx, answerQuestion(ctx.services.answerer, ctx.services.library, args));
  },
};
