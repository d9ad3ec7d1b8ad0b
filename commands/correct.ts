import type { Command } from "../src/dispatch/types.ts";
import { correctInChat } from "../src/interaction/corrections.ts";
import { COMMAND_TEXT } from "../src/messages/catalog.ts";

/** 更正 <编号> … (editors, private chat): see and correct which unit each passage of a newsletter belongs to. */
export const correct: Command = {
  name: "correct",
  aliases: ["更正"],
  description: COMMAND_TEXT.correct.description,
  usage: COMMAND_TEXT.correct.usage,
  editors: true,
  run: (ctx, args) => correctInChat(ctx, args),
};
