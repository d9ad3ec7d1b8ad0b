import { reasonRow } from "../answer/feedback.ts";
import { FEEDBACK_LABELS } from "../messages/answers.ts";
import { para, reply } from "../reply/build.ts";
import type { FeedbackChoice, Reply } from "../reply/types.ts";
import type { QuestionLog } from "../store/question-log.ts";
import { FEEDBACK_TEXT } from "../messages/catalog.ts";

/** What a feedback press does: a short notice for the presser, and once per answer the 👎 follow-up. */
export interface FeedbackOutcome {
  notice: string;
  followUp?: Reply;
}

/**
 * Records a 👍/👎 (or a 👎's reason) once per user and answer; a second press changes the vote.
 * The user is hashed by the log (salted), never stored.
 */
export function recordFeedback(
  questions: QuestionLog | undefined,
  answer: string,
  choice: FeedbackChoice,
  user: { platform: string; id: string },
): FeedbackOutcome {
  if (!questions) return { notice: FEEDBACK_TEXT.disabled };
  const result = questions.vote(answer, user, choice);
  if (!result) return { notice: FEEDBACK_TEXT.expired };
  const label = result.vote.reason ? `👎 ${FEEDBACK_LABELS[result.vote.reason]}` : FEEDBACK_LABELS[result.vote.vote];
  const notice = result.change === "new" ? FEEDBACK_TEXT.thanks(label) : result.change === "changed" ? FEEDBACK_TEXT.changed(label) : FEEDBACK_TEXT.same(label);
  if (!result.offerFollowUp) return { notice };
  return { notice, followUp: reply("info", [para(FEEDBACK_TEXT.followUp)], { buttons: [reasonRow(answer)] }) };
}

/** The outcome as one Reply, for adapters that have no toast for a press. */
export function feedbackReply(outcome: FeedbackOutcome): Reply {
  return outcome.followUp ? { ...outcome.followUp, blocks: [para(outcome.notice), ...outcome.followUp.blocks] } : reply("info", [para(outcome.notice)]);
}
