import { shownDay } from "../src/corpus/dates.ts";
import { LEVEL_LABEL } from "../src/corpus/units.ts";
import type { Command } from "../src/dispatch/types.ts";
import { heading, list, para, reply, span } from "../src/reply/build.ts";
import { COMMAND_TEXT, LIBRARY_TEXT } from "../src/messages/catalog.ts";

export const units: Command = {
  name: "units",
  aliases: ["单位", "列表", "list"],
  description: COMMAND_TEXT.units.description,
  async run(ctx) {
    const { library } = ctx.services;
    const count = LIBRARY_TEXT.unitsCount(library.units.length, library.cases.length);
    return reply("info", [
      heading(LIBRARY_TEXT.unitsHeading(count)),
      // A unit in several newsletters is one entry, its cases newest first.
      list(
        library.units.map((u) => {
          const [only, ...more] = u.cases;
          if (!more.length) return [span(u.unit), span(`（${LEVEL_LABEL[u.level]}）`), span(` ${only!.headline} `), span(only!.id, "code")];
          return [
            span(u.unit),
            span(LIBRARY_TEXT.unitCases(LEVEL_LABEL[u.level], u.cases.length)),
            ...u.cases.flatMap((c) => [span(`\n  ${shownDay(library.article(c.articleId)?.publishedAt)} ${c.headline} `), span(c.id, "code")]),
          ];
        }),
      ),
      para(LIBRARY_TEXT.fullTextHint),
    ]);
  },
};
