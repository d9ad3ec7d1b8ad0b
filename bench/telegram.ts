/**
 * Telegram pipeline throughput: updates per second through the real createBot (every middleware:
 * sequentialize, decoding, rate limiter, dispatch, rendering) with an API transformer that answers
 * locally (no network), and the latency of each answered question. A bare grammY echo bot fed the
 * same updates is the baseline, and the answerer alone shows what the search itself costs.
 *
 *   node --import tsx/esm bench/telegram.ts        (or `npm run bench -- telegram`)
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Bot, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { allCommands } from "../commands/index.ts";
import { createAnswerer } from "../src/answer/answerer.ts";
import { createRegistry } from "../src/dispatch/registry.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { createLogger } from "../src/logger.ts";
import { createBot } from "../src/platforms/telegram/bot.ts";
import type { Services } from "../src/dispatch/types.ts";
import { createChatRepository } from "../src/store/chats.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { TEST_BOT_INFO } from "../test/support/bot-api-server.ts";
import type { BenchSection } from "./types.ts";

const TOKEN = "123456789:AAFakeTokenForBenchmarks_abcdefghijkl";
const BOT_INFO = { ...TEST_BOT_INFO, username: "casebot_bench_bot" };

/** Answers every Bot API call locally, like a server with zero latency. */
const cannedApi: Transformer = async (_prev, method, payload) => {
  const p = payload as { chat_id?: number; text?: string };
  if (method === "sendMessage") {
    return { ok: true, result: { message_id: 1, date: 0, chat: { id: p.chat_id ?? 0, type: "private" }, text: p.text ?? "" } } as never;
  }
  return { ok: true, result: true } as never;
};

interface Mix {
  updates: Update[];
  /** Indexes of updates that are questions the bot answers. */
  questions: Set<number>;
}

/** Questions and chatter built from the corpus itself (practices, unit and place names). */
function buildMix(library: CaseLibrary, count: number): Mix {
  const words = library.cases.flatMap((c) => [...c.practices, c.place, c.unit, `${c.place}是怎么做的？`]);
  const updates: Update[] = [];
  const questions = new Set<number>();
  let msg = 1;
  for (let i = 0; i < count; i++) {
    const word = words[i % words.length] ?? "人大";
    const user = { id: 10_000 + (i % 500), is_bot: false, first_name: "用户" };
    const group = { id: -1001000000000 - (i % 50), type: "supergroup", title: "群" };
    const kind = i % 10;
    let update: Record<string, unknown>;
    if (kind < 4) {
      update = { message: { message_id: msg++, date: 0, chat: { id: user.id, type: "private", first_name: "用户" }, from: user, text: word } };
      questions.add(i);
    } else if (kind < 6) {
      const text = `🙂 @${BOT_INFO.username} ${word}`;
      update = {
        message: {
          message_id: msg++,
          date: 0,
          chat: group,
          from: user,
          text,
          entities: [{ type: "mention", offset: 3, length: BOT_INFO.username.length + 1 }],
        },
      };
      questions.add(i);
    } else if (kind < 8) {
      update = { message: { message_id: msg++, date: 0, chat: group, from: user, text: `随便聊聊${i}` } };
    } else if (kind === 8) {
      const id = library.cases[i % library.cases.length]?.id ?? "";
      update = {
        callback_query: {
          id: `cb${i}`,
          from: user,
          chat_instance: "x",
          data: `c:case:${id}`,
          message: { message_id: 1, date: 0, chat: group, from: { ...BOT_INFO }, text: "答案" },
        },
      };
    } else {
      update = { inline_query: { id: `iq${i}`, from: user, query: word, offset: "" } };
    }
    updates.push({ update_id: i + 1, ...update } as unknown as Update);
  }
  return { updates, questions };
}

export interface Row {
  name: string;
  updates: number;
  perSecond: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

async function measure(name: string, handle: (u: Update) => Promise<void>, mix: Mix, only?: Set<number>): Promise<Row> {
  const picked = mix.updates.filter((_, i) => !only || only.has(i));
  for (const u of picked.slice(0, 200)) await handle(u); // warm-up
  const latencies: number[] = [];
  const started = performance.now();
  for (const [i, u] of picked.entries()) {
    const t0 = performance.now();
    await handle(u);
    if (only || mix.questions.has(i)) latencies.push(performance.now() - t0);
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { name, updates: picked.length, perSecond: picked.length / elapsed, p50: pct(50), p95: pct(95), p99: pct(99) };
}

/** Runs the runner's way: many updates in flight at once (concurrency 100). */
async function measureConcurrent(name: string, handle: (u: Update) => Promise<void>, mix: Mix): Promise<Row> {
  const started = performance.now();
  for (let i = 0; i < mix.updates.length; i += 100) await Promise.all(mix.updates.slice(i, i + 100).map(handle));
  return { name, updates: mix.updates.length, perSecond: mix.updates.length / ((performance.now() - started) / 1000) };
}

export async function benchTelegram(opts: { updates?: number } = {}): Promise<Row[]> {
  const count = opts.updates ?? 3000;
  const library = await loadLibrary("data/articles");
  const answerer = createAnswerer(library);
  const store = memoryStateStore();
  const chats = createChatRepository(store);
  const services: Services = { library, answerer, registry: createRegistry(allCommands), stateful: Promise.resolve({ store, chats }) };
  const logger = createLogger("silent");
  const mix = buildMix(library, count);

  const casebot = createBot({ token: TOKEN, services, logger, chats, botInfo: BOT_INFO, apiTransformer: cannedApi, rateLimitPerMinute: 1e9 });
  const echo = new Bot(TOKEN, { botInfo: BOT_INFO });
  echo.api.config.use(cannedApi);
  echo.on("message:text", async (ctx) => void (await ctx.reply(ctx.msg.text)));
  echo.on("callback_query", async (ctx) => void (await ctx.answerCallbackQuery()));
  echo.on("inline_query", async (ctx) => void (await ctx.answerInlineQuery([])));
  const questionTexts = mix.updates.map((u) => u.message?.text ?? "").filter((_, i) => mix.questions.has(i));

  const rows: Row[] = [
    await measure("baseline: bare grammY echo bot, same mix", (u) => echo.handleUpdate(u), mix),
    await measure("casebot createBot, mixed updates (40% private Q, 20% group @Q, 20% chatter, 10% button, 10% inline)", (u) => casebot.handleUpdate(u), mix),
    await measure("casebot createBot, answered questions only", (u) => casebot.handleUpdate(u), mix, mix.questions),
    await measure(
      "answerer.ask alone (no Telegram), same questions",
      async (u) => void answerer.ask(u.message?.text ?? ""),
      { updates: mix.updates.filter((_, i) => mix.questions.has(i)), questions: new Set(questionTexts.map((_, i) => i)) },
    ),
    await measureConcurrent("baseline: bare grammY echo, 100 in flight", (u) => echo.handleUpdate(u), mix),
    await measureConcurrent("casebot createBot, mixed, 100 in flight", (u) => casebot.handleUpdate(u), mix),
  ];
  return rows;
}

export const telegramBench: BenchSection = {
  name: "telegram",
  async run() {
    const rows = await benchTelegram();
    printTable(
      "Telegram: updates through the full grammY pipeline (API transformer, no network); latency per answered question",
      rows.map((r) => ({
        pipeline: r.name,
        updates: r.updates,
        "updates/s": Math.round(r.perSecond),
        "p50 ms": ms(r.p50),
        "p95 ms": ms(r.p95),
        "p99 ms": ms(r.p99),
      })),
    );
  },
};

const ms = (n: number | undefined): string => (n === undefined ? "—" : n.toFixed(3));

function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  const cols = Object.keys(rows[0] ?? {});
  const width = (v: string) => Array.from(v).reduce((w, ch) => w + (/[\u2e80-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(String(r[c] ?? "")))));
  const line = (vals: string[]) => vals.map((v, i) => v + " ".repeat((widths[i] ?? 0) - width(v))).join("  ");
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ""))));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await telegramBench.run();
}
