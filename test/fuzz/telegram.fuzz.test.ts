import fc from "fast-check";
import type { Update } from "grammy/types";
import { beforeAll, describe, expect, it } from "vitest";
import { TELEGRAM_TEXT_LIMIT } from "../../src/platforms/telegram/render.ts";
import { TEST_BOT_INFO, TEST_TOKEN } from "../support/bot-api-server.ts";
import { createHarness, type Harness } from "../support/telegram-harness.ts";
import { parseTelegramHtml } from "../support/telegram-html.ts";
import { FUZZ_PARAMS, hasLoneSurrogate, hostileText } from "./fuzz-support.ts";

const chat = fc.oneof(
  fc.record({ id: fc.integer({ min: 1, max: 2 ** 40 }), type: fc.constant("private" as const), first_name: fc.constant("x") }),
  fc.record({ id: fc.integer({ min: -(2 ** 45), max: -1 }), type: fc.constantFrom("group" as const, "supergroup" as const), title: hostileText() }),
);
const from = fc.record({ id: fc.integer({ min: 1, max: 2 ** 40 }), is_bot: fc.boolean(), first_name: hostileText() });
const entity = fc.record({ type: fc.constantFrom("mention", "bot_command", "bold", "text_link", "url"), offset: fc.integer({ min: -3, max: 80 }), length: fc.integer({ min: -2, max: 90 }) });
const mention = `@${TEST_BOT_INFO.username}`;

const message = fc.record(
  {
    message_id: fc.integer({ min: 1, max: 2 ** 31 }),
    date: fc.constant(1_700_000_000),
    chat,
    from,
    text: fc.oneof(hostileText(), hostileText().map((t) => `${mention} ${t}`)),
    entities: fc.array(entity, { maxLength: 4 }),
    message_thread_id: fc.integer({ min: 1, max: 1000 }),
  },
  { requiredKeys: ["message_id", "date", "chat", "text"] },
);
const update = fc.oneof(
  fc.record({ update_id: fc.nat(), message }),
  fc.record({
    update_id: fc.nat(),
    callback_query: fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), from, chat_instance: fc.constant("ci"), data: fc.oneof(hostileText(), fc.constantFrom("m:0:AAAAAAAAAAAAAAAA", "c:case:x", "more:1:联络站")), message: fc.option(message, { nil: undefined }) }, { requiredKeys: ["id", "from", "chat_instance"] }),
  }),
  fc.record({ update_id: fc.nat(), inline_query: fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), from, query: hostileText(), offset: fc.constantFrom("", "5", "x") }) }),
);

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});

describe("fuzz: Telegram updates through handleUpdate", () => {
  it("never crash; answer private text; send valid HTML within 4096, no lone surrogates, no token", async () => {
    await fc.assert(
      fc.asyncProperty(update, async (u) => {
        const before = h.calls.length;
        await h.send(u as unknown as Update);
        const calls = h.calls.slice(before);
        for (const c of calls) {
          expect(JSON.stringify(c.payload)).not.toContain(TEST_TOKEN);
          if (c.method !== "sendMessage") continue;
          const text = String(c.payload.text);
          expect(hasLoneSurrogate(text)).toBe(false);
          const visible = parseTelegramHtml(text).text; // throws on broken HTML
          expect(visible.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
        }
        const m = (u as { message?: { chat: { type: string }; text: string } }).message;
        if (m && m.chat.type === "private" && m.text.trim() && !/^[\p{Cc}\p{Cf}\p{Cs}\s]*$/u.test(m.text)) {
          expect(calls.some((c) => c.method === "sendMessage")).toBe(true);
        }
        // Every button press is answered, with or without data.
        const cb = (u as { callback_query?: unknown }).callback_query;
        if (cb) expect(calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
      }),
      FUZZ_PARAMS,
    );
    expect(h.logs.join("")).not.toContain(TEST_TOKEN);
    expect(h.logs.filter((l) => l.includes('"level":"error"') || l.includes('"level":50'))).toEqual([]);
    expect(JSON.stringify(h.store.data)).not.toContain(TEST_TOKEN);
  });
});
