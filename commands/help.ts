import { describeCommand } from "../src/dispatch/registry.ts";
import type { Command } from "../src/dispatch/types.ts";
import { bold, heading, list, para, reply } from "../src/reply/build.ts";
import { COMMAND_TEXT, LIBRARY_TEXT } from "../src/messages/catalog.ts";

export const help: Command = {
  name: "help",
  aliases: ["帮助"],
  description: COMMAND_TEXT.help.description,
  async run(ctx) {
    const { slashCommands, bareCommandWords } = ctx.capabilities;
    const items = ctx.services.registry.commands
      .filter((c) => !c.hidden && (!c.editors || ctx.isEditor))
      .map((c) => {
        // Each way the command can be typed here: the Chinese word without a slash, and /name.
        const ways = [bareCommandWords ? ctx.services.registry.wordFor(c.name) : undefined, slashCommands ? `/${c.name}` : undefined].filter(
          (w) => w !== undefined,
        );
        const words = ways.length ? ways.join(LIBRARY_TEXT.or) : c.name;
        return [bold(words + (c.usage ? ` ${c.usage}` : "")), ` — ${describeCommand(c, ctx.chat.type)}`];
      });
    const example = ctx.services.library.cases[0]?.practices[0];
    return reply("info", [
      heading(LIBRARY_TEXT.helpHeading),
      para(LIBRARY_TEXT.helpAsk(example)),
      ctx.chat.type === "group" ? para(LIBRARY_TEXT.helpGroup(bareCommandWords)) : para(LIBRARY_TEXT.helpCommands),
      list(items),
    ]);
  },
};
