import { markChatInactive, migrateChat } from "../store/chats.ts";
import { markEntry, outboxKey } from "../store/outbox.ts";
import { deactivateSubscription } from "../store/subscriptions.ts";
import { chatKey, type OutboxRecord, type State } from "../store/types.ts";
import { storedReason } from "../safety/secrets.ts";
import type { DeliveryOutcome } from "./delivery.ts";

/** What an applied outcome counts as in the run's report. */
export type Counted = "blocked" | "migrated" | "failed" | "retryLater";

export interface Applied {
  counted: Counted;
  /** The entry to send next (a migrated chat's entry at its new id), if any. */
  resend?: OutboxRecord;
}

/**
 * Step 3 of a fan-out: what a platform's answer does to the state, applied inside a state write.
 * ("sent" marks go through the outbox journal; waiting out a short flood is the sender's business.)
 * - retry (a long flood wait): the entry stays pending for a later tick;
 * - blocked: the entry fails, the subscription is deactivated and the chat marked inactive;
 * - migrated: the chat moves along the store's one migration path, and its entry is resent there;
 * - failed: given up when permanent or after `maxAttempts`, else left pending for a later tick.
 */
export function applyOutcome(s: State, e: OutboxRecord, answer: Exclude<DeliveryOutcome, { status: "sent" }>, at: Date, maxAttempts: number): Applied {
  // Reasons quote platform errors, which quote request URLs (a bot token, a robot key): scrub
  // them once here, before any of them is written into the entry, subscription or chat record.
  const outcome = "reason" in answer ? { ...answer, reason: storedReason(answer.reason) } : answer;
  switch (outcome.status) {
    case "retry":
      noteAttempt(e, outcome.reason, at);
      return { counted: "retryLater" };
    case "blocked":
      e.attempts += 1;
      markEntry(e, "failed", at, `blocked: ${outcome.reason}`);
      deactivateSubscription(s, e.subscription, `blocked: ${outcome.reason}`, at);
      markChatInactive(s, { platform: e.platform, chatId: e.chatId }, outcome.reason, at);
      return { counted: "blocked" };
    case "migrated": {
      const to = outcome.newChatId;
      migrateChat(s, e.platform, e.chatId, to, at);
      const moved = s.outbox[outboxKey(chatKey(e.platform, to), e.period)];
      return moved?.status === "pending" ? { counted: "migrated", resend: moved } : { counted: "migrated" };
    }
    case "failed": {
      const giveUp = outcome.permanent || e.attempts + 1 >= maxAttempts;
      if (giveUp) {
        e.attempts += 1;
        markEntry(e, "failed", at, outcome.reason);
      } else noteAttempt(e, outcome.reason, at);
      return { counted: giveUp ? "failed" : "retryLater" };
    }
  }
}

function noteAttempt(e: OutboxRecord, reason: string, at: Date): void {
  e.attempts += 1;
  e.error = reason;
  e.updatedAt = at.toISOString();
}
