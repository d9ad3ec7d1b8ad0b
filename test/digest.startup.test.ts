/**
 * The bot started through the composition root main.ts runs (startApp) on a db.json left by an
 * earlier process: the scheduler's first run resumes a pending push with its case, catches up a
 * missed current period, and records a period that ended while the bot was down as skipped.
 * (Stopping on SIGTERM as `npm start` is checked in telegram.e2e.test.ts; here the process boundary
 * adds nothing but a second of start-up.)
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp } from "../src/app/start.ts";
import { loadConfig } from "./support/config.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { currentFire, periodId } from "../src/digest/schedule.ts";
import { createEntry } from "../src/store/outbox.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState, type State } from "../src/store/types.ts";
import { startBotApiServer, type BotApiServer } from "./support/bot-api-server.ts";
import { createLogger } from "../src/logger.ts";
import { tempDataDir } from "./support/spawn-app.ts";

const SCHEDULE = { cron: "0 9 * * 1", timezone: "Asia/Shanghai" };
const WEEK = 7 * 86400_000;

let server: BotApiServer;
beforeAll(async () => {
  server = await startBotApiServer();
});
afterAll(async () => {
  await server.close();
});

describe("start-up: resume and catch up", () => {
  it("sends the pending push with its case, catches up the current period, skips an ended one", { timeout: 60_000 }, async () => {
    const library = await loadLibrary("data/articles");
    const dir = tempDataDir();
    const now = new Date();
    const fire = currentFire(SCHEDULE, now);
    if (!fire) throw new Error("schedule never fired");
    const current = periodId(fire, SCHEDULE.timezone);
    const previous = periodId(new Date(fire.getTime() - WEEK), SCHEDULE.timezone);
    const state: State = emptyState();
    const sub = (chatId: string, since: Date) => {
      const { record } = upsertSubscription(state, { platform: "telegram", chatId, ...SCHEDULE, by: { id: "1" } }, since);
      return record;
    };
    const resumeCase = library.cases[2]?.id ?? "";
    createEntry(state, sub("-7001", new Date(fire.getTime() - 60_000)), current, resumeCase, "pending", fire);
    sub("-7002", new Date(fire.getTime() - 60_000));
    const old = sub("-7003", new Date(fire.getTime() - WEEK - 60_000));
    createEntry(state, old, previous, library.cases[0]?.id ?? "", "pending", new Date(fire.getTime() - WEEK));
    writeFileSync(join(dir, "db.json"), JSON.stringify(state));

    const logged: string[] = [];
    const logger = createLogger("warn", { write: (line: string) => void logged.push(line) });
    const config = loadConfig({ BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, DATA_DIR: dir, CASEBOT_CONSOLE: "0" });
    const app = await startApp(config, logger);
    const pushes = (id: number) => server.callsTo("sendMessage", (p) => p.chat_id === id && String(p.text).includes("📌 本周案例"));
    const push1 = await server.waitForCall("sendMessage", (p) => p.chat_id === -7001, { timeoutMs: 30_000 });
    await server.waitForCall("sendMessage", (p) => p.chat_id === -7002, { timeoutMs: 30_000 });
    await server.waitForCall("sendMessage", (p) => p.chat_id === -7003, { timeoutMs: 30_000 });
    expect(push1.response.ok).toBe(true);
    expect(JSON.stringify(push1.payload.reply_markup)).toContain(`c:case:${resumeCase}`);

    // Stopping waits for the fan-out and its checkpoint.
    await app.stop();
    expect(logged).toEqual([]);
    for (const id of [-7001, -7002, -7003]) expect(pushes(id)).toHaveLength(1);

    const end = JSON.parse(readFileSync(join(dir, "db.json"), "utf8")) as State;
    const status = (chat: string, period: string) => end.outbox[`telegram:${chat}@${period}`]?.status;
    expect([status("-7001", current), status("-7002", current), status("-7003", current), status("-7003", previous)]).toEqual(["sent", "sent", "sent", "skipped"]);
    expect(end.outbox[`telegram:-7001@${current}`]?.caseId).toBe(resumeCase);
    expect(readdirSync(dir).filter((f) => f.includes("journal"))).toEqual([]);
  });
});
