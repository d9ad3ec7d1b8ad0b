import type { Command } from "../src/dispatch/types.ts";
import { correctInChat } from "../src/interaction/corrections.ts";

/** 更正 <编号> … (editors, private chat): see and correct which unit each passage of a newsletter belongs to. */
export const correct: Command = {
  name: "correct",
  aliases: ["更正"],
  description: "（编辑）查看和更正一篇新闻稿的单位识别：改名、合并、移动段落、撤销",
  usage: "<文章编号> [改名|合并|移动|撤销 …]",
  editors: true,
  run: (ctx, args) => correctInChat(ctx, args),
};
