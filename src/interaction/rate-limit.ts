export type LimitVerdict = "ok" | "notify" | "drop";

export interface UserRateLimiter {
  /** Counts one message of `user`: ok; over the limit for the first time this window (tell them); or drop silently. */
  check(user: string): LimitVerdict;
}

export interface RateLimitOptions {
  perMinute?: number;
  /** Milliseconds since the epoch (tests inject a clock). */
  clock?: () => number;
  /** Buckets kept before expired ones are swept (bounds memory under many senders). */
  maxUsers?: number;
}

/**
 * The one rate-limit policy of every platform: a per-user fixed window. Each question costs a
 * search, so one user flooding the bot must not starve everyone else. The polite note
 * (messages/catalog.ts RATE_LIMITED) goes out once per window; further excess is dropped. Telegram counts through it
 * in features/ratelimit.ts, the WeCom AI bot and callback server in incoming.ts.
 */
export function createUserRateLimiter(opts: RateLimitOptions = {}): UserRateLimiter {
  const perMinute = opts.perMinute ?? 20;
  const clock = opts.clock ?? Date.now;
  const maxUsers = opts.maxUsers ?? 10_000;
  const windows = new Map<string, { start: number; count: number; notified: boolean }>();
  return {
    check(user) {
      const now = clock();
      let w = windows.get(user);
      if (!w || now - w.start >= 60_000) {
        if (!w && windows.size >= maxUsers) {
          for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
        }
        w = { start: now, count: 0, notified: false };
        windows.set(user, w);
      }
      w.count += 1;
      if (w.count <= perMinute) return "ok";
      if (w.notified) return "drop";
      w.notified = true;
      return "notify";
    },
  };
}
