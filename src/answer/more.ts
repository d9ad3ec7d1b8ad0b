import { DEFAULT_LIMIT } from "./answerer.ts";
import { caseTitle, shorten } from "./cards.ts";
import { bold, heading, list, reply, span, textReply } from "../reply/build.ts";
import type { Button, Reply } from "../reply/types.ts";
import type { Answerer } from "./types.ts";
import { ANSWER_TEXT, CASE_TEXT } from "../messages/answers.ts";

/** Matches per "其他单位" page; page 0 is the answer itself (the answerer's default page). */
export const MORE_PAGE_SIZE = DEFAULT_LIMIT;

/**
 * One page of further matches for a question, as a neutral Reply. The ranking is the answerer's;
 * this only cuts the page and lays it out (one line per unit, a button per full case).
 */
export function renderMorePage(answerer: Answerer, query: string, page: number): Reply {
  const result = answerer.ask(query, { limit: MORE_PAGE_SIZE, offset: page * MORE_PAGE_SIZE });
  const hits = result.hits;
  if (!hits.length) return textReply("nomatch", ANSWER_TEXT.noMore(shorten(query, 30)));
  const buttons: Button[][] = hits.map((h) => [
    { label: CASE_TEXT.fullTextOf(shorten(h.case.unit, 20)), action: { type: "command", command: "case", args: h.case.id } },
  ]);
  if (result.total > page * MORE_PAGE_SIZE + hits.length) buttons.push([{ label: ANSWER_TEXT.moreButton, action: { type: "more", query, page: page + 1 } }]);
  return reply(
    "answer",
    [
      heading(ANSWER_TEXT.morePage(shorten(query, 30), page)),
      list(hits.map((h) => [bold(caseTitle(h.case)), span("\n" + shorten(h.passage.text || h.case.lead, 90))])),
    ],
    { buttons },
  );
}
