import type { Command } from "../src/dispatch/types.ts";
import { answerQuestion } from "../src/answer/respond.ts";
import { logAnswered } from "../src/stats/log-question.ts";
import { COMMAND_TEXT } from "../src/messages/catalog.ts";

export const ask: Command = {
  name: "ask",
  aliases: ["问", "搜索", "search"],
  description: COMMAND_TEXT.ask.description,
  usage: COMMAND_TEXT.ask.usage,
  async run(ctx, args) {
    return logAnswered(ctx, answerQuestion(ctx.services.answerer, ctx.services.library, args));
  },
};
