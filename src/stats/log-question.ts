import { withFeedbackButtons } from "../answer/feedback.ts";
import type { Answered } from "../answer/respond.ts";
import type { CommandContext } from "../dispatch/types.ts";
import type { Reply } from "../reply/types.ts";
import { normalizeQuery } from "../search/normalize.ts";

const MAX_QUESTION_CHARS = 200;

/** Phone, id-card and account numbers, e-mail addresses and links: nothing an editor needs, and personal. */
const PERSONAL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?:\/\/\S+|\d{7,}x?/giu;

/**
 * The form questions are grouped by: normalised (simplified, half-width, lower case), outer
 * punctuation dropped, and long numbers, e-mail addresses and links masked as ＊.
 */
export function normalizeQuestion(text: string): string {
  // Masked before normalising (a mention-like @domain would go first) and after (full-width digits).
  const q = normalizeQuery(text.replace(PERSONAL, "＊"))
    .replace(PERSONAL, "＊")
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, "");
  return Array.from(q).slice(0, MAX_QUESTION_CHARS).join("");
}

/**
 * Logs a question asked in a chat (in memory; the log writes in the background) and puts 👍/👎 under
 * an answer where the platform has buttons. Without a log (STATS=off) the reply is unchanged.
 */
export function logAnswered(ctx: CommandContext, { result, reply }: Answered): Reply {
  const log = ctx.services.questions;
  if (!log) return reply;
  const question = normalizeQuestion(result.query);
  if (!question) return reply;
  const [top] = result.hits;
  const id = log.record({
    platform: ctx.chat.platform,
    chatId: ctx.chat.chatId,
    chat: ctx.chat.type,
    question,
    top: top ? { caseId: top.case.id, score: top.score } : undefined,
    hits: result.total,
  });
  return reply.kind === "answer" && ctx.capabilities.buttons ? withFeedbackButtons(reply, id) : reply;
}
