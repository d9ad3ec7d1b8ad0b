/**
 * Weekly push fan-out: 10,000 subscribed chats against the local Bot API server
 * (test/support/bot-api-server.ts, 127.0.0.1) with platform limits off, through the real service
 * (outbox written before each send, marked after, lowdb file on disk). Baselines in the same run:
 * the same sends without any outbox (sequential and concurrent), and the cost of one state write.
 * Plan computation for 10,000 chats is timed with and without the per-schedule fire-time memo.
 *
 *   node --import tsx/esm bench/digest.ts        (or `npm run bench -- digest`)
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Api } from "grammy";
import { loadLibrary } from "../src/corpus/load.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { digestCard } from "../src/digest/card.ts";
import type { DeliveryChannel } from "../src/digest/delivery.ts";
import { currentFire, nextFire } from "../src/digest/schedule.ts";
import { createDigestService } from "../src/digest/service.ts";
import { createLogger } from "../src/logger.ts";
import { createTelegramChannel } from "../src/platforms/telegram/delivery.ts";
import { createEntry, markEntry } from "../src/store/outbox.ts";
import { openOutboxJournal } from "../src/store/outbox-journal.ts";
import { openStateStore, type StateStore } from "../src/store/state-store.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { startBotApiServer, type BotApiServer } from "../test/support/bot-api-server.ts";
import type { BenchSection } from "./types.ts";
import { fmt, printTable, prng } from "./util.ts";

const CHATS = Number(process.env.BENCH_DIGEST_CHATS ?? 10_000);
/** Seeds fewer chats for the expensive baseline. */
let chatsOverride: number | undefined;
const logger = createLogger("silent");
const DEFAULT = { cron: "0 9 * * 1", timezone: "Asia/Shanghai" };

/** 80% on the default schedule, the rest spread over 40 weekday/time schedules and three zones. */
function scheduleFor(i: number, rnd: () => number): { cron: string; timezone: string } {
  if (rnd() < 0.8) return DEFAULT;
  const zones = ["Asia/Shanghai", "Asia/Shanghai", "Europe/Berlin", "America/New_York"];
  return { cron: `${[0, 30][i % 2]} ${8 + (i % 10)} * * ${1 + (i % 5)}`, timezone: zones[i % zones.length] as string };
}

async function seed(file: string, at: Date): Promise<StateStore> {
  const store = await openStateStore(file);
  const rnd = prng(42);
  await store.update((s) => {
    for (let i = 0; i < (chatsOverride ?? CHATS); i++) {
      const sched = scheduleFor(i, rnd);
      const { record } = upsertSubscription(s, { platform: "telegram", chatId: String(-1_000_000_000 - i), ...sched, by: { id: "1" } }, at);
      // Owed the period that is current at `at`, so every chat is due in the fan-out.
      const fire = currentFire(sched, at) ?? at;
      record.activeSince = new Date(fire.getTime() - 60_000).toISOString();
    }
  });
  return store;
}

async function naive(channel: DeliveryChannel, library: CaseLibrary, ids: string[], concurrency: number): Promise<number> {
  const c = library.cases[0];
  if (!c) throw new Error("empty corpus");
  const reply = digestCard(c, library);
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) await channel.send({ channel: "telegram", chatId: ids[next++] as string }, reply);
    }),
  );
  return performance.now() - t;
}

async function fanout(server: BotApiServer, library: CaseLibrary, channel: DeliveryChannel, concurrency: number, at: Date, withJournal = true) {
  const dir = mkdtempSync(join(tmpdir(), "casebot-bench-"));
  const file = join(dir, "db.json");
  try {
    const store = await seed(file, at);
    const journal = withJournal ? openOutboxJournal(store, file, logger) : undefined;
    const digest = createDigestService({
      store,
      library,
      logger,
      defaults: DEFAULT,
      now: () => at,
      fanout: { concurrency, limits: false },
      ...(journal ? { journal } : {}),
    });
    const before = server.counts.get("sendMessage") ?? 0;
    const t = performance.now();
    const report = await digest.sendDue([channel], at);
    const ms = performance.now() - t;
    const sent = (server.counts.get("sendMessage") ?? 0) - before;
    const again = await digest.sendDue([channel], at);
    return { ms, report, sent, again: again.sent, bytes: statSync(file).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same service without the journal, over `n` chats (seeded with the first n). */
async function fanoutWithoutJournal(server: BotApiServer, library: CaseLibrary, channel: DeliveryChannel, at: Date, n: number) {
  chatsOverride = n;
  try {
    return await fanout(server, library, channel, 8, at, false);
  } finally {
    chatsOverride = undefined;
  }
}

async function writeCost(library: CaseLibrary, at: Date): Promise<{ ms: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), "casebot-bench-"));
  const file = join(dir, "db.json");
  try {
    const store = await seed(file, at);
    // Give the document its post-fan-out shape (one sent outbox entry per chat) before timing writes.
    const caseId = library.cases[0]?.id ?? "";
    await store.update((s) => {
      for (const sub of Object.values(s.subscriptions)) markEntry(createEntry(s, sub, "2026-11-30T09:00+08:00", caseId, "pending", at), "sent", at);
    });
    const rounds = 20;
    const t = performance.now();
    for (let i = 0; i < rounds; i++) await store.update((s) => void (s.version = 1));
    return { ms: (performance.now() - t) / rounds, bytes: statSync(file).size };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function planTimes(library: CaseLibrary, at: Date) {
  const dir = mkdtempSync(join(tmpdir(), "casebot-bench-"));
  try {
    const store = await seed(join(dir, "db.json"), at);
    const digest = createDigestService({ store, library, logger, defaults: DEFAULT, now: () => at });
    digest.plan(at); // warm-up
    let t = performance.now();
    const plan = digest.plan(at);
    const memo = performance.now() - t;
    // Baseline: cron arithmetic per subscription, as without the (cron, zone) memo.
    t = performance.now();
    for (const sub of Object.values(store.data.subscriptions)) {
      currentFire(sub, at);
      nextFire(sub, at);
    }
    const perSub = performance.now() - t;
    return { chats: plan.length, memo, perSub };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const digestBench: BenchSection = {
  name: "digest",
  async run() {
    const library = await loadLibrary("data/articles");
    const server = await startBotApiServer({ maxRecordedCalls: 1 });
    const channel = createTelegramChannel(new Api(server.token, { apiRoot: server.apiRoot }), logger);
    // A Monday noon in Shanghai: the default schedule's period is current.
    const at = new Date("2026-11-30T04:00:00Z");
    try {
      const ids = Array.from({ length: CHATS }, (_, i) => String(-1_000_000_000 - i));
      await naive(channel, library, ids.slice(0, 200), 8); // warm-up (connections, JIT)
      const seq = await naive(channel, library, ids, 1);
      const par = await naive(channel, library, ids, 8);
      const rows: Array<Record<string, string | number>> = [
        {
          run: "baseline: sendMessage only, 1 at a time",
          chats: CHATS,
          "total s": fmt(seq / 1000),
          "msg/s": fmt(CHATS / (seq / 1000), 0),
          "state writes": "none",
        },
        {
          run: "baseline: sendMessage only, 8 in flight",
          chats: CHATS,
          "total s": fmt(par / 1000),
          "msg/s": fmt(CHATS / (par / 1000), 0),
          "state writes": "none",
        },
      ];
      for (const concurrency of [1, 8, 32]) {
        const r = await fanout(server, library, channel, concurrency, at);
        if (r.sent !== CHATS || r.report.sent !== CHATS || r.again !== 0) throw new Error(`fan-out sent ${r.sent}/${r.report.sent}, rerun ${r.again}`);
        rows.push({
          run: `digest fan-out (outbox), ${concurrency} in flight`,
          chats: CHATS,
          "total s": fmt(r.ms / 1000),
          "msg/s": fmt(CHATS / (r.ms / 1000), 0),
          "state writes": `journal append per mark; db.json ${fmt(r.bytes / 2 ** 20, 1)} MB at checkpoints`,
        });
      }
      // Baseline: the outbox without the journal (every "sent" mark rewrites db.json), on a tenth of
      // the chats because its cost grows with the state and would dominate the whole bench.
      const small = Math.max(1, Math.round(CHATS / 10));
      const b = await fanoutWithoutJournal(server, library, channel, at, small);
      rows.push({
        run: `baseline: outbox, db.json write per mark, 8 in flight`,
        chats: small,
        "total s": fmt(b.ms / 1000),
        "msg/s": fmt(small / (b.ms / 1000), 0),
        "state writes": `db.json ${fmt(b.bytes / 2 ** 20, 1)} MB, one write per batch of marks`,
      });
      printTable(`Fan-out to ${CHATS} Telegram chats, local Bot API server, platform limits off (a rerun of the same period sent 0 each time)`, rows);
      const w = await writeCost(library, at);
      const p = await planTimes(library, at);
      printTable(`State and planning costs at ${CHATS} subscriptions`, [
        {
          what: "one db.json write (serialize + temp file + rename)",
          "ms": fmt(w.ms, 1),
          note: `${fmt(w.bytes / 2 ** 20, 1)} MB file; per-push writes would cost ${fmt((w.ms * CHATS) / 1000, 0)} s`,
        },
        { what: "digest plan (every chat: next push + case)", "ms": fmt(p.memo, 1), note: `${p.chats} chats, fire times memoized per (cron, zone)` },
        { what: "baseline: fire times per subscription", "ms": fmt(p.perSub, 1), note: "currentFire + nextFire for each chat, no memo" },
      ]);
      console.log(
        `\nWith production limits (30 msg/s overall) the same fan-out takes at least ${fmt(CHATS / 30, 0)} s; ` +
          "the limiter, not the outbox, sets the pace.",
      );
    } finally {
      await server.close();
    }
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await digestBench.run();
