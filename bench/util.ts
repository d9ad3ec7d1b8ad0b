import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Shared helpers for bench sections: timing, percentiles, heap and table printing. */

setFlagsFromString("--expose-gc");
const gcFn = runInNewContext("gc") as (() => void) | undefined;

/** Full collection so heap deltas measure what is retained, not garbage. */
export function gc(): void {
  gcFn?.();
  gcFn?.();
}

export function heapUsedMB(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at]!;
}

/** Runs fn once per item, `rounds` times, and returns each call's wall time in ms, sorted. */
export function timeEach<T>(items: readonly T[], rounds: number, fn: (item: T) => unknown): number[] {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const item of items) {
      const t = performance.now();
      fn(item);
      times.push(performance.now() - t);
    }
  }
  return times.sort((a, b) => a - b);
}

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

export const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : "–");

/** Prints rows as an aligned table (wide characters count double). */
export function printTable(title: string, rows: ReadonlyArray<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  // Every row's columns, in the order they first appear: a short first row drops none of the others'.
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) => (v === undefined ? "" : String(v));
  const width = (s: string) => Array.from(s).reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(cell(r[c])))));
  const line = (vals: string[]) => vals.map((v, i) => v + " ".repeat(widths[i]! - width(v))).join("  ");
  console.log(line(cols));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]))));
}

/** Deterministic PRNG (mulberry32): the same seed gives the same synthetic corpus every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Like timeEach, but also this process's CPU time per call (user + system, µs precision on
 * Linux). On a busy machine wall time includes waiting for a core, which CPU time does not; CPU
 * time does include V8's helper threads (parallel GC, JIT) running meanwhile.
 */
export function timeEachWithCpu<T>(items: readonly T[], rounds: number, fn: (item: T) => unknown): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const item of items) {
      const c = process.cpuUsage();
      const t = performance.now();
      fn(item);
      wall.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}
