import type { Command } from "../src/dispatch/types.ts";
import { renderFullCase, renderUnitCases } from "../src/answer/cards.ts";
import { textReply } from "../src/reply/build.ts";

export const caseCommand: Command = {
  name: "case",
  aliases: ["案例", "全文"],
  description: "查看某个单位的完整案例",
  usage: "<编号或单位名>",
  async run(ctx, args) {
    const { library } = ctx.services;
    const q = args.trim();
    if (!q) return textReply("info", "请在命令后写上案例编号或单位名，例如：案例 " + (library.cases[0]?.place ?? "") + "。输入“单位”可查看全部单位。");
    const byId = library.byId(q);
    if (byId) return renderFullCase(byId, library.article(byId.articleId));
    const all = library.casesOf(q);
    if (all.length > 1) return renderUnitCases(all, library);
    if (all[0]) return renderFullCase(all[0], library.article(all[0].articleId));
    const hits = ctx.services.answerer.ask(q, { limit: 1 }).hits;
    if (hits[0]) return renderFullCase(hits[0].case, library.article(hits[0].case.articleId));
    return textReply("nomatch", `没有找到“${q}”对应的案例。输入“单位”查看全部单位及编号。`);
  },
};
