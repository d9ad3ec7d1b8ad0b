import { describe, expect, it } from "vitest";
import { SOMETHING_WENT_WRONG } from "../src/messages/catalog.ts";
import { RATE_LIMITED } from "../src/messages/catalog.ts";
import { TEXT_ONLY } from "../src/platforms/telegram/features/questions.ts";
import { STALE_BUTTON } from "../src/messages/catalog.ts";
import { menuCommands } from "../src/platforms/telegram/menu.ts";
import type { Command } from "../src/dispatch/types.ts";
import { textReply } from "../src/reply/build.ts";
import { botKicked, chatMigrated, TEST_BOT_INFO, TEST_TOKEN, tooManyRequests } from "./support/bot-api-server.ts";
import { createHarness, keyboardOf, visible } from "./support/telegram-harness.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";
import {
  BASIC_GROUP,
  FORUM,
  OTHER_USER,
  PRIVATE_USER,
  SUPERGROUP,
  botMessage,
  callbackUpdate,
  inlineUpdate,
  memberUpdate,
  migrateUpdate,
  textUpdate,
} from "./support/telegram-updates.ts";

const BOT = `@${TEST_BOT_INFO.username}`;

describe("Telegram bot: commands and deep links", () => {
  it("/start without a payload shows the help; with case_<id> opens that case", async () => {
    const h = await createHarness();
    const c = h.services.library.cases[1];
    if (!c) throw new Error("corpus has fewer than two cases");
    await h.send(textUpdate("/start"));
    await h.send(textUpdate(`/start case_${c.id}`));
    const [help, full] = h.sentTexts();
    expect(help).toContain("案例通 · 使用说明");
    expect(full?.startsWith(`${c.unit} · ${c.headline}`)).toBe(true);
    expect(full).toContain(`编号 ${c.id}`);
    const send = h.callsTo("sendMessage")[1]?.payload;
    expect(send?.parse_mode).toBe("HTML");
    expect(send?.link_preview_options).toEqual({ is_disabled: true });
  });

  it("answers /cmd@us in a group and ignores /cmd@otherbot and unknown bare commands", async () => {
    const h = await createHarness();
    await h.send(textUpdate(`/help@${TEST_BOT_INFO.username}`, { chat: SUPERGROUP, from: OTHER_USER }));
    await h.send(textUpdate("/help@some_other_bot", { chat: SUPERGROUP, from: OTHER_USER }));
    await h.send(textUpdate("/weather", { chat: SUPERGROUP, from: OTHER_USER }));
    expect(h.callsTo("sendMessage")).toHaveLength(1);
    expect(h.sentTexts()[0]).toContain("在群里请先 @我 再提问");
  });

  it("builds the command menu from the registry with Chinese descriptions, hidden commands left out", async () => {
    const h = await createHarness();
    const menu = menuCommands(h.services.registry);
    expect(menu.map((m) => m.command)).toEqual(h.services.registry.commands.filter((c) => !c.hidden && !c.editors).map((c) => c.name));
    // Editors' private chats get the editors' commands too.
    expect(menuCommands(h.services.registry, { editors: true }).map((m) => m.command)).toEqual(h.services.registry.commands.filter((c) => !c.hidden).map((c) => c.name));
    expect(menu.map((m) => m.command)).not.toContain("start");
    for (const m of menu) expect(m.description).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("Telegram bot: the neutral command context", () => {
  it("decodes chat, topic and user, and asks Telegram whether the sender is an admin", async () => {
    const seen: string[] = [];
    const probe: Command = {
      name: "probe",
      aliases: [],
      description: "测试",
      hidden: true,
      async run(ctx) {
        seen.push(`${ctx.chat.platform} ${ctx.chat.chatId} ${ctx.chat.type} ${ctx.chat.topicId ?? "-"} ${ctx.user.id} ${ctx.bot.username ?? ""} admin=${await ctx.isAdmin()}`);
        return textReply("info", "ok");
      },
    };
    const h = await createHarness({ extraCommands: [probe], memberStatus: (_chat, user) => (user === PRIVATE_USER.id ? "administrator" : "member") });
    await h.send(textUpdate("/probe", { chat: FORUM, from: PRIVATE_USER, threadId: 3 }));
    await h.send(textUpdate("/probe", { chat: SUPERGROUP, from: OTHER_USER }));
    await h.send(textUpdate("/probe", { from: OTHER_USER, chat: { id: OTHER_USER.id, type: "private" } }));
    expect(seen).toEqual([
      `telegram ${FORUM.id} group 3 ${PRIVATE_USER.id} ${TEST_BOT_INFO.username} admin=true`,
      `telegram ${SUPERGROUP.id} group - ${OTHER_USER.id} ${TEST_BOT_INFO.username} admin=false`,
      `telegram ${OTHER_USER.id} private - ${OTHER_USER.id} ${TEST_BOT_INFO.username} admin=true`,
    ]);
    expect(h.callsTo("getChatMember")).toHaveLength(2);
  });
});

describe("Telegram bot: questions in groups", () => {
  it("answers an @mention placed after emoji, stripping it by UTF-16 entity offsets, and quotes the asker", async () => {
    const h = await createHarness();
    const update = textUpdate(`😀👍🏽 ${BOT} 代表联络站怎么建`, { chat: SUPERGROUP, from: OTHER_USER });
    const entity = (update.message?.entities ?? [])[0];
    expect(entity?.offset).toBe(7); // 😀 = 2 units, 👍🏽 = 4 units, a space
    await h.send(update);
    expect(h.asked).toEqual(["😀👍🏽 代表联络站怎么建"]);
    const sent = h.callsTo("sendMessage")[0]?.payload;
    expect(sent?.chat_id).toBe(SUPERGROUP.id);
    expect(sent?.reply_parameters).toEqual({ message_id: update.message?.message_id, allow_sending_without_reply: true });
  });

  it("answers a reply to one of the bot's messages, and leaves unrelated chatter alone", async () => {
    const h = await createHarness();
    await h.send(textUpdate("今天天气不错", { chat: SUPERGROUP, from: OTHER_USER }));
    await h.send(textUpdate(`@another_user_bot 联络站`, { chat: SUPERGROUP, from: OTHER_USER }));
    await h.send(textUpdate("你说的不对", { chat: SUPERGROUP, from: OTHER_USER, replyTo: { ...botMessage("x", SUPERGROUP), from: OTHER_USER } }));
    expect(h.calls).toHaveLength(0);
    await h.send(textUpdate("联络站在哪里", { chat: SUPERGROUP, from: OTHER_USER, replyTo: botMessage("上一条回答", SUPERGROUP) }));
    expect(h.asked).toEqual(["联络站在哪里"]);
    expect(h.callsTo("sendMessage")).toHaveLength(1);
  });

  it("answers in the same forum topic, and does not take the topic's implicit reply as a reply to the bot", async () => {
    const h = await createHarness();
    const topicRoot = { ...botMessage("话题", FORUM, 55), forum_topic_created: { name: "话题", icon_color: 1 } };
    await h.send(textUpdate("随便聊聊", { chat: FORUM, from: OTHER_USER, threadId: 55, replyTo: topicRoot }));
    expect(h.calls).toHaveLength(0);
    await h.send(textUpdate(`${BOT} 联络站`, { chat: FORUM, from: OTHER_USER, threadId: 55, replyTo: topicRoot }));
    const sent = h.callsTo("sendMessage")[0]?.payload;
    expect(sent?.message_thread_id).toBe(55);
    expect(sent?.chat_id).toBe(FORUM.id);
  });

  it("treats any text in a private chat as a question", async () => {
    const h = await createHarness();
    await h.send(textUpdate("联络站"));
    expect(h.asked).toEqual(["联络站"]);
    expect(h.callsTo("sendMessage")[0]?.payload.chat_id).toBe(PRIVATE_USER.id);
  });

  it("tells a private user that only text works when they send a sticker; ignores media in groups", async () => {
    const h = await createHarness();
    const sticker = (chat: Record<string, unknown>) =>
      ({ update_id: 77001 + Number(chat.id === PRIVATE_USER.id), message: { message_id: 5, date: 0, chat, from: PRIVATE_USER, sticker: { file_id: "s", file_unique_id: "s", type: "regular", width: 1, height: 1, is_animated: false, is_video: false } } }) as never;
    await h.send(sticker(SUPERGROUP));
    await h.send(sticker({ id: PRIVATE_USER.id, type: "private", first_name: "小王" }));
    expect(h.sentTexts()).toEqual([TEXT_ONLY]);
  });

  it("shows HTML in questions literally (<b>, &, </a>) and sends well-formed HTML", async () => {
    const h = await createHarness();
    await h.send(textUpdate("/case <b>粗</b> & </a> <i"));
    const raw = String(h.callsTo("sendMessage")[0]?.payload.text);
    expect(raw).toContain("&lt;b&gt;粗&lt;/b&gt; &amp; &lt;/a&gt; &lt;i");
    expect(h.sentTexts()[0]).toContain("“<b>粗</b> & </a> <i”");
  });
});

describe("Telegram bot: buttons", () => {
  it("puts 查看全文 / 分享 under answers with callback_data within 64 bytes, for every case", async () => {
    const h = await createHarness();
    for (const c of h.services.library.cases) {
      await h.send(textUpdate(`/random`));
      await h.send(textUpdate(`/case ${c.id}`));
      await h.send(textUpdate(c.unit));
    }
    const buttons = h.callsTo("sendMessage").flatMap((c) => keyboardOf(c.payload).flat());
    expect(buttons.length).toBeGreaterThan(0);
    for (const b of buttons) if (b.callback_data !== undefined) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const share = buttons.find((b) => b.text === "分享");
    expect(share?.switch_inline_query).toMatch(/^[0-9a-f]{8}$/);
    expect(buttons.some((b) => b.text === "查看全文" && b.callback_data?.startsWith("c:case:"))).toBe(true);
  });

  it("查看全文 sends the full case in the same chat and topic, quoting the question", async () => {
    const h = await createHarness();
    const c = h.services.library.cases[0];
    if (!c) throw new Error("empty corpus");
    const question = textUpdate(`${BOT} ${c.unit}`, { chat: FORUM, from: OTHER_USER, threadId: 9 }).message as unknown as Record<string, unknown>;
    const answer = { ...botMessage("答案", FORUM, 300), message_thread_id: 9, is_topic_message: true, reply_to_message: question };
    await h.send(callbackUpdate(`c:case:${c.id}`, answer, OTHER_USER));
    expect(h.callsTo("answerCallbackQuery")).toHaveLength(1);
    const sent = h.callsTo("sendMessage")[0]?.payload;
    expect(visible(sent ?? {})).toContain(`编号 ${c.id}`);
    expect(sent?.message_thread_id).toBe(9);
    expect((sent?.reply_parameters as { message_id: number }).message_id).toBe(question.message_id);
  });

  it("其他单位 pages through further matches: the question is remembered by the button, or recovered from the quoted message", async () => {
    const h = await createHarness();
    // The button's callback data carries a key into the bot's question memory.
    const key = h.memory.remember("监督", { chatId: String(SUPERGROUP.id) });
    await h.send(callbackUpdate(`m:0:${key}`, botMessage("答案", SUPERGROUP, 301), OTHER_USER));
    expect(h.asked).toEqual(["监督"]);
    expect(h.sentTexts()[0]).toContain("“监督”的其他相关单位（第 0 页）");
    // After a restart the memory is empty: the question comes from the message the answer quoted.
    const asked = textUpdate(`${BOT} 人大代表`, { chat: SUPERGROUP, from: OTHER_USER }).message as unknown as Record<string, unknown>;
    const answer = { ...botMessage("答案", SUPERGROUP, 302), reply_to_message: asked };
    const before = h.callsTo("sendMessage").length;
    await h.send(callbackUpdate("m:1:zzzz", answer, OTHER_USER));
    expect(h.asked.at(-1)).toBe("人大代表");
    expect(h.callsTo("answerCallbackQuery").at(-1)?.payload.text).toBeUndefined();
    const page = h.sentTexts()[before] ?? "";
    expect(page).toMatch(/其他相关单位（第 1 页）|没有更多相关单位了/);
    expect((h.callsTo("sendMessage")[before]?.payload.reply_parameters as { message_id: number }).message_id).toBe(asked.message_id);
  });

  it("answers stale or unknown buttons politely", async () => {
    const h = await createHarness();
    const msg = botMessage("旧消息", SUPERGROUP, 302);
    await h.send(callbackUpdate("m:2:gone", msg, OTHER_USER));
    await h.send(callbackUpdate("what-is-this", msg, OTHER_USER));
    await h.send(callbackUpdate("c:nosuchcommand:x", msg, OTHER_USER));
    expect(h.callsTo("answerCallbackQuery").map((c) => c.payload.text)).toEqual([STALE_BUTTON, STALE_BUTTON, STALE_BUTTON]);
    expect(h.callsTo("sendMessage")).toHaveLength(0);
  });
});

describe("Telegram bot: inline sharing", () => {
  interface Article {
    id: string;
    title: string;
    description: string;
    input_message_content: { message_text: string; parse_mode: string; link_preview_options: unknown };
    reply_markup: { inline_keyboard: Array<Array<{ text: string; url?: string }>> };
  }
  const results = (h: Awaited<ReturnType<typeof createHarness>>) =>
    (h.callsTo("answerInlineQuery").at(-1)?.payload.results ?? []) as Article[];

  it("offers up to 10 case cards for a keyword: unit · headline, the lead, a snippet with a deep link", async () => {
    const h = await createHarness();
    const c = h.services.library.cases[2];
    if (!c) throw new Error("corpus too small");
    await h.send(inlineUpdate(c.unit));
    const list = results(h);
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(10);
    const first = list[0];
    expect(first?.id).toBe(c.id);
    expect(first?.title).toBe(`${c.unit} · ${c.headline}`);
    expect(c.lead.startsWith((first?.description ?? "-").replace(/…$/, ""))).toBe(true);
    const deepLink = `https://t.me/${TEST_BOT_INFO.username}?start=case_${c.id}`;
    const message = first?.input_message_content;
    expect(message?.parse_mode).toBe("HTML");
    expect(message?.message_text).toContain(`<a href="${deepLink}">`);
    expect(parseTelegramHtml(message?.message_text ?? "").text).toContain(c.unit);
    expect(first?.reply_markup.inline_keyboard[0]?.[0]).toEqual({ text: "查看全文", url: deepLink });
  });

  it("offers the newest cases for an empty query", async () => {
    const h = await createHarness();
    await h.send(inlineUpdate(""));
    expect(results(h).map((r) => r.id)).toEqual(h.services.library.cases.slice(0, 10).map((c) => c.id));
  });

  it("answers an inline query that matches nothing with an empty list, and escapes what it shows", async () => {
    const h = await createHarness();
    await h.send(inlineUpdate("<b>不存在的东西</b> & </a>"));
    expect(h.callsTo("answerInlineQuery")).toHaveLength(1);
    for (const r of results(h)) parseTelegramHtml(r.input_message_content.message_text);
  });
});

describe("Telegram bot: lifecycle", () => {
  it("posts an intro with two example questions when added to a group", async () => {
    const h = await createHarness();
    await h.send(memberUpdate(SUPERGROUP, "left", "member"));
    const intro = h.sentTexts()[0] ?? "";
    expect(intro).toContain("大家好，我是案例通");
    expect(intro.split("\n").filter((l) => l.startsWith(BOT))).toHaveLength(2);
    expect(h.chats.get("telegram", String(SUPERGROUP.id))?.active).toBe(true);
  });

  it("marks the chat inactive when removed from a group or blocked in private", async () => {
    const h = await createHarness();
    await h.send(memberUpdate(SUPERGROUP, "left", "member"));
    await h.send(memberUpdate(SUPERGROUP, "member", "kicked"));
    await h.send(memberUpdate({ id: PRIVATE_USER.id, type: "private" }, "member", "kicked", PRIVATE_USER));
    expect(h.chats.get("telegram", String(SUPERGROUP.id))).toMatchObject({ active: false, inactiveReason: "removed from the group (kicked)" });
    expect(h.chats.get("telegram", String(PRIVATE_USER.id))).toMatchObject({ active: false, inactiveReason: "blocked by the user" });
    expect(h.callsTo("sendMessage")).toHaveLength(1);
  });

  it("moves the chat's state on migrate_to_chat_id", async () => {
    const h = await createHarness();
    await h.send(memberUpdate(BASIC_GROUP, "left", "member"));
    await h.store.update((s) => {
      s.subscriptions[`telegram:${BASIC_GROUP.id}`] = {
        key: `telegram:${BASIC_GROUP.id}`,
        platform: "telegram",
        chatId: String(BASIC_GROUP.id),
        cron: "0 9 * * 1",
        timezone: "Asia/Shanghai",
        subscribedBy: { id: "1" },
        subscribedAt: "2026-01-01T00:00:00.000Z",
        active: true,
        sentInCycle: [],
        cycle: 0,
      } as never;
    });
    await h.send(migrateUpdate(BASIC_GROUP, -1005550001));
    expect(h.chats.get("telegram", "-1005550001")?.active).toBe(true);
    expect(h.chats.get("telegram", String(BASIC_GROUP.id))).toMatchObject({ active: false, migratedTo: "-1005550001" });
    expect(h.store.data.subscriptions["telegram:-1005550001"]?.chatId).toBe("-1005550001");
    expect(h.store.data.subscriptions[`telegram:${BASIC_GROUP.id}`]).toBeUndefined();
  });
});

describe("Telegram bot: resilience", () => {
  it("retries a 429 after retry_after, then succeeds", async () => {
    const h = await createHarness({ autoRetry: true });
    h.failNext("sendMessage", tooManyRequests(1));
    const started = Date.now();
    await h.send(textUpdate("联络站"));
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(h.callsTo("sendMessage")).toHaveLength(2);
    expect(h.logs.join("")).not.toContain(SOMETHING_WENT_WRONG);
  });

  it("a 403 on send marks the chat inactive and sends nothing more", async () => {
    const h = await createHarness();
    h.failNext("sendMessage", botKicked());
    await h.send(textUpdate(`${BOT} 联络站`, { chat: SUPERGROUP, from: OTHER_USER }));
    expect(h.callsTo("sendMessage")).toHaveLength(1);
    expect(h.chats.get("telegram", String(SUPERGROUP.id))).toMatchObject({ active: false, inactiveReason: "Forbidden: bot was kicked from the group chat" });
  });

  it("a 400 with migrate_to_chat_id moves the chat and resends there", async () => {
    const h = await createHarness();
    h.failNext("sendMessage", chatMigrated(-1007770001));
    await h.send(textUpdate(`${BOT} 联络站`, { chat: BASIC_GROUP, from: OTHER_USER }));
    const [first, second] = h.callsTo("sendMessage");
    expect(first?.payload.chat_id).toBe(BASIC_GROUP.id);
    expect(second?.payload.chat_id).toBe(-1007770001);
    expect(h.chats.get("telegram", "-1007770001")?.active).toBe(true);
  });

  it("one error boundary: logs the update id without the token, tells the user in plain words", async () => {
    const h = await createHarness({
      answerer: () => ({
        ask() {
          throw new Error(`request to https://api.telegram.org/bot${TEST_TOKEN}/sendMessage failed`);
        },
      }),
    });
    const update = textUpdate("联络站");
    await h.send(update);
    expect(h.sentTexts()).toEqual([SOMETHING_WENT_WRONG]);
    const log = h.logs.join("");
    expect(log).toContain(`"update_id":${update.update_id}`);
    expect(log).not.toContain(TEST_TOKEN);
    expect(log).not.toContain(TEST_TOKEN.split(":")[1] ?? "-");
  });

  it("limits questions per user per minute with one polite message; chatter is not counted", async () => {
    const h = await createHarness({ rateLimitPerMinute: 2 });
    await h.send(textUpdate("闲聊一", { chat: SUPERGROUP, from: OTHER_USER }));
    await h.send(textUpdate("闲聊二", { chat: SUPERGROUP, from: OTHER_USER }));
    for (let i = 0; i < 4; i++) await h.send(textUpdate(`${BOT} 联络站`, { chat: SUPERGROUP, from: OTHER_USER }));
    expect(h.asked).toHaveLength(2);
    expect(h.sentTexts().filter((t) => t === RATE_LIMITED)).toHaveLength(1);
    // Another user is not affected.
    await h.send(textUpdate("联络站", { from: PRIVATE_USER }));
    expect(h.asked).toHaveLength(3);
  });
});
