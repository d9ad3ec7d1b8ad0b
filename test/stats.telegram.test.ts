import { Memory } from "lowdb";
import { beforeAll, describe, expect, it } from "vitest";
import offtopic from "./fixtures/offtopic-queries.json" with { type: "json" };
import { createDigestService } from "../src/digest/service.ts";
import { FEEDBACK_TEXT } from "../src/messages/catalog.ts";
import { STATS_TEXT } from "../src/messages/catalog.ts";
import { editorDigestContents } from "../src/stats/editor-digest.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { openQuestionLog, type QuestionData, type QuestionLog } from "../src/store/question-log.ts";
import type { Payload } from "./support/bot-api-server.ts";
import { fakeChannel, silentLogger } from "./digest.fixtures.ts";
import { createHarness, keyboardOf, testLibrary, type Harness } from "./support/telegram-harness.ts";
import { OTHER_USER, PRIVATE_USER, SUPERGROUP, botMessage, callbackUpdate, textUpdate } from "./support/telegram-updates.ts";
import { renderPlain } from "../src/reply/plain.ts";

const BOT = "@casebot_test_bot";
// Monday 2026-11-30 10:00 in Asia/Shanghai.
const clock = { t: Date.parse("2026-11-30T02:00:00Z") };
const now = () => new Date(clock.t);
const DAY = 86_400_000;

async function memoryLog(): Promise<{ log: QuestionLog; adapter: Memory<QuestionData> }> {
  const adapter = new Memory<QuestionData>();
  const log = await openQuestionLog({ adapter, salt: "test-salt-0123456789", retentionDays: 180, now, timer: () => () => undefined });
  return { log, adapter };
}

const lastSend = (h: Harness): Payload => {
  const p = h.callsTo("sendMessage").at(-1)?.payload;
  if (!p) throw new Error("nothing sent");
  return p;
};
const feedbackData = (p: Payload): string[] => keyboardOf(p).flat().flatMap((b) => (b.callback_data?.startsWith("f:") ? [b.callback_data] : []));
const toasts = (h: Harness): string[] => h.callsTo("answerCallbackQuery").map((c) => String(c.payload.text ?? ""));

describe("feedback and /stats on Telegram (handleUpdate)", () => {
  let answered: string[];
  const unanswered = [offtopic.queries[0], offtopic.queries[2], offtopic.queries[0]] as string[];
  beforeAll(async () => {
    const library = await testLibrary();
    answered = library.cases.slice(0, 4).map((c) => c.practices[0] ?? c.headline);
  });

  it("puts 👍/👎 under answers only, records a vote once per user, changes it on another press, offers the 👎 follow-up once", async () => {
    const { log } = await memoryLog();
    const h = await createHarness({ questions: log, now });
    await h.send(textUpdate(answered[0]!));
    const answer = lastSend(h);
    const [up, down] = feedbackData(answer);
    expect(keyboardOf(answer).at(-1)?.map((b) => b.text)).toEqual(["👍 有用", "👎 没用"]);
    expect(up).toMatch(/^f:[A-Za-z0-9_-]{8}:u$/);
    expect(Buffer.byteLength(up!)).toBeLessThanOrEqual(64);
    await h.send(textUpdate(unanswered[0]!));
    expect(feedbackData(lastSend(h))).toEqual([]);

    const msg = botMessage("答案", { id: PRIVATE_USER.id, type: "private" }, 321);
    await h.send(callbackUpdate(up!, msg));
    await h.send(callbackUpdate(up!, msg));
    await h.send(callbackUpdate(down!, msg));
    const followUp = lastSend(h);
    expect(followUp.reply_parameters).toMatchObject({ message_id: 321 });
    const reasons = keyboardOf(followUp).flat();
    expect(reasons.map((b) => b.text)).toEqual(["答非所问", "信息过时", "其他"]);
    await h.send(callbackUpdate(reasons[1]!.callback_data!, botMessage("反馈", { id: PRIVATE_USER.id, type: "private" }, 322)));
    await h.send(callbackUpdate(down!, msg, OTHER_USER));
    expect(toasts(h)).toEqual([
      FEEDBACK_TEXT.thanks("👍 有用"),
      FEEDBACK_TEXT.same("👍 有用"),
      FEEDBACK_TEXT.changed("👎 没用"),
      FEEDBACK_TEXT.changed("👎 信息过时"),
      FEEDBACK_TEXT.thanks("👎 没用"),
    ]);
    // One follow-up message only: the second user's 👎 did not post another.
    expect(h.sentTexts().filter((t) => t.startsWith(FEEDBACK_TEXT.followUp))).toHaveLength(1);
    const [entry] = log.entries();
    expect(Object.values(entry?.votes ?? {}).map((v) => [v.vote, v.reason])).toEqual([
      ["down", "outdated"],
      ["down", undefined],
    ]);
    // Nothing that names a user or a chat is kept.
    const json = JSON.stringify(log.entries());
    for (const secret of [`"${PRIVATE_USER.id}"`, `"${OTHER_USER.id}"`, PRIVATE_USER.username, PRIVATE_USER.first_name, OTHER_USER.first_name]) expect(json).not.toContain(secret);
  });

  it("refuses /stats to non-editors and in groups; an editor's counts match the session, page by page", async () => {
    const { log } = await memoryLog();
    const h = await createHarness({ questions: log, now, editors: [String(PRIVATE_USER.id)] });
    clock.t = Date.parse("2026-11-30T02:00:00Z") - 2 * DAY;
    for (const q of answered) await h.send(textUpdate(`${BOT} ${q}`, { chat: SUPERGROUP, from: OTHER_USER }));
    clock.t += DAY;
    for (const q of unanswered) await h.send(textUpdate(q, { from: OTHER_USER, chat: { id: OTHER_USER.id, type: "private" } }));
    await h.send(textUpdate(`${answered[0]}？`));
    clock.t = Date.parse("2026-11-30T02:00:00Z");

    await h.send(textUpdate("/stats", { from: OTHER_USER, chat: { id: OTHER_USER.id, type: "private" } }));
    expect(h.sentTexts().at(-1)).toBe(STATS_TEXT.notEditor);
    await h.send(textUpdate(`/stats@casebot_test_bot`, { chat: SUPERGROUP, from: PRIVATE_USER }));
    expect(h.sentTexts().at(-1)).toBe(STATS_TEXT.privateOnly);

    await h.send(textUpdate("/stats"));
    const overview = h.sentTexts().at(-1)!;
    expect(overview.split("\n").slice(0, 3)).toEqual(["📊 提问统计（近 7 天）· 概览 1/5", "", "提问 8 次：找到答案 5（63%），没有找到 3（38%）"]);
    expect(overview.split("\n").filter((l) => l.startsWith("• ")).map((l) => l.slice(2, 7))).toEqual(["11-24", "11-25", "11-26", "11-27", "11-28", "11-29", "11-30"]);
    expect(overview).toContain("11-28：4（找到 4）");
    expect(overview).toContain("11-29：4（找到 1）");
    const next = keyboardOf(lastSend(h)).flat()[0]!;
    expect(next).toMatchObject({ text: "下一页：问得最多的问题", callback_data: "c:stats:7 p2" });
    await h.send(callbackUpdate("c:stats:7 p3", botMessage("统计", { id: PRIVATE_USER.id, type: "private" }, 400)));
    const q0 = unanswered[0]!.replace(/\s+/g, " ");
    expect(h.sentTexts().at(-1)).toBe(`📊 提问统计（近 7 天）· 没有找到答案的问题 3/5\n\n下一期简报可以补上这些：\n\n• 2 次 ${q0}\n• 1 次 ${unanswered[1]}`);
    // Page 2 groups the two spellings of one question (with and without "？").
    await h.send(textUpdate("/stats 7 p2"));
    expect(h.sentTexts().at(-1)).toContain(`• 2 次 ${answered[0]}`);
    expect(log.entries()).toHaveLength(8);
  });

  it("STATS=off: answers have no feedback buttons, nothing is logged and /stats says so", async () => {
    const h = await createHarness({ editors: [String(PRIVATE_USER.id)] });
    await h.send(textUpdate(answered[1]!));
    expect(feedbackData(lastSend(h))).toEqual([]);
    await h.send(textUpdate("/stats"));
    expect(h.sentTexts().at(-1)).toBe(STATS_TEXT.disabled);
  });

  it("/stats 订阅: the editor's Monday digest goes through the outbox exactly once, with the week's unanswered questions", async () => {
    const { log } = await memoryLog();
    const library = await testLibrary();
    const store = memoryStateStore();
    clock.t = Date.parse("2026-11-27T02:00:00Z");
    const digest = createDigestService({
      store,
      library,
      logger: silentLogger,
      defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" },
      now,
      fanout: { limits: false },
      contents: editorDigestContents(log, library, "Asia/Shanghai"),
    });
    const h = await createHarness({ questions: log, now, editors: [String(PRIVATE_USER.id)], digest });
    await h.send(textUpdate("/stats 订阅"));
    expect(h.sentTexts().at(-1)).toBe("已订阅每周统计：每周一早上收到上周的提问数和最常问却没有答案的问题。下次：2026年11月30日（周一）08:30。");
    await h.send(textUpdate(unanswered[1]!));
    await h.send(textUpdate(answered[2]!));
    const channel = fakeChannel("telegram");
    clock.t = Date.parse("2026-11-30T00:31:00Z");
    expect(await digest.sendDue([channel])).toMatchObject({ due: 1, sent: 1 });
    expect(await digest.sendDue([channel])).toMatchObject({ due: 0, sent: 0 });
    expect(channel.sent).toHaveLength(1);
    expect(channel.sent[0]?.target).toEqual({ channel: "telegram", chatId: String(PRIVATE_USER.id) });
    const text = renderPlain(channel.sent[0]!.reply);
    expect(text.split("\n\n").slice(0, 3)).toEqual(["【📊 上周提问统计（11-23—11-29）】", "提问 2 次：找到答案 1（50%），没有找到 1（50%）", "反馈：👍 0 · 👎 0"]);
    expect(text).toContain(`问得最多、还没有答案的问题：\n\n· 1 次 ${unanswered[1]}`);
    // The case push of the same chat is another subscription.
    expect(digest.status({ channel: "telegram", chatId: String(PRIVATE_USER.id) })).toBeUndefined();
    await h.send(textUpdate("/stats 退订"));
    expect(h.sentTexts().at(-1)).toBe(STATS_TEXT.unsubscribed);
  });
});
