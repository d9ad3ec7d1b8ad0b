import { shownDay } from "../src/corpus/dates.ts";
import { LEVEL_LABEL } from "../src/corpus/units.ts";
import type { Command } from "../src/dispatch/types.ts";
import { heading, list, para, reply, span } from "../src/reply/build.ts";

export const units: Command = {
  name: "units",
  aliases: ["单位", "列表", "list"],
  description: "列出收录的全部单位和案例编号",
  async run(ctx) {
    const { library } = ctx.services;
    const count =
      library.cases.length > library.units.length
        ? `${library.units.length} 个单位的 ${library.cases.length} 个典型案例`
        : `${library.units.length} 个单位的典型案例`;
    return reply("info", [
      heading(`已收录 ${count}`),
      // A unit in several newsletters is one entry, its cases newest first.
      list(
        library.units.map((u) => {
          const [only, ...more] = u.cases;
          if (!more.length) return [span(u.unit), span(`（${LEVEL_LABEL[u.level]}）`), span(` ${only!.headline} `), span(only!.id, "code")];
          return [
            span(u.unit),
            span(`（${LEVEL_LABEL[u.level]}）：${u.cases.length} 个案例`),
            ...u.cases.flatMap((c) => [span(`\n  ${shownDay(library.article(c.articleId)?.publishedAt)} ${c.headline} `), span(c.id, "code")]),
          ];
        }),
      ),
      para("查看全文：案例 <编号或单位名>"),
    ]);
  },
};
