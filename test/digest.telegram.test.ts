import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLibrary } from "../src/corpus/load.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { digestCard } from "../src/digest/card.ts";
import { createDigestService } from "../src/digest/service.ts";
import { createTelegramChannel } from "../src/platforms/telegram/delivery.ts";
import { createChatRepository } from "../src/store/chats.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { botKicked, chatMigrated, startBotApiServer, tooManyRequests, type BotApiServer } from "./support/bot-api-server.ts";
import { silentLogger } from "./digest.fixtures.ts";

let server: BotApiServer;
let library: CaseLibrary;
beforeAll(async () => {
  server = await startBotApiServer();
  library = await loadLibrary("data/articles");
});
afterAll(async () => {
  await server.close();
});

const channel = () => createTelegramChannel(new Api(server.token, { apiRoot: server.apiRoot }), silentLogger);

describe("Telegram delivery channel against the local Bot API server", () => {
  it("sends the card as HTML with 全文 and 分享 buttons into the subscribed topic", async () => {
    const c = library.cases[0];
    if (!c) throw new Error("empty corpus");
    const outcome = await channel().send({ channel: "telegram", chatId: "-100555", topicId: "7" }, digestCard(c, library));
    expect(outcome).toEqual({ status: "sent" });
    const call = server.callsTo("sendMessage", (p) => p.chat_id === -100555).at(-1);
    expect(call?.response.ok).toBe(true);
    expect(call?.payload).toMatchObject({ parse_mode: "HTML", message_thread_id: 7 });
    expect(String(call?.payload.text)).toContain(`<b>📌 本周案例</b>`);
    expect(call?.payload.reply_markup).toEqual({
      inline_keyboard: [[{ text: "全文", callback_data: `c:case:${c.id}` }, { text: "分享", switch_inline_query: c.id }]],
    });
  });

  it("maps kicked, migrated and flood-control answers to outcomes", async () => {
    const c = library.cases[0];
    if (!c) throw new Error("empty corpus");
    const reply = digestCard(c, library);
    server.failNext("sendMessage", botKicked());
    expect(await channel().send({ channel: "telegram", chatId: "-1" }, reply)).toEqual({ status: "blocked", reason: "Forbidden: bot was kicked from the group chat" });
    server.failNext("sendMessage", chatMigrated(-1009876));
    expect(await channel().send({ channel: "telegram", chatId: "-2" }, reply)).toEqual({ status: "migrated", newChatId: "-1009876" });
    server.failNext("sendMessage", tooManyRequests(4));
    expect(await channel().send({ channel: "telegram", chatId: "-3" }, reply)).toEqual({ status: "retry", afterMs: 4000, reason: "429 Too Many Requests: retry after 4" });
  });

  it("end to end: migrate moves the chat record and subscription, the push lands in the supergroup once", async () => {
    const store = memoryStateStore();
    const now = () => new Date("2026-11-30T01:05:00Z");
    const chats = createChatRepository(store, now);
    await chats.upsert({ platform: "telegram", chatId: "-4001", type: "group", title: "老群" });
    const digest = createDigestService({
      store,
      library,
      logger: silentLogger,
      defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" },
      now,
      fanout: { limits: false },
    });
    await digest.subscribe({ target: { channel: "telegram", chatId: "-4001" }, by: { id: "1" } });
    await store.update((s) => {
      const sub = s.subscriptions["telegram:-4001"];
      if (sub) sub.activeSince = "2026-11-29T00:00:00.000Z";
    });
    server.failNext("sendMessage", chatMigrated(-1004001), { filter: (p) => p.chat_id === -4001 });
    const report = await digest.sendDue([channel()]);
    expect(report).toMatchObject({ migrated: 1, sent: 1 });
    expect(server.callsTo("sendMessage", (p) => p.chat_id === -1004001 && p.parse_mode === "HTML")).toHaveLength(1);
    expect(store.data.chats["telegram:-4001"]).toMatchObject({ active: false, migratedTo: "-1004001" });
    expect(store.data.subscriptions["telegram:-1004001"]?.active).toBe(true);
    expect(Object.values(store.data.outbox).map((e) => [e.key, e.chatId, e.status])).toEqual([["telegram:-1004001@2026-11-30T09:00+08:00", "-1004001", "sent"]]);
    expect(await digest.sendDue([channel()])).toMatchObject({ due: 0, sent: 0 });
  });
});
