/**
 * The one in-flight tracker shutdown waits on, for every platform: Telegram's updates (received,
 * not yet handled), the WeCom AI bot's frames and the callback server's background replies. A
 * platform's stop() stops taking work, then drains this, so nothing accepted is dropped.
 */
export interface InFlight<K = unknown> {
  /** Counts `key` as in flight until end(key). */
  begin(key: K): void;
  end(key: K): void;
  /** Counts work until it settles; a failure goes to onError, never to an unhandled rejection. */
  track(work: Promise<unknown>, onError: (err: unknown) => void): void;
  readonly size: number;
  /** Resolves true once nothing is in flight, or false after timeoutMs (waits as long as it takes without). */
  drain(timeoutMs?: number): Promise<boolean>;
}

export function createInFlight<K = unknown>(): InFlight<K> {
  const pending = new Set<unknown>();
  const idle: Array<() => void> = [];
  const end = (key: unknown): void => {
    pending.delete(key);
    if (pending.size === 0) for (const done of idle.splice(0)) done();
  };
  return {
    begin: (key) => void pending.add(key),
    end,
    track(work, onError) {
      const p: Promise<void> = work.then(
        () => end(p),
        (err: unknown) => {
          onError(err);
          end(p);
        },
      );
      pending.add(p);
    },
    get size() {
      return pending.size;
    },
    drain(timeoutMs) {
      if (pending.size === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => resolve(false), timeoutMs);
        idle.push(() => {
          clearTimeout(timer);
          resolve(true);
        });
      });
    },
  };
}
