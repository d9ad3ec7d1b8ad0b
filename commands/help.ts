import { describeCommand } from "../src/dispatch/registry.ts";
import type { Command } from "../src/dispatch/types.ts";
import { bold, heading, list, para, reply } from "../src/reply/build.ts";

export const help: Command = {
  name: "help",
  aliases: ["帮助"],
  description: "查看使用说明和全部命令",
  async run(ctx) {
    const { slashCommands, bareCommandWords } = ctx.capabilities;
    const items = ctx.services.registry.commands
      .filter((c) => !c.hidden && (!c.editors || ctx.isEditor))
      .map((c) => {
        // Each way the command can be typed here: the Chinese word without a slash, and /name.
        const ways = [bareCommandWords ? ctx.services.registry.wordFor(c.name) : undefined, slashCommands ? `/${c.name}` : undefined].filter(
          (w) => w !== undefined,
        );
        const words = ways.length ? ways.join(" 或 ") : c.name;
        return [bold(words + (c.usage ? ` ${c.usage}` : "")), ` — ${describeCommand(c, ctx.chat.type)}`];
      });
    const example = ctx.services.library.cases[0]?.practices[0];
    return reply("info", [
      heading("案例通 · 使用说明"),
      para("直接提问即可，例如：怎么激发代表履职活力？" + (example ? `；或输入关键词：${example}` : "")),
      ctx.chat.type === "group" ? para(`在群里请先 @我 再提问，或使用${bareCommandWords ? "下面的命令词" : "命令"}。`) : para("命令："),
      list(items),
    ]);
  },
};
