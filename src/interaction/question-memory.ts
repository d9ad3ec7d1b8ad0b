import { randomToken } from "../safety/random-token.ts";

/** Where a button was sent: the chat, and once known, the message that carries it. */
export interface ButtonScope {
  chatId: string;
  messageId?: number;
}

/** What a press finds: the question; nothing (forgotten: restart, eviction); or a key from another chat or message. */
export type Recalled = { status: "found"; query: string } | { status: "unknown" } | { status: "foreign" };

/** Key length in bytes: 96 random bits, 16 base64url characters (`m:9999:` + key fits 64 bytes). */
const KEY_BYTES = 12;

interface Entry {
  query: string;
  chatId: string;
  messageId?: number;
}

/**
 * Remembers the questions behind "其他单位" buttons where the button's payload is too small to
 * carry them (Telegram's callback_data holds 64 bytes; a question can be far longer). Each key is
 * random (not a counter, which anyone could enumerate) and bound to the chat the button was sent in
 * and, once sent, to its message: a key replayed from another chat or message is "foreign" and
 * recalls nothing. Bounded LRU: after a restart or an eviction the button decodes without its
 * question, and the adapter falls back to what it can recover from the pressed message itself.
 */
export class QuestionMemory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 5000) {}

  remember(query: string, scope: ButtonScope): string {
    const key = randomToken(KEY_BYTES);
    this.entries.set(key, { query, chatId: scope.chatId, messageId: scope.messageId });
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return key;
  }

  /** Binds keys handed out for a reply to the message that carries their buttons. */
  bind(keys: readonly string[], messageId: number): void {
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e && e.messageId === undefined) e.messageId = messageId;
    }
  }

  recall(key: string, scope: ButtonScope): Recalled {
    const e = this.entries.get(key);
    if (!e) return { status: "unknown" };
    if (e.chatId !== scope.chatId || (e.messageId !== undefined && scope.messageId !== undefined && e.messageId !== scope.messageId))
      return { status: "foreign" };
    this.entries.delete(key);
    this.entries.set(key, e);
    return { status: "found", query: e.query };
  }
}
