import type { Command } from "../src/commands/types.ts";
import { renderAnswer, renderEmptyQuestion } from "../src/answer/render.ts";

export const ask: Command = {
  name: "ask",
  aliases: ["问", "搜索", "search"],
  description: "提问或按关键词搜索典型案例",
  usage: "<问题或关键词>",
  async run(ctx, args) {
    if (!args.trim()) return renderEmptyQuestion(ctx.services.library);
    const result = ctx.services.answerer.ask(args);
    return renderAnswer(result, ctx.services.library);
  },
};
