import { cp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openLiveLibrary, type LiveLibrary, type LiveTimers, type WatchFn } from "../src/answer/live.ts";
import { createIngestCli } from "../src/cli/ingest.ts";
import { removeCli } from "../src/cli/remove.ts";
import { tempDataDir } from "./support/spawn-app.ts";

/** An invented newsletter (plain text: no extractor to load) and the question only it answers. */
const NEWSLETTER = "# 白沙县人大工作简报\n\n沙洲镇人大主席团\n\n“候鸟代表”回乡议事\n\n今年以来，沙洲镇人大主席团邀请在外务工的“候鸟代表”春节回乡期间参加议事会，收集意见建议52条，已办结47条。\n";
const QUESTION = "候鸟代表回乡议事";
const UPLOADED_UNIT = "沙洲镇人大主席团";

/** Timers that run only when the test says so: nothing here waits for wall time. */
function manualTimers(): LiveTimers & { runTimeouts(): void; runIntervals(): void } {
  const timeouts = new Map<number, () => void>();
  const intervals = new Map<number, () => void>();
  let n = 0;
  return {
    setTimeout: (fn) => (timeouts.set(++n, fn), n),
    clearTimeout: (h) => void timeouts.delete(h as number),
    setInterval: (fn) => (intervals.set(++n, fn), n),
    clearInterval: (h) => void intervals.delete(h as number),
    runTimeouts() {
      const due = [...timeouts.values()];
      timeouts.clear();
      for (const fn of due) fn();
    },
    runIntervals() {
      for (const fn of intervals.values()) fn();
    },
  };
}

let dir: string;
let source: string;
let live: LiveLibrary;
let timers: ReturnType<typeof manualTimers>;
let fsEvent: () => void;
const warnings: string[] = [];

/** `npm run -s cli -- ingest|remove …` as another process on the same DATA_DIR runs it. */
async function cli(name: "ingest" | "remove", ...args: string[]): Promise<number> {
  const env = { DATA_DIR: dir, CASEBOT_CONSOLE: "0", LOG_LEVEL: "silent" };
  const command = name === "ingest" ? createIngestCli() : removeCli;
  return command.run(args, { stdin: Readable.from([]), stdout: new PassThrough(), stderr: new PassThrough(), env });
}
const topUnit = (q: string) => live.answerer.ask(q).hits[0]?.case.unit;

beforeEach(async () => {
  dir = tempDataDir();
  source = join(dir, "简报.txt");
  await writeFile(source, NEWSLETTER);
  timers = manualTimers();
  const watch: WatchFn = (_dir, onChange) => {
    fsEvent = onChange;
    return () => undefined;
  };
  warnings.length = 0;
  const logger = { warn: (_o: object, msg: string) => void warnings.push(msg) };
  live = await openLiveLibrary({ articlesDir: join(dir, "articles"), dataDir: dir, timers, watch, logger });
  live.start();
});
afterEach(async () => {
  await live.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("the live library", () => {
  it("picks up `cli ingest` and `cli remove` run beside it on the same DATA_DIR, through its views", async () => {
    const { library, answerer } = live;
    expect(topUnit(QUESTION)).not.toBe(UPLOADED_UNIT);
    expect(await cli("ingest", source)).toBe(0);
    // A burst of file-system events is one check, after the quiet time.
    fsEvent();
    fsEvent();
    timers.runTimeouts();
    await vi.waitFor(() => expect(live.current().version).toBe(2), { interval: 5 });
    expect(answerer.ask(QUESTION).hits[0]?.case.unit).toBe(UPLOADED_UNIT);
    expect(library.articles.map((a) => a.sourceFile)).toContain("简报.txt");

    expect(await cli("remove", "简报.txt")).toBe(0);
    // No event this time (a network share): the poll notices.
    timers.runIntervals();
    await vi.waitFor(() => expect(live.current().version).toBe(3), { interval: 5 });
    expect(topUnit(QUESTION)).not.toBe(UPLOADED_UNIT);
    expect(library.articles.map((a) => a.sourceFile)).not.toContain("简报.txt");
  });

  it("answers from the old build while the new one is made, and swaps it in whole", async () => {
    await cp(source, join(dir, "articles", "简报.txt"));
    const rebuilding = live.refresh();
    expect(topUnit(QUESTION)).not.toBe(UPLOADED_UNIT);
    expect(await rebuilding).toBe(true);
    expect(topUnit(QUESTION)).toBe(UPLOADED_UNIT);
    expect(await live.refresh()).toBe(false); // nothing changed since
    expect(live.current().version).toBe(2);

    // A change during a rebuild is built right after it, once, however many ask.
    await rm(join(dir, "articles", "简报.txt"));
    const first = live.refresh();
    await cp(source, join(dir, "articles", "第二份.txt"));
    const [, again, third] = await Promise.all([first, live.refresh(), live.refresh()]);
    expect(again).toBe(third);
    expect(topUnit(QUESTION)).toBe(UPLOADED_UNIT);
    expect(live.library.articles.map((a) => a.sourceFile).sort()).toEqual(["000_69318127c2583019.txt", "第二份.txt"]);
    expect(live.current().version).toBeLessThanOrEqual(4);
  });

  it("a broken document is left out and the library keeps answering; a corpus with no text left keeps the old build", async () => {
    const before = live.library.cases.length;
    await writeFile(join(dir, "articles", "坏文件.txt"), new Uint8Array([0, 1, 2, 255, 0, 0, 7, 8, 0, 0]));
    expect(await live.refresh()).toBe(true);
    expect(live.library.cases.length).toBe(before);
    expect(warnings).toContain("newsletter left out of the library");

    expect(await cli("remove", "000_69318127c2583019.txt")).toBe(0);
    expect(await live.refresh()).toBe(false);
    expect(warnings).toContain("library rebuild failed; still answering from the previous build");
    expect(live.library.cases.length).toBe(before);
    expect(live.current().version).toBe(2);
  });
});
