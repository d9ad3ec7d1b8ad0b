import type { ChannelLimits } from "./delivery.ts";

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Paces sends to a channel's limits: messages are spaced evenly to stay under `globalPerSecond`,
 * and a chat that already had `perChatPerMinute` messages in the last minute waits for the oldest
 * to age out. `acquire` resolves when the caller may send.
 */
export interface Limiter {
  acquire(chatKey: string): Promise<void>;
}

export function createLimiter(limits: ChannelLimits | undefined, clock: () => number = Date.now, sleep: Sleep = realSleep): Limiter {
  if (!limits) return { acquire: async () => {} };
  const spacing = 1000 / limits.globalPerSecond;
  let nextSlot = 0;
  const recent = new Map<string, number[]>();
  return {
    async acquire(chatKey) {
      for (;;) {
        const now = clock();
        const times = (recent.get(chatKey) ?? []).filter((t) => t > now - 60_000);
        if (times.length >= limits.perChatPerMinute) {
          await sleep((times[0] as number) + 60_000 - now);
          continue;
        }
        const slot = Math.max(now, nextSlot);
        nextSlot = slot + spacing;
        times.push(slot);
        recent.set(chatKey, times);
        if (slot > now) await sleep(slot - now);
        return;
      }
    },
  };
}
