import { DEFAULT_LIMIT } from "./answerer.ts";
import { caseTitle, shorten } from "./cards.ts";
import { bold, heading, list, reply, span, textReply } from "../reply/build.ts";
import type { Button, Reply } from "../reply/types.ts";
import type { Answerer } from "./types.ts";

/** Matches per "其他单位" page; page 0 is the answer itself (the answerer's default page). */
export const MORE_PAGE_SIZE = DEFAULT_LIMIT;

/**
 * One page of further matches for a question, as a neutral Reply. The ranking is the answerer's;
 * this only cuts the page and lays it out (one line per unit, a button per full case).
 */
export function renderMorePage(answerer: Answerer, query: string, page: number): Reply {
  const result = answerer.ask(query, { limit: MORE_PAGE_SIZE, offset: page * MORE_PAGE_SIZE });
  const hits = result.hits;
  if (!hits.length) return textReply("nomatch", `关于“${shorten(query, 30)}”没有更多相关单位了。`);
  const buttons: Button[][] = hits.map((h) => [{ label: `查看全文：${shorten(h.case.unit, 20)}`, action: { type: "command", command: "case", args: h.case.id } }]);
  if (result.total > page * MORE_PAGE_SIZE + hits.length) buttons.push([{ label: "其他单位", action: { type: "more", query, page: page + 1 } }]);
  return reply(
    "answer",
    [
      heading(`“${shorten(query, 30)}”的其他相关单位（第 ${page} 页）`),
      list(hits.map((h) => [bold(caseTitle(h.case)), span("\n" + shorten(h.passage.text || h.case.lead, 90))])),
    ],
    { buttons },
  );
}
