import { LEVEL_LABEL } from "../src/corpus/units.ts";
import type { Command } from "../src/commands/types.ts";
import { heading, list, para, reply, span } from "../src/reply/build.ts";

export const units: Command = {
  name: "units",
  aliases: ["单位", "列表", "list"],
  description: "列出收录的全部单位和案例编号",
  async run(ctx) {
    const { library } = ctx.services;
    return reply("info", [
      heading(`已收录 ${library.cases.length} 个单位的典型案例`),
      list(library.cases.map((c) => [span(c.unit), span(`（${LEVEL_LABEL[c.level]}）`), span(` ${c.headline} `), span(c.id, "code")])),
      para("查看全文：案例 <编号或单位名>"),
    ]);
  },
};
