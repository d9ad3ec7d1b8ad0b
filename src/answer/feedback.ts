import { FEEDBACK_LABELS } from "../messages/answers.ts";
import type { Button, FeedbackChoice, Reply } from "../reply/types.ts";

const button = (answer: string, choice: FeedbackChoice): Button => ({ label: FEEDBACK_LABELS[choice], action: { type: "feedback", answer, choice } });

/** 👍 有用 / 👎 没用 under an answer; `answer` is its question-log id. */
export function feedbackRow(answer: string): Button[] {
  return [button(answer, "up"), button(answer, "down")];
}

/** The 👎 follow-up: why the answer did not help. */
export function reasonRow(answer: string): Button[] {
  return [button(answer, "off-topic"), button(answer, "outdated"), button(answer, "other")];
}

/** The answer with the feedback row as its last row of buttons. */
export function withFeedbackButtons(reply: Reply, answer: string): Reply {
  return { ...reply, buttons: [...(reply.buttons ?? []), feedbackRow(answer)] };
}
