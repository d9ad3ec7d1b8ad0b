import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createUserRateLimiter } from "../src/interaction/rate-limit.ts";
import { RATE_LIMITED } from "../src/messages/catalog.ts";
import { handleWecomMessage, type WecomMessageBody } from "../src/platforms/wecom/incoming.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { TEST_BOT_INFO } from "./support/bot-api-server.ts";
import { createHarness, testLibrary } from "./support/telegram-harness.ts";
import { BASIC_GROUP, SUPERGROUP, textUpdate } from "./support/telegram-updates.ts";
import { testServices } from "./support/services.ts";

const BOT = `@${TEST_BOT_INFO.username}`;
const ANONYMOUS_ADMIN = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };

/** A message an anonymous admin posts: `from` is GroupAnonymousBot, the identity is the group itself. */
function anonymous(text: string, chat: { id: number; type: "group" | "supergroup"; title: string }): Update {
  const u = textUpdate(text, { chat }) as unknown as { message: Record<string, unknown> };
  u.message.from = ANONYMOUS_ADMIN;
  u.message.sender_chat = { id: chat.id, type: chat.type, title: chat.title };
  return u as unknown as Update;
}

describe("rate limits (issue 11, defect 9)", () => {
  it("Telegram: anonymous admins are limited per chat, not in one bucket shared by every group", async () => {
    const h = await createHarness({ rateLimitPerMinute: 2 });
    for (let i = 0; i < 3; i++) await h.send(anonymous(`${BOT} 联络站`, SUPERGROUP));
    expect(h.asked).toHaveLength(2);
    expect(h.sentTexts().filter((t) => t === RATE_LIMITED)).toHaveLength(1);
    await h.send(anonymous(`${BOT} 联络站`, BASIC_GROUP));
    expect(h.asked).toHaveLength(3);
  });

  it("WeCom: each user gets a window of questions, one polite note past it, then silence; others are not affected", async () => {
    const services = testServices({ library: await testLibrary() });
    let t = 0;
    const limiter = createUserRateLimiter({ perMinute: 2, clock: () => t });
    const msg = (user: string): WecomMessageBody => ({ msgid: `m${Math.random()}`, chattype: "single", from: { userid: user }, msgtype: "text", text: { content: "联络站" } }) as WecomMessageBody;
    const kinds: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await handleWecomMessage(msg("zhang"), { services, limiter });
      kinds.push(r.kind === "reply" ? renderPlain(r.reply).slice(0, 19) : r.kind);
    }
    expect(kinds.slice(2)).toEqual(["您的提问有点太快了，请稍等一分钟再试。", "dropped"]);
    expect(kinds[0]).not.toBe("您的提问有点太快了，请稍等一分钟再试。");
    expect((await handleWecomMessage(msg("li"), { services, limiter })).kind).toBe("reply");
    t += 60_000;
    const again = await handleWecomMessage(msg("zhang"), { services, limiter });
    expect(again.kind === "reply" && renderPlain(again.reply)).not.toBe("您的提问有点太快了，请稍等一分钟再试。");
  });
});
