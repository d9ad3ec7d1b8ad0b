import type { Command } from "../src/dispatch/types.ts";
import { renderFullCase, renderUnitCases } from "../src/answer/cards.ts";
import { textReply } from "../src/reply/build.ts";
import { COMMAND_TEXT, LIBRARY_TEXT } from "../src/messages/catalog.ts";

export const caseCommand: Command = {
  name: "case",
  aliases: ["案例", "全文"],
  description: COMMAND_TEXT.case.description,
  usage: COMMAND_TEXT.case.usage,
  async run(ctx, args) {
    const { library } = ctx.services;
    const q = args.trim();
    if (!q) return textReply("info", LIBRARY_TEXT.caseUsage(library.cases[0]?.place ?? ""));
    const byId = library.byId(q);
    if (byId) return renderFullCase(byId, library.article(byId.articleId));
    const all = library.casesOf(q);
    if (all.length > 1) return renderUnitCases(all, library);
    if (all[0]) return renderFullCase(all[0], library.article(all[0].articleId));
    const hits = ctx.services.answerer.ask(q, { limit: 1 }).hits;
    if (hits[0]) return renderFullCase(hits[0].case, library.article(hits[0].case.articleId));
    return textReply("nomatch", LIBRARY_TEXT.caseNotFound(q));
  },
};
