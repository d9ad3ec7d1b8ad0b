/**
 * The question log's cost on answering: the same answered questions through the real Telegram
 * pipeline (createBot, API transformer, no network) with logging off and on, in alternating rounds
 * so drift and GC hit both alike. Logging on means the production path: a question-log file on
 * disk, records in memory, group-committed writes on a timer (never awaited by an answer). Also
 * the cost of one write of a large log and of building /stats from it.
 *
 *   node --import tsx/esm bench/stats.ts        (or `npm run bench -- stats`)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Transformer } from "grammy";
import type { Update } from "grammy/types";
import { allCommands } from "../commands/index.ts";
import { createAnswerer } from "../src/answer/answerer.ts";
import { createRegistry } from "../src/dispatch/registry.ts";
import { loadConfig } from "../src/config/config.ts";
import { PLATFORMS } from "../src/platforms/index.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { createLogger } from "../src/logger.ts";
import { createBot } from "../src/platforms/telegram/bot.ts";
import type { Services } from "../src/dispatch/types.ts";
import { buildReport } from "../src/stats/report.ts";
import { createChatRepository } from "../src/store/chats.ts";
import { openQuestionLogFile } from "../src/store/question-log-file.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { TEST_BOT_INFO } from "../test/support/bot-api-server.ts";
import { fmt, printTable } from "./util.ts";
import type { BenchSection } from "./types.ts";

const TOKEN = "123456789:AAFakeTokenForBenchmarks_abcdefghijkl";
const ROUNDS = 8;
const QUESTIONS = 1500;

const cannedApi: Transformer = async (_prev, method, payload) => {
  const p = payload as { chat_id?: number; text?: string };
  if (method === "sendMessage") return {
    ok: true,
    result: { message_id: 1, date: 0, chat: { id: p.chat_id ?? 0, type: "private" }, text: p.text ?? "" },
  } as never;
  return { ok: true, result: true } as never;
};

export const statsBench: BenchSection = {
  name: "stats",
  async run(): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), "casebot-bench-stats-"));
    const library = await loadLibrary("data/articles");
    const answerer = createAnswerer(library);
    const logger = createLogger("silent");
    const questions = await openQuestionLogFile(loadConfig({ DATA_DIR: dir }, PLATFORMS).stats, logger);
    const words = library.cases.flatMap((c) => [...c.practices, `${c.place}是怎么做的？`]);
    let n = 0;
    const updates = (): Update[] =>
      Array.from({ length: QUESTIONS }, (_, i) => {
        const user = { id: 10_000 + (i % 500), is_bot: false, first_name: "用户" };
        return {
          update_id: ++n,
          message: { message_id: n, date: 0, chat: { id: user.id, type: "private", first_name: "用户" }, from: user, text: words[i % words.length] ?? "人大" },
        } as unknown as Update;
      });
    const botWith = (withLog: boolean) => {
      const store = memoryStateStore();
      const chats = createChatRepository(store);
      const services: Services = {
        library,
        answerer,
        registry: createRegistry(allCommands),
        stateful: Promise.resolve({ store, chats }),
        ...(withLog ? { questions } : {}),
      };
      return createBot({ token: TOKEN, services, logger, chats, botInfo: TEST_BOT_INFO, apiTransformer: cannedApi, rateLimitPerMinute: 1e9 });
    };
    const bots = { off: botWith(false), on: botWith(true) };
    const seconds = { off: 0, on: 0 };
    // Per round pair: the ratio of the two, so a burst of load elsewhere skews one pair, not the result.
    const ratios: number[] = [];
    for (const u of updates().slice(0, 300)) await Promise.all([bots.off.handleUpdate(u), bots.on.handleUpdate(u)]); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      const took = { off: 0, on: 0 };
      for (const mode of round % 2 ? (["on", "off"] as const) : (["off", "on"] as const)) {
        const batch = updates();
        const t = performance.now();
        for (const u of batch) await bots[mode].handleUpdate(u);
        took[mode] = (performance.now() - t) / 1000;
        seconds[mode] += took[mode];
      }
      ratios.push(took.off / took.on);
    }
    ratios.sort((a, b) => a - b);
    const median = ((ratios[(ROUNDS - 1) >> 1] ?? 0) + (ratios[ROUNDS >> 1] ?? 0)) / 2;
    await questions.flush();
    const perSecond = (s: number) => (ROUNDS * QUESTIONS) / s;
    printTable(`Answering with the question log off and on (Telegram pipeline, ${ROUNDS} alternating rounds of ${QUESTIONS} answered questions)`, [
      { logging: "off (STATS=off, baseline)", "questions/s": Math.round(perSecond(seconds.off)), "vs off": "100 %", "median of round pairs": "100 %" },
      {
        logging: "on (file on disk, group commit)",
        "questions/s": Math.round(perSecond(seconds.on)),
        "vs off": `${fmt((seconds.off / seconds.on) * 100, 1)} %`,
        "median of round pairs": `${fmt(median * 100, 1)} %`,
      },
    ]);

    const big = questions.entries().length;
    const t0 = performance.now();
    questions.record({ platform: "telegram", chatId: "1", chat: "private", question: "写入测试", hits: 0 });
    await questions.flush();
    const writeMs = performance.now() - t0;
    const t1 = performance.now();
    buildReport(questions.entries(), { now: new Date(), days: 180, timezone: "Asia/Shanghai" });
    printTable("The log at this size", [{ entries: big + 1, "one write ms": fmt(writeMs, 1), "/stats 180 days ms": fmt(performance.now() - t1, 1) }]);
    await questions.stop();
    await rm(dir, { recursive: true, force: true });
  },
};
