import type { TemplateCard } from "@wecom/aibot-node-sdk";
import { FEEDBACK_LABELS } from "../../../messages/answers.ts";
import { decodeAction, encodeAction } from "../../../interaction/actions.ts";
import type { FeedbackOutcome } from "../../../interaction/feedback.ts";
import type { FeedbackChoice } from "../../../reply/types.ts";

const MAX_KEY_BYTES = 1024;

/**
 * The answer cards sent lately, by task_id, so a 👍/👎 click can update that card in place for the
 * clicking user (update_template_card) instead of posting a message into the chat. Bounded: after a
 * restart or eviction the click is still recorded, and acknowledged with a short message instead.
 */
export class CardMemory {
  private readonly cards = new Map<string, TemplateCard>();
  constructor(private readonly capacity = 2000) {}

  remember(card: TemplateCard): void {
    if (!card.task_id || !card.button_list?.some((b) => decodeAction(b.key)?.type === "feedback")) return;
    this.cards.set(card.task_id, card);
    if (this.cards.size > this.capacity) {
      const oldest = this.cards.keys().next().value;
      if (oldest !== undefined) this.cards.delete(oldest);
    }
  }

  get(taskId: string | undefined): TemplateCard | undefined {
    return taskId ? this.cards.get(taskId) : undefined;
  }
}

/**
 * The card as the clicking user sees it after a feedback press: the notice as its description; the
 * feedback buttons become the 👎 reasons when the follow-up is offered, else the chosen vote marked.
 */
export function cardAfterFeedback(card: TemplateCard, answer: string, choice: FeedbackChoice, outcome: FeedbackOutcome): TemplateCard {
  const others = (card.button_list ?? []).filter((b) => decodeAction(b.key)?.type !== "feedback");
  const vote: FeedbackChoice = choice === "up" ? "up" : "down";
  const feedbackChoices: FeedbackChoice[] = outcome.followUp ? ["off-topic", "outdated", "other"] : ["up", "down"];
  const feedback = feedbackChoices.flatMap((c) => {
    const key = encodeAction({ type: "feedback", answer, choice: c }, { maxBytes: MAX_KEY_BYTES });
    const chosen = !outcome.followUp && c === vote;
    return key ? [{ text: chosen ? `${FEEDBACK_LABELS[c]} ✓` : FEEDBACK_LABELS[c], key, style: chosen ? 1 : 2 }] : [];
  });
  return {
    ...card,
    main_title: { ...card.main_title, desc: outcome.followUp ? outcome.notice + "。哪里没帮上忙？" : outcome.notice },
    button_list: [...others, ...feedback].slice(0, 6),
  };
}
