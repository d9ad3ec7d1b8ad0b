import { describe, expect, it } from "vitest";
import { createLimiter } from "../src/digest/limiter.ts";
import { TELEGRAM_LIMITS } from "../src/platforms/telegram/delivery.ts";

/** A virtual clock: sleeping advances it, so the test measures the limiter's schedule, not time. */
function virtual() {
  let t = 0;
  return { clock: () => t, sleep: async (ms: number) => void (t += Math.max(0, ms)), now: () => t };
}

describe("fan-out pacing (Telegram: 30 messages/s overall, 20/min per chat)", () => {
  it("spaces messages to different chats at 30 a second", async () => {
    const v = virtual();
    const limiter = createLimiter(TELEGRAM_LIMITS, v.clock, v.sleep);
    const times: number[] = [];
    for (let i = 0; i < 91; i++) {
      await limiter.acquire(`telegram:${i}`);
      times.push(v.now());
    }
    expect(times[30]).toBeCloseTo(1000, 5);
    expect(times[90]).toBeCloseTo(3000, 5);
    // Never more than 30 in any one-second window.
    for (let i = 30; i < times.length; i++) expect((times[i] as number) - (times[i - 30] as number)).toBeGreaterThanOrEqual(1000 - 1e-6);
  });

  it("holds the 21st message to one group until a minute after the first", async () => {
    const v = virtual();
    const limiter = createLimiter(TELEGRAM_LIMITS, v.clock, v.sleep);
    const times: number[] = [];
    for (let i = 0; i < 21; i++) {
      await limiter.acquire("telegram:-100");
      times.push(v.now());
    }
    expect(times[19]).toBeLessThan(1000);
    expect(times[20]).toBeGreaterThanOrEqual(60_000);
  });

  it("without limits (tests and bench) nothing waits", async () => {
    const v = virtual();
    const limiter = createLimiter(undefined, v.clock, v.sleep);
    for (let i = 0; i < 100; i++) await limiter.acquire("telegram:-1");
    expect(v.now()).toBe(0);
  });
});
