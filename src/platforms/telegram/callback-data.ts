import { encodeAction, type ActionEncoder } from "../../interaction/actions.ts";
import type { QuestionMemory } from "../../interaction/question-memory.ts";

/** An encoder for one reply, with the memory keys it handed out (bound to the sent message afterwards). */
export interface ScopedEncoder {
  encode: ActionEncoder;
  keys: string[];
}

/** Telegram refuses callback_data longer than 64 bytes (BUTTON_DATA_INVALID). */
export const CALLBACK_DATA_LIMIT = 64;

/**
 * Button payloads for Telegram: the shared codec (src/interaction/actions.ts) at Telegram's limit,
 * with the questions behind 其他单位 kept in `memory`, bound to the chat the reply goes to.
 */
export function callbackEncoder(memory?: QuestionMemory, chatId?: number | string): ActionEncoder {
  return scopedEncoder(memory, chatId).encode;
}

export function scopedEncoder(memory: QuestionMemory | undefined, chatId: number | string | undefined): ScopedEncoder {
  const keys: string[] = [];
  const remember =
    memory && chatId !== undefined
      ? (query: string) => {
          const key = memory.remember(query, { chatId: String(chatId) });
          keys.push(key);
          return key;
        }
      : undefined;
  return { encode: (action) => encodeAction(action, { maxBytes: CALLBACK_DATA_LIMIT, remember }), keys };
}
