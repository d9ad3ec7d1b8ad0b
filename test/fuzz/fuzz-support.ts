/**
 * Shared knobs of the property-based fuzz suite (fast-check). `npm test` runs each property a few
 * times (FUZZ_RUNS unset); `npm run fuzz` sets FUZZ_RUNS and a per-property time budget so the
 * whole campaign stays near 20 s.
 */
import fc from "fast-check";

const runs = Number(process.env.FUZZ_RUNS ?? "0");
/** `npm run fuzz` (FUZZ_RUNS set), not the suite: properties may use costlier inputs. */
export const CAMPAIGN = runs > 0;
/** Runs per property: small in the suite, FUZZ_RUNS in the campaign. */
export const NUM_RUNS = runs > 0 ? runs : 12;
/** In the campaign, each property stops after its share of the ~20 s budget. */
export const FUZZ_PARAMS: fc.Parameters<unknown> = runs > 0 ? { numRuns: NUM_RUNS, interruptAfterTimeLimit: 3_500, markInterruptAsFailure: false } : { numRuns: NUM_RUNS };

const LONE_SURROGATE = /\p{Cs}/u;
export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

/** Text a hostile or broken client sends: any UTF-16 (lone surrogates too), controls, HTML, emoji, long runs. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength: 60 }),
    fc.string({ unit: fc.constantFrom("<", ">", "&", '"', "\u0000", "\r", "\n", "\u200b", "😀", "\uD83D", "人", "大", "/", "@", " "), maxLength: 40 }),
    fc.constantFrom("", " ", "/start", "/help", "/foo", "/stats", "/case 0", "订阅", "退订", "帮助", "联络站", "<b>x</b>", "a".repeat(5000), "😀".repeat(3000)),
    fc.string({ unit: "grapheme", maxLength: 30 }),
  );
