/**
 * Remembers recently handled WeCom msgids. WeCom redelivers a callback when it did not see a
 * timely answer, and the long connection may replay frames after a reconnect, so every adapter
 * (AI-bot WebSocket, encrypted callback) checks here before answering.
 *
 * Bounded twice: entries expire after `ttlMs`, and the oldest go first once `max` is reached,
 * so a flood of distinct ids cannot grow memory without limit.
 */
export interface MsgIdDedupe {
  /** True when `msgid` was already seen (and still remembered); otherwise records it and returns false. */
  seen(msgid: string): boolean;
  /** Forgets `msgid`, so a message whose handling failed before anything was sent can be retried. */
  forget(msgid: string): void;
  readonly size: number;
}

export interface DedupeOptions {
  max?: number;
  ttlMs?: number;
  now?: () => number;
}

export function createMsgIdDedupe(opts: DedupeOptions = {}): MsgIdDedupe {
  const max = opts.max ?? 5000;
  const ttlMs = opts.ttlMs ?? 30 * 60 * 1000;
  const now = opts.now ?? Date.now;
  // Map keeps insertion order: the first entries are the oldest.
  const seenAt = new Map<string, number>();

  function evict(t: number): void {
    for (const [id, at] of seenAt) {
      if (t - at < ttlMs && seenAt.size <= max) break;
      seenAt.delete(id);
    }
  }

  return {
    seen(msgid) {
      const t = now();
      evict(t);
      const at = seenAt.get(msgid);
      if (at !== undefined && t - at < ttlMs) return true;
      seenAt.set(msgid, t);
      if (seenAt.size > max) evict(t);
      return false;
    },
    forget(msgid) {
      seenAt.delete(msgid);
    },
    get size() {
      return seenAt.size;
    },
  };
}
