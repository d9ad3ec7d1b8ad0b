import { encodeAction, type ActionEncoder } from "../../interaction/actions.ts";
import type { QuestionMemory } from "../../interaction/question-memory.ts";

/** Telegram refuses callback_data longer than 64 bytes (BUTTON_DATA_INVALID). */
export const CALLBACK_DATA_LIMIT = 64;

/**
 * Button payloads for Telegram: the shared codec (src/interaction/actions.ts) at Telegram's limit,
 * with the questions behind 其他单位 kept in `memory` when there is one.
 */
export function callbackEncoder(memory?: QuestionMemory): ActionEncoder {
  return (action) => encodeAction(action, { maxBytes: CALLBACK_DATA_LIMIT, memory });
}
