// @module-tag slow (npm test leaves it out; npm run test:full and CI run it): the bot runs as a process, started as `npm start` starts it
/**
 * End to end over real HTTP: the bot is started the way `npm start` starts it (node --import tsx/esm src/main.ts with
 * BOT_TOKEN and TELEGRAM_API_ROOT) against the local Bot API server, which long-polls getUpdates
 * with offsets and answers errors in Telegram's real shape.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api } from "grammy";
import { loadConfig } from "./support/config.ts";
import { sendReply } from "../src/platforms/telegram/send.ts";
import { para, reply } from "../src/reply/build.ts";
import { startTelegram } from "../src/platforms/telegram/index.ts";
import { createLogger } from "../src/logger.ts";
import type { State } from "../src/store/types.ts";
import { botKicked, startBotApiServer, tooManyRequests, type BotApiServer, type Payload } from "./support/bot-api-server.ts";
import { isolatedEnv, tempDataDir } from "./support/spawn-app.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";
import { createHarness, testLibrary } from "./support/telegram-harness.ts";
import { BASIC_GROUP, OTHER_USER, PRIVATE_USER, SUPERGROUP, botMessage, callbackUpdate, inlineUpdate, migrateUpdate, textUpdate } from "./support/telegram-updates.ts";

const shown = (p: Payload) => parseTelegramHtml(String(p.text)).text;
const toChat = (id: number) => (p: Payload) => p.chat_id === id;
const EDITOR = PRIVATE_USER.id;

describe("Telegram end to end (npm start against a local Bot API server)", () => {
  let api: BotApiServer;
  let dir: string;
  let child: ChildProcess;
  let stderr = "";
  let exited: Promise<number | null>;

  beforeAll(async () => {
    api = await startBotApiServer();
    dir = tempDataDir();
    child = spawn(process.execPath, ["--import", "tsx/esm", "src/main.ts"], {
      env: isolatedEnv({
        BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        DATA_DIR: dir,
        CASEBOT_CONSOLE: "0",
        LOG_LEVEL: "info",
        TELEGRAM_EDITORS: String(EDITOR),
      }),
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    await api.waitForPolling(15_000);
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("publishes the command menu from the registry and polls without a webhook", async () => {
    const menu = (await api.waitForCall("setMyCommands")).payload.commands as Array<{ command: string; description: string }>;
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(["ask", "case", "units", "random", "help"]));
    expect(menu.map((c) => c.command)).not.toContain("start");
    for (const c of menu) expect(c.description).toMatch(/[\u4e00-\u9fff]/);
    expect(api.callsTo("deleteWebhook")).toHaveLength(1);
    api.pushUpdate(textUpdate("/help") as never);
    await api.waitForCall("sendMessage");
    expect(api.callsTo("getUpdates")[0]?.payload.allowed_updates).toEqual(expect.arrayContaining(["message", "callback_query", "inline_query", "my_chat_member"]));
  });

  it("opens a deep-linked case and answers an @mention after emoji in a supergroup", async () => {
    const c = (await testLibrary()).cases[1];
    if (!c) throw new Error("corpus too small");
    api.pushUpdate(textUpdate(`/start case_${c.id}`) as never);
    const full = await api.waitForCall("sendMessage", (p) => shown(p).includes(`编号 ${c.id}`));
    expect(shown(full.payload).startsWith(`${c.unit} · ${c.headline}`)).toBe(true);
    expect(full.response.ok).toBe(true);

    const question = textUpdate(`🎉🎉 @${api.botInfo.username} 联络站`, { chat: SUPERGROUP, from: OTHER_USER });
    api.pushUpdate(question as never);
    const answer = await api.waitForCall("sendMessage", toChat(SUPERGROUP.id));
    expect(answer.payload.reply_parameters).toMatchObject({ message_id: question.message?.message_id });
    expect(answer.payload.parse_mode).toBe("HTML");
    expect(answer.response.ok).toBe(true);
  });

  it("waits out a 429 and delivers; survives a 403; answers inline queries", async () => {
    const chat = 5001;
    api.failNext("sendMessage", tooManyRequests(1), { filter: toChat(chat) });
    api.pushUpdate(textUpdate("/units", { chat: { id: chat, type: "private" } }) as never);
    const delivered = await api.waitForCall("sendMessage", toChat(chat), { skip: 1 });
    const [first] = api.callsTo("sendMessage", toChat(chat));
    expect(first?.response).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    expect(delivered.at - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(shown(delivered.payload)).toContain("已收录");

    const kicked = -1003003003;
    api.failNext("sendMessage", botKicked(), { filter: toChat(kicked) });
    api.pushUpdate(textUpdate(`@${api.botInfo.username} 联络站`, { chat: { ...SUPERGROUP, id: kicked }, from: OTHER_USER }) as never);
    await api.waitForCall("sendMessage", toChat(kicked));

    api.pushUpdate(inlineUpdate("") as never);
    const inline = await api.waitForCall("answerInlineQuery");
    expect((inline.payload.results as unknown[]).length).toBeGreaterThan(0);
    api.pushUpdate(migrateUpdate(BASIC_GROUP, -1004004004) as never);
  });

  it("records a 👎 pressed over HTTP once; an editor's /stats counts the questions (the question log)", async () => {
    api.pushUpdate(textUpdate("天气预报", { chat: { id: EDITOR, type: "private" } }) as never);
    await api.waitForCall("sendMessage", (p) => toChat(EDITOR)(p) && shown(p).startsWith("没有找到"));
    const c = (await testLibrary()).cases[0]!;
    api.pushUpdate(textUpdate(c.headline, { chat: { id: EDITOR, type: "private" } }) as never);
    const answer = await api.waitForCall("sendMessage", (p) => toChat(EDITOR)(p) && shown(p).startsWith(c.unit));
    const down = (answer.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data?: string }>> }).inline_keyboard.flat().find((b) => b.callback_data?.endsWith(":d"));
    const msg = botMessage("答案", { id: EDITOR, type: "private" }, (answer.response as { result: { message_id: number } }).result.message_id);
    api.pushUpdate(callbackUpdate(down!.callback_data!, msg) as never);
    api.pushUpdate(callbackUpdate(down!.callback_data!, msg) as never);
    await api.waitForCount("answerCallbackQuery", 2);
    expect(api.callsTo("answerCallbackQuery").map((x) => x.payload.text)).toEqual(["感谢反馈：👎 没用", "已记录：👎 没用"]);
    api.pushUpdate(textUpdate("/stats", { chat: { id: EDITOR, type: "private" } }) as never);
    const stats = await api.waitForCall("sendMessage", (p) => toChat(EDITOR)(p) && shown(p).startsWith("📊"));
    // Earlier tests asked too (answered); the one no-match question is ours.
    expect(shown(stats.payload)).toMatch(/提问 \d+ 次：找到答案 \d+（\d+%），没有找到 1（\d+%）/);
    expect(shown(stats.payload)).toContain("👎 1");
  });

  it("on SIGTERM finishes the update in flight, confirms it, and exits 0", async () => {
    // The button's answerCallbackQuery is held for a while; the full case is sent only after it.
    api.delayNext("answerCallbackQuery", 500);
    const msg = botMessage("答案", { id: 6001, type: "private" }, 10);
    const id = api.pushUpdate(callbackUpdate("c:units:", msg) as never);
    await api.waitForCall("answerCallbackQuery");
    child.kill("SIGTERM");
    const followUp = await api.waitForCall("sendMessage", toChat(6001), { timeoutMs: 10_000 });
    expect(shown(followUp.payload)).toContain("已收录");
    expect(await exited).toBe(0);
    expect(api.confirmedOffset).toBeGreaterThan(id);
    expect(api.pendingUpdates).toBe(0);
    expect(stderr).toContain("telegram: stopped");
    expect(stderr).not.toContain(api.token);

    // State written by the run: the kicked chat is inactive, the migrated group moved.
    const state = JSON.parse(await readFile(join(dir, "db.json"), "utf8")) as State;
    expect(state.chats["telegram:-1003003003"]).toMatchObject({ active: false });
    expect(state.chats[`telegram:${SUPERGROUP.id}`]).toMatchObject({ active: true });
    // The question log was written on the way out: the next start reads it back.
    const log = JSON.parse(await readFile(join(dir, "questions.json"), "utf8")) as { entries: Array<{ question: string; votes?: object }> };
    expect(log.entries.find((e) => e.question === "天气预报")).toBeDefined();
    expect(log.entries.filter((e) => e.votes)).toHaveLength(1);
  });
});

describe("long replies over HTTP", () => {
  it("sends a 10,000-character reply as several messages the Bot API accepts, buttons on the last", async () => {
    const api = await startBotApiServer();
    try {
      const client = new Api(api.token, { apiRoot: api.apiRoot });
      const paragraphs = Array.from({ length: 20 }, (_, i) => `第${i + 1}段：<b>不是标签</b> & </a> ` + "代表履职".repeat(120));
      const long = reply("case", paragraphs.map((p) => para(p)), { buttons: [[{ label: "查看全文", action: { type: "command", command: "case", args: "abc" } }]] });
      expect(paragraphs.join("\n\n").length).toBeGreaterThanOrEqual(10_000);
      const sent = await sendReply(client, { chatId: 42, replyTo: 7 }, long);
      expect(sent.length).toBeGreaterThanOrEqual(3);
      const calls = api.callsTo("sendMessage");
      expect(calls.every((c) => c.response.ok)).toBe(true);
      expect(calls.map((c) => shown(c.payload)).join("\n\n")).toBe(paragraphs.join("\n\n"));
      expect(calls.map((c) => c.payload.reply_parameters !== undefined)).toEqual(calls.map((_, i) => i === 0));
      expect(calls.map((c) => c.payload.reply_markup !== undefined)).toEqual(calls.map((_, i) => i === calls.length - 1));
    } finally {
      await api.close();
    }
  });
});

describe("Telegram webhook mode", () => {
  it("serves updates on PORT with the secret token checked, after setWebhook", async () => {
    const api = await startBotApiServer();
    const h = await createHarness();
    const section = loadConfig({
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      WEBHOOK_URL: "https://bot.example.org/telegram/hook",
      WEBHOOK_SECRET: "s3cret_token-1",
      CASEBOT_CONSOLE: "0",
    }).platforms.telegram;
    if (!section?.webhook) throw new Error("no webhook section");
    section.webhook.port = 0;
    const logger = createLogger("silent");
    const running = await startTelegram({ section, logger, services: h.services, now: () => new Date() });
    try {
      const set = await api.waitForCall("setWebhook");
      expect(set.payload).toMatchObject({ url: "https://bot.example.org/telegram/hook", secret_token: "s3cret_token-1" });
      expect(api.callsTo("getUpdates")).toHaveLength(0);
      const url = `http://127.0.0.1:${running.webhookPort}/telegram/hook`;
      const update = JSON.stringify(textUpdate("/help"));
      const forged = await fetch(url, { method: "POST", body: update, headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "wrong" } });
      expect(forged.status).toBe(401);
      const wrongPath = await fetch(url.replace("/hook", "/other"), { method: "POST", body: update });
      expect(wrongPath.status).toBe(404);
      const ok = await fetch(url, { method: "POST", body: update, headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret_token-1" } });
      expect(ok.status).toBe(200);
      const sent = await api.waitForCall("sendMessage");
      expect(shown(sent.payload)).toContain("使用说明");
      expect(api.callsTo("sendMessage")).toHaveLength(1);
    } finally {
      await running.stop();
      await api.close();
    }
  });
});
