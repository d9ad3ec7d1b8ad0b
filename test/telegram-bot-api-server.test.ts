import { Api, GrammyError } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBotApiServer, tooManyRequests, type BotApiServer } from "./support/bot-api-server.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";
import { textUpdate } from "./support/telegram-updates.ts";

describe("fake Bot API server", () => {
  let server: BotApiServer;
  let api: Api;
  beforeEach(async () => {
    server = await startBotApiServer();
    api = new Api(server.token, { apiRoot: server.apiRoot });
  });
  afterEach(async () => {
    await server.close();
  });

  it("answers getMe and rejects a wrong token with 401 in Telegram's shape", async () => {
    expect((await api.getMe()).username).toBe(server.botInfo.username);
    const wrong = new Api("999:wrongwrongwrongwrongwrong", { apiRoot: server.apiRoot });
    const err = await wrong.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(401);
  });

  it("long-polls getUpdates and confirms by offset", async () => {
    const pending = api.getUpdates({ offset: 0, timeout: 5 });
    setTimeout(() => server.pushUpdate(textUpdate("你好") as never), 30);
    const first = await pending;
    expect(first).toHaveLength(1);
    const id = first[0]?.update_id ?? -1;
    // Not yet confirmed: asked again without an offset, the same update comes back.
    expect((await api.getUpdates({ timeout: 0 })).map((u) => u.update_id)).toEqual([id]);
    expect(await api.getUpdates({ offset: id + 1, timeout: 0 })).toEqual([]);
    expect(server.confirmedOffset).toBe(id + 1);
    expect(server.pendingUpdates).toBe(0);
  });

  it("scripts a 429 with retry_after in the real error shape", async () => {
    server.failNext("sendMessage", tooManyRequests(3));
    const err = (await api.sendMessage(1, "hi").catch((e: unknown) => e)) as GrammyError;
    expect(err.error_code).toBe(429);
    expect(err.description).toBe("Too Many Requests: retry after 3");
    expect(err.parameters.retry_after).toBe(3);
    expect((await api.sendMessage(1, "hi")).text).toBe("hi");
  });

  it("refuses malformed HTML, over-long text and over-long callback data like Telegram", async () => {
    const bad = (await api.sendMessage(1, "<b>x", { parse_mode: "HTML" }).catch((e: unknown) => e)) as GrammyError;
    expect(bad.description).toMatch(/^Bad Request: can't parse entities/);
    const long = (await api.sendMessage(1, "字".repeat(4097)).catch((e: unknown) => e)) as GrammyError;
    expect(long.description).toBe("Bad Request: message is too long");
    const data = (await api
      .sendMessage(1, "x", { reply_markup: { inline_keyboard: [[{ text: "b", callback_data: "x".repeat(65) }]] } })
      .catch((e: unknown) => e)) as GrammyError;
    expect(data.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const ok = await api.sendMessage(1, "&lt;b&gt; <b>粗</b> &amp;", { parse_mode: "HTML" });
    expect(ok.text).toBe("<b> 粗 &");
  });

  it("waits for calls that have not happened yet", async () => {
    const waiting = server.waitForCall("sendMessage", (p) => p.chat_id === 7);
    await api.sendMessage(6, "no");
    await api.sendMessage(7, "yes");
    expect((await waiting).payload.text).toBe("yes");
  });
});

describe("Telegram HTML reader", () => {
  it("reports entities at UTF-16 offsets and rejects unknown tags", () => {
    expect(parseTelegramHtml('😀<a href="https://t.me/x?a=1&amp;b=2">链</a>')).toEqual({
      text: "😀链",
      entities: [{ type: "text_link", offset: 2, length: 1, url: "https://t.me/x?a=1&b=2" }],
    });
    expect(() => parseTelegramHtml("<script>x</script>")).toThrow(/Unsupported start tag/);
    expect(() => parseTelegramHtml("a & b")).toThrow(/entity/);
  });
});
