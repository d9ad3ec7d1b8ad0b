import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { allCommands } from "../commands/index.ts";
import type { Command } from "../src/dispatch/types.ts";
import { loadConfig } from "./support/config.ts";
import { buildDigest } from "../src/digest/wire.ts";
import { ConfigError } from "../src/errors.ts";
import { SOMETHING_WENT_WRONG } from "../src/messages/catalog.ts";
import { createLogger } from "../src/logger.ts";
import { startAibot, type RunningAibot } from "../src/platforms/wecom/aibot/bot.ts";
import { UNSUPPORTED_TEXT } from "../src/messages/catalog.ts";
import { parseAdmins } from "../src/platforms/wecom/adapter.ts";
import { startWecom } from "../src/platforms/wecom/index.ts";
import { WECOM_MARKDOWN_MAX_BYTES } from "../src/platforms/wecom/markdown.ts";
import { para, reply } from "../src/reply/build.ts";
import { testLibrary, testServices, type TestServices } from "./support/services.ts";
import { startFakeWecomServer, sentMarkdown, streamContent, textMessageBody, type FakeWecomServer } from "./support/wecom-ws-server.ts";

const BOT_ID = "aib-test-bot";
const SECRET = "s3cr3t-aibot-secret-value-1234567890";

let server: FakeWecomServer | undefined;
let bot: RunningAibot | undefined;
afterEach(async () => {
  await bot?.stop();
  await server?.close();
  bot = undefined;
  server = undefined;
});

async function services(commands: readonly Command[] = allCommands, withDigest = false): Promise<TestServices> {
  const library = await testLibrary();
  const plain = testServices({ library, commands });
  if (!withDigest) return plain;
  return testServices({ library, commands, store: plain.store, digest: buildDigest(loadConfig({}), createLogger("silent"), { store: plain.store, library }) });
}

/** The WeCom section loadConfig builds from these variables. */
function wecomSection(env: Record<string, string>) {
  const section = loadConfig({ CASEBOT_CONSOLE: "0", ...env }).platforms.wecom;
  if (!section) throw new Error("no WeCom section");
  return section;
}

function memoryLog(): { logger: ReturnType<typeof createLogger>; text: () => string } {
  const lines: string[] = [];
  const dest = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger("debug", dest), text: () => lines.join("") };
}

async function start(opts: { s?: TestServices; secret?: string; admins?: string[] } = {}): Promise<{ server: FakeWecomServer; bot: RunningAibot; log: () => string; s: TestServices }> {
  server = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
  const s = opts.s ?? (await services());
  const { logger, text } = memoryLog();
  const aibot = wecomSection({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: opts.secret ?? SECRET, WECOM_WS_URL: server.url }).aibot;
  if (!aibot) throw new Error("no AI-bot section");
  bot = await startAibot({
    aibot,
    logger,
    services: s,
    admins: opts.admins,
    clientOptions: { reconnectInterval: 30, heartbeatInterval: 100, maxAuthFailureAttempts: 0 },
    authTimeoutMs: 3_000,
  });
  return { server, bot, log: text, s };
}

const replies = (srv: FakeWecomServer) => srv.frames.filter((f) => f.cmd === "aibot_respond_msg");

describe("WeCom AI bot over the long connection", () => {
  it("authenticates with aibot_subscribe and answers a group @-question with a finished stream naming the unit", async () => {
    const { server } = await start();
    expect(server.authentications).toBe(1);
    const reqId = server.pushMessage(textMessageBody({ msgid: "g1", chatid: "wrGroupA", content: "@案例通 逢6进站" }));
    const f = await server.waitForFrame((x) => x.cmd === "aibot_respond_msg" && x.reqId === reqId);
    expect(f.body?.msgtype).toBe("stream_with_template_card");
    const stream = f.body?.stream as { finish?: boolean; id?: string };
    expect(stream.finish).toBe(true);
    expect(stream.id).toMatch(/^stream_/);
    expect(streamContent(f)).toContain("大祥区城北路街道人大工委");
    const card = f.body?.template_card as { card_type: string; button_list: Array<{ text: string; key: string }>; task_id: string };
    expect(card.card_type).toBe("button_interaction");
    expect(card.button_list).toEqual([{ text: "查看全文", key: "case:8598fd71", style: 1 }]);
    expect(card.task_id).toMatch(/^[A-Za-z0-9_@-]{1,128}$/);
  });

  it("answers single-chat command words without a slash", async () => {
    const { server, s } = await start();
    const reqId = server.pushMessage(textMessageBody({ msgid: "p1", content: "单位" }));
    const f = await server.waitForFrame((x) => x.reqId === reqId);
    expect(f.body?.msgtype).toBe("stream");
    expect(streamContent(f)).toContain(`已收录 ${s.library.cases.length} 个单位的典型案例`);
    expect(streamContent(f)).toContain("查看全文：案例 ");
    expect(s.store.data.chats["wecom:zhangsan"]).toMatchObject({ platform: "wecom", chatId: "zhangsan", type: "private", active: true });
  });

  it("answers a message redelivered with the same msgid only once, also across a reconnect", async () => {
    const { server } = await start();
    const body = textMessageBody({ msgid: "dup-1", chatid: "wrGroupA", content: "@案例通 帮助" });
    const first = server.pushMessage(body);
    await server.waitForFrame((x) => x.reqId === first);
    server.pushMessage(body);

    server.dropConnection();
    await server.waitForAuthentications(2);
    server.pushMessage(body);
    const fresh = server.pushMessage(textMessageBody({ msgid: "dup-2", chatid: "wrGroupA", content: "@案例通 随机" }));
    const answered = await server.waitForFrame((x) => x.reqId === fresh);
    expect(answered.connection).toBe(2);
    expect(replies(server).map((f) => f.reqId)).toEqual([first, fresh]);
  });

  it("greets on enter_chat with aibot_respond_welcome_msg", async () => {
    const { server, s } = await start();
    const reqId = server.pushEvent({
      msgid: "ev1",
      create_time: 1,
      aibotid: BOT_ID,
      chattype: "single",
      from: { userid: "lisi" },
      msgtype: "event",
      event: { eventtype: "enter_chat" },
    });
    const f = await server.waitForFrame((x) => x.reqId === reqId);
    expect(f.cmd).toBe("aibot_respond_welcome_msg");
    const text = (f.body?.text as { content: string }).content;
    expect(text).toContain(`收录了 ${s.library.cases.length} 个`);
    expect(text.split("\n").filter((l) => l.startsWith("· "))).toHaveLength(2);
  });

  it("sends the full case to the chat when 查看全文 is clicked on the card", async () => {
    const { server } = await start();
    server.pushEvent({
      msgid: "ev-click",
      create_time: 1,
      aibotid: BOT_ID,
      chatid: "wrGroupA",
      chattype: "group",
      from: { userid: "wangwu" },
      msgtype: "event",
      event: { eventtype: "template_card_event", event_key: "case:8598fd71", task_id: "casebot_1_x" },
    });
    const f = await server.waitForFrame((x) => x.cmd === "aibot_send_msg");
    expect(f.body?.chatid).toBe("wrGroupA");
    expect(f.body?.msgtype).toBe("markdown");
    expect(sentMarkdown(f)).toContain("大祥区城北路街道人大工委");
    expect(sentMarkdown(f)).toContain("编号 8598fd71");
  });

  it("pages through other units when 其他单位 is clicked, with a card for the next step", async () => {
    const { server, s } = await start();
    const query = "代表联络站";
    expect(s.answerer.ask(query, { limit: 20 }).total).toBeGreaterThan(4);
    server.pushEvent({
      msgid: "ev-more",
      create_time: 1,
      aibotid: BOT_ID,
      chatid: "wrGroupA",
      chattype: "group",
      from: { userid: "wangwu" },
      msgtype: "event",
      event: { eventtype: "template_card_event", event_key: `more:1:${query}`, task_id: "casebot_2_x" },
    });
    const md = await server.waitForFrame((x) => x.cmd === "aibot_send_msg" && x.body?.msgtype === "markdown");
    expect(sentMarkdown(md)).toContain("其他相关单位（第 1 页）");
    const card = await server.waitForFrame((x) => x.cmd === "aibot_send_msg" && x.body?.msgtype === "template_card");
    const keys = (card.body?.template_card as { button_list: Array<{ key: string }> }).button_list.map((b) => b.key);
    expect(keys.every((k) => /^(case:|more:)/.test(k))).toBe(true);
  });

  it("lets only WECOM_ADMINS subscribe a group when the list is set; command words work bare", async () => {
    const s = await services(allCommands, true);
    const digest = s.state.digest!;
    const { server } = await start({ s, admins: ["boss"] });
    const refused = server.pushMessage(textMessageBody({ msgid: "sub-1", chatid: "wrGroupC", userid: "zhangsan", content: "@案例通 订阅" }));
    expect(streamContent(await server.waitForFrame((x) => x.reqId === refused))).toBe("只有群管理员可以订阅或退订本群的每周案例推送。");
    expect(digest.status({ channel: "wecom", chatId: "wrGroupC" })).toBeUndefined();
    const allowed = server.pushMessage(textMessageBody({ msgid: "sub-2", chatid: "wrGroupC", userid: "boss", content: "@案例通 订阅" }));
    expect(streamContent(await server.waitForFrame((x) => x.reqId === allowed))).toContain("退订");
    expect(digest.status({ channel: "wecom", chatId: "wrGroupC" })?.subscription.active).toBe(true);
    const preview = server.pushMessage(textMessageBody({ msgid: "sub-3", chatid: "wrGroupC", userid: "zhangsan", content: "@案例通 本周案例" }));
    const card = await server.waitForFrame((x) => x.reqId === preview);
    expect(s.library.cases.some((c) => streamContent(card).includes(c.unit))).toBe(true);
  });

  it("tells the user it reads text only when an image arrives", async () => {
    const { server } = await start();
    const reqId = server.pushMessage({ msgid: "img1", aibotid: BOT_ID, chattype: "single", from: { userid: "lisi" }, msgtype: "image", image: { url: "http://127.0.0.1/x" } });
    const f = await server.waitForFrame((x) => x.reqId === reqId);
    expect(streamContent(f)).toBe(UNSUPPORTED_TEXT);
  });

  it("shrugs off malformed frames and keeps answering", async () => {
    const { server, log } = await start();
    server.sendRaw("{not json");
    server.sendRaw(JSON.stringify({ cmd: "aibot_msg_callback", headers: { req_id: "r1" } }));
    server.pushMessage({ msgtype: "text", text: { content: "没有 msgid" } });
    server.pushMessage({ msgid: "bad-1", msgtype: "text", chattype: "group", chatid: { x: 1 }, from: "nobody", text: { content: 5 } });
    server.pushMessage({ msgid: "bad-2", msgtype: "mixed", chattype: "single", from: { userid: "lisi" }, mixed: { msg_item: null } });
    const ok = server.pushMessage(textMessageBody({ msgid: "after-bad", content: "帮助" }));
    expect(streamContent(await server.waitForFrame((x) => x.reqId === ok))).toContain("案例通 · 使用说明");
    // Only the well-formed mixed message without text got an answer (the "text only" hint).
    await server.waitForFrame((x) => streamContent(x) === UNSUPPORTED_TEXT);
    expect(replies(server)).toHaveLength(2);
    expect(log()).toContain("message without chat or sender ignored");
  });

  it("neutralises markdown in echoed user text", async () => {
    const { server } = await start();
    const reqId = server.pushMessage(textMessageBody({ msgid: "inj", content: "**粗** [点我](http://evil.example) <font color=\"red\">x</font>" }));
    const content = streamContent(await server.waitForFrame((x) => x.reqId === reqId));
    expect(content).not.toContain("**粗**");
    expect(content).not.toContain("](http://evil.example)");
    expect(content).not.toContain("<font");
    expect(content).toContain("＊＊粗＊＊");
  });

  it("replies with the exact apology when a command fails, and logs the msgid", async () => {
    const broken: Command = {
      name: "ask",
      aliases: ["问"],
      description: "broken",
      run: async () => {
        throw new Error("index exploded");
      },
    };
    const s = await services([broken, ...allCommands.filter((c) => c.name !== "ask")]);
    const { server, log } = await start({ s });
    const reqId = server.pushMessage(textMessageBody({ msgid: "boom-1", chatid: "wrGroupA", content: "@案例通 随便问问" }));
    const f = await server.waitForFrame((x) => x.reqId === reqId);
    expect(streamContent(f)).toBe(SOMETHING_WENT_WRONG);
    expect(streamContent(f)).toBe("抱歉，处理消息时出了点问题，请稍后再试。");
    expect(log()).toMatch(/"msgid":"boom-1".*failed to handle message|failed to handle message.*"msgid":"boom-1"/);
  });

  it("keeps the heartbeat going and never logs the secret", async () => {
    const { server, log } = await start();
    const reqId = server.pushMessage(textMessageBody({ msgid: "hb", content: "帮助" }));
    await server.waitForFrame((x) => x.reqId === reqId);
    await new Promise((r) => setTimeout(r, 350));
    expect(server.pings).toBeGreaterThanOrEqual(2);
    expect(log()).toContain("long connection authenticated");
    expect(log()).not.toContain(SECRET);
  });

  it("stops reconnecting after disconnected_event and says why", async () => {
    const { server, log } = await start();
    server.sendDisconnectedEvent();
    await new Promise((r) => setTimeout(r, 400));
    expect(server.connections).toBe(1);
    expect(log()).toContain("another process connected with the same WECOM_BOT_ID");
  });

  it("refuses to start with a wrong secret, naming the variables", async () => {
    await expect(start({ secret: "wrong-secret" })).rejects.toThrow(ConfigError);
    await expect(start({ secret: "wrong-secret" })).rejects.toThrow(/WECOM_BOT_ID and WECOM_BOT_SECRET/);
  });
});

describe("the wecom delivery channel (aibot_send_msg)", () => {
  it("pushes markdown to the chat and splits long replies below 4096 bytes", async () => {
    const { server, bot } = await start();
    const long = reply("digest", Array.from({ length: 40 }, (_, i) => para(`第${i + 1}段：` + "代表联络站🏛️服务群众".repeat(20))));
    expect(await bot.channel.send({ channel: "wecom", chatId: "wrGroupA" }, long)).toEqual({ status: "sent" });
    const sent = server.frames.filter((f) => f.cmd === "aibot_send_msg");
    expect(sent.length).toBeGreaterThan(1);
    for (const f of sent) {
      expect(f.body?.chatid).toBe("wrGroupA");
      expect(Buffer.byteLength(sentMarkdown(f))).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
      expect(sentMarkdown(f)).not.toMatch(/\uFFFD/);
    }
    expect(sent.map(sentMarkdown).join("")).toContain("第40段");
  });

  it("resumes a multi-part push after a failure without repeating delivered parts", async () => {
    const { server, bot } = await start();
    const long = reply("digest", Array.from({ length: 12 }, (_, i) => para(`第${i + 1}段：` + "人大代表联络站".repeat(60))));
    const target = { channel: "wecom", chatId: "wrGroupB" };
    const firstPart = server.waitForFrame((x) => x.cmd === "aibot_send_msg" && x.body?.chatid === "wrGroupB");
    const pending = bot.channel.send(target, long);
    await firstPart;
    // The first part is through; the next one is refused.
    server.failNextSend(45009, "api freq out of limit");
    expect(await pending).toMatchObject({ status: "retry" });
    const before = server.frames.filter((f) => f.body?.chatid === "wrGroupB").map(sentMarkdown);
    expect(await bot.channel.send(target, long)).toEqual({ status: "sent" });
    const all = server.frames.filter((f) => f.body?.chatid === "wrGroupB").map(sentMarkdown);
    const parts = all.slice(before.length);
    // The failed part is sent again, the delivered ones are not.
    expect(parts[0]).toBe(before[before.length - 1]);
    expect(new Set(all).size).toBe(all.length - 1);
    expect(all.join("")).toContain("第12段");
  });

  it("maps WeCom errcodes and a dead socket to delivery outcomes", async () => {
    const { server, bot } = await start();
    const r = reply("digest", [para("本周案例")]);
    server.failNextSend(45009, "api freq out of limit");
    expect(await bot.channel.send({ channel: "wecom", chatId: "wrGroupA" }, r)).toMatchObject({ status: "retry", afterMs: 60_000 });
    server.failNextSend(86001, "invalid chatid");
    expect(await bot.channel.send({ channel: "wecom", chatId: "gone" }, r)).toMatchObject({ status: "blocked" });
    server.failNextSend(40008, "invalid message type");
    expect(await bot.channel.send({ channel: "wecom", chatId: "wrGroupA" }, r)).toMatchObject({ status: "failed", permanent: true });
    await bot.stop();
    expect(await bot.channel.send({ channel: "wecom", chatId: "wrGroupA" }, r)).toMatchObject({ status: "retry" });
  });
});

describe("startWecom", () => {
  it("starts the AI bot and offers the wecom and wecom-webhook channels, then stops cleanly", async () => {
    server = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
    const s = await services();
    const config = loadConfig({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: server.url, WECOM_ADMINS: "boss, lead", CASEBOT_CONSOLE: "0" });
    const section = config.platforms.wecom;
    if (!section) throw new Error("no WeCom section");
    expect(section.admins).toEqual(["boss", "lead"]);
    const running = await startWecom({ section, config, logger: createLogger("silent"), services: s, now: () => new Date() });
    try {
      expect(running.name).toBe("wecom");
      expect(running.channels.map((c) => c.name)).toEqual(["wecom", "wecom-webhook"]);
      expect(server.authentications).toBe(1);
    } finally {
      await running.stop();
    }
    expect(await running.channels[0]?.send({ channel: "wecom", chatId: "x" }, reply("info", [para("x")]))).toMatchObject({ status: "retry" });
  });

  it("accepts only ws:// or wss:// for WECOM_WS_URL", () => {
    expect(() => loadConfig({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: "https://openws.work.weixin.qq.com" })).toThrow(/WECOM_WS_URL: must be a ws:\/\/ or wss:\/\/ URL/);
    expect(wecomSection({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: "wss://openws.work.weixin.qq.com" }).aibot?.wsUrl).toBe("wss://openws.work.weixin.qq.com");
  });

  it("reads WECOM_ADMINS as a list", () => {
    expect(parseAdmins("boss, lead，chief;x")).toEqual(["boss", "lead", "chief", "x"]);
    expect(parseAdmins(undefined)).toEqual([]);
  });
});
