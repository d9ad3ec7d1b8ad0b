/** Waits `ms`, or less when `signal` aborts first (then resolves: the caller checks the signal). */
export type AbortableSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const abortableSleep: AbortableSleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
