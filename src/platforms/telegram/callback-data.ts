import type { Action } from "../../reply/types.ts";

/** Telegram refuses callback_data longer than 64 bytes (BUTTON_DATA_INVALID). */
export const CALLBACK_DATA_LIMIT = 64;

export type ActionEncoder = (action: Action) => string | undefined;

/** What a button press asks for. A `more` without a query lost its memory entry (restart, eviction). */
export type DecodedAction =
  | { type: "command"; command: string; args: string }
  | { type: "more"; page: number; query?: string };

const fits = (data: string): boolean => Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_LIMIT;

/**
 * Stateless encoding: `c:<command>:<args>` and `m:<page>`. Actions whose data would not fit are
 * dropped (the button is left out) rather than truncated into something that means another thing.
 */
export const encodeAction: ActionEncoder = (action) => {
  switch (action.type) {
    case "command": {
      const data = `c:${action.command}:${action.args ?? ""}`;
      return fits(data) ? data : undefined;
    }
    case "more":
      return `m:${action.page}`;
    default:
      return undefined;
  }
};

export function decodeAction(data: string, recall: (key: string) => string | undefined = () => undefined): DecodedAction | undefined {
  const command = /^c:([a-z0-9_]{1,32}):([\s\S]*)$/.exec(data);
  if (command) return { type: "command", command: command[1] ?? "", args: command[2] ?? "" };
  const more = /^m:(\d{1,4})(?::([a-z0-9]{1,12}))?$/.exec(data);
  if (more) {
    const query = more[2] ? recall(more[2]) : undefined;
    return { type: "more", page: Number(more[1]), ...(query ? { query } : {}) };
  }
  return undefined;
}

/**
 * Remembers the questions behind "其他单位" buttons (a question can be far longer than 64 bytes).
 * Bounded LRU: after a restart or eviction the button falls back to the question the bot replied
 * to (callback_query.message.reply_to_message), and failing that is answered as stale.
 */
export class QuestionMemory {
  private readonly entries = new Map<string, string>();
  private next = 0;

  constructor(private readonly capacity = 5000) {}

  remember(query: string): string {
    const key = (this.next++).toString(36);
    this.entries.set(key, query);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return key;
  }

  recall(key: string): string | undefined {
    const q = this.entries.get(key);
    if (q !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, q);
    }
    return q;
  }

  /** An encoder that stores `more` questions here and falls back to the stateless encoding. */
  encoder(): ActionEncoder {
    return (action) => (action.type === "more" ? `m:${action.page}:${this.remember(action.query)}` : encodeAction(action));
  }
}
