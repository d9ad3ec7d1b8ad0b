import { describe, expect, it } from "vitest";
import { TEST_BOT_INFO } from "./support/bot-api-server.ts";
import { createHarness, keyboardOf } from "./support/telegram-harness.ts";
import { BASIC_GROUP, botMessage, callbackUpdate, OTHER_USER, PRIVATE_USER, SUPERGROUP, textUpdate } from "./support/telegram-updates.ts";

const BOT = `@${TEST_BOT_INFO.username}`;

/** Asks in the supergroup and returns the 其他单位 callback data and the message that carries it. */
async function askWithMore(h: Awaited<ReturnType<typeof createHarness>>) {
  await h.send(textUpdate(`${BOT} 代表联络站怎么建`, { chat: SUPERGROUP, from: OTHER_USER }));
  const sent = h.callsTo("sendMessage");
  const i = sent.findLastIndex((c) => keyboardOf(c.payload).flat().some((b) => b.callback_data?.startsWith("m:")));
  const data = keyboardOf(sent[i]!.payload).flat().find((b) => b.callback_data?.startsWith("m:"))!.callback_data!;
  // The harness numbers sent messages from 9000 in order.
  return { data, messageId: 9000 + i };
}

describe("Telegram buttons are bound to their chat and message (issue 11, defect 4)", () => {
  it("callback data replayed from another chat gets 按钮已过期 and reveals nothing", async () => {
    const h = await createHarness();
    const { data, messageId } = await askWithMore(h);
    // 96 random bits, not a counter anyone can walk through.
    expect(data).toMatch(/^m:\d{1,4}:[A-Za-z0-9_-]{16}$/);
    const before = h.callsTo("sendMessage").length;

    await h.send(callbackUpdate(data, botMessage("答案", BASIC_GROUP, messageId), PRIVATE_USER));
    await h.send(callbackUpdate(data, botMessage("答案", { id: PRIVATE_USER.id, type: "private" }, messageId), PRIVATE_USER));
    // The same chat, but pasted onto another of the bot's messages.
    await h.send(callbackUpdate(data, botMessage("答案", SUPERGROUP, messageId + 50), OTHER_USER));
    expect(h.callsTo("answerCallbackQuery").map((c) => c.payload.text)).toEqual(["按钮已过期，请重新提问。", "按钮已过期，请重新提问。", "按钮已过期，请重新提问。"]);
    expect(h.callsTo("sendMessage")).toHaveLength(before);
    expect(h.asked).toEqual(["代表联络站怎么建"]);

    // Where it was sent, it works.
    await h.send(callbackUpdate(data, botMessage("答案", SUPERGROUP, messageId), OTHER_USER));
    expect(h.asked).toEqual(["代表联络站怎么建", "代表联络站怎么建"]);
    expect(h.callsTo("sendMessage").length).toBeGreaterThan(before);
  });

  it("keys of two answers are unrelated", async () => {
    const h = await createHarness();
    const a = (await askWithMore(h)).data;
    const b = (await askWithMore(h)).data;
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(64);
  });
});
