import { caseButtons, renderCaseCard } from "../answer/cards.ts";
import type { Case, CaseLibrary } from "../corpus/types.ts";
import type { Reply } from "../reply/types.ts";
import { SCHEDULE_TEXT } from "../messages/catalog.ts";

export const DIGEST_TITLE = SCHEDULE_TEXT.cardTitle;

/** The weekly push: unit, headline, lead, three key practices, key figures, source, 全文/分享. */
export function digestCard(c: Case, library: CaseLibrary): Reply {
  const card = renderCaseCard(c, library.article(c.articleId), { title: DIGEST_TITLE, practices: 3 });
  // Short labels: the push sits in busy group chats, two compact buttons side by side.
  const buttons = caseButtons(c).map((b) => (b.action.type === "command" && b.action.command === "case" ? { ...b, label: SCHEDULE_TEXT.cardFullText } : b));
  return { ...card, buttons: [buttons] };
}
