/**
 * Remembers the questions behind "其他单位" buttons where the button's payload is too small to
 * carry them (Telegram's callback_data holds 64 bytes; a question can be far longer). Bounded LRU:
 * after a restart or an eviction the button decodes without its question, and the adapter falls
 * back to what it can recover (Telegram: the message the answer quoted), else answers it as stale.
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
}
