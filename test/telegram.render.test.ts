import { describe, expect, it } from "vitest";
import { createRegistry } from "../src/dispatch/registry.ts";
import { decodeAction, encodeAction } from "../src/interaction/actions.ts";
import { QuestionMemory } from "../src/interaction/question-memory.ts";
import { CALLBACK_DATA_LIMIT, callbackEncoder } from "../src/platforms/telegram/callback-data.ts";
import { addressed, stripMentions } from "../src/platforms/telegram/decode.ts";
import { escapeHtml, renderTelegram, TELEGRAM_TEXT_LIMIT } from "../src/platforms/telegram/render.ts";
import { bold, heading, link, list, para, quote, reply, span } from "../src/reply/build.ts";
import type { Reply } from "../src/reply/types.ts";
import { allCommands } from "../commands/index.ts";
import { TEST_BOT_INFO } from "./support/bot-api-server.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";
import { SUPERGROUP, OTHER_USER, textUpdate } from "./support/telegram-updates.ts";

const visible = (html: string) => parseTelegramHtml(html).text;

describe("Telegram HTML renderer", () => {
  it("escapes every corpus and user string, in text and attributes", () => {
    const r = reply("answer", [heading("<b>标题</b> & </a>"), para("用户问：", span("<script>&amp;", "code"), link('链"接<', "https://example.org/?a=1&b=<2>"))]);
    const [chunk] = renderTelegram(r);
    expect(chunk?.text).toBe(
      '<b>&lt;b&gt;标题&lt;/b&gt; &amp; &lt;/a&gt;</b>\n\n用户问：<code>&lt;script&gt;&amp;amp;</code><a href="https://example.org/?a=1&amp;b=%3C2%3E">链&quot;接&lt;</a>',
    );
    expect(visible(chunk?.text ?? "")).toBe('<b>标题</b> & </a>\n\n用户问：<script>&amp;链"接<');
  });

  it("keeps only http(s) and tg links clickable", () => {
    const [chunk] = renderTelegram(reply("info", [para(link("点我", "javascript:alert(1)"), link("群", "tg://resolve?domain=x"))]));
    expect(chunk?.text).toBe('点我<a href="tg://resolve?domain=x">群</a>');
  });

  it("renders styles, lists and quotes as Telegram understands them", () => {
    const [chunk] = renderTelegram(reply("answer", [list([["一", span("二", "mark")], [bold("三")]]), quote(span("引", "italic"))]));
    expect(chunk?.text).toBe("• 一<b><u>二</u></b>\n• <b>三</b>\n\n<blockquote><i>引</i></blockquote>");
    expect(parseTelegramHtml(chunk?.text ?? "").entities.map((e) => e.type)).toEqual(["underline", "bold", "bold", "italic", "blockquote"]);
  });

  it("splits a 10,000-character text into messages of at most 4096 visible characters on paragraph boundaries", () => {
    const paragraphs = Array.from({ length: 25 }, (_, i) => `第${i + 1}段` + "人大代表联络站建设<&>".repeat(39));
    const total = paragraphs.join("\n\n").length;
    expect(total).toBeGreaterThanOrEqual(10_000);
    const r: Reply = { ...reply("case", paragraphs.map((p) => para(p))), buttons: [[{ label: "分享", action: { type: "share", caseId: "x", query: "x" } }]] };
    const chunks = renderTelegram(r);
    expect(chunks.length).toBe(Math.ceil(paragraphs.length / Math.floor((TELEGRAM_TEXT_LIMIT + 2) / ((paragraphs[9]?.length ?? 0) + 2))));
    let next = 0;
    for (const c of chunks) {
      const text = visible(c.text);
      expect(text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(text.startsWith(paragraphs[next] ?? "-")).toBe(true); // each message starts at a paragraph
      next += text.split("\n\n").length;
      // Packed greedily: the next paragraph would not have fitted.
      if (next < paragraphs.length) expect(text.length + 2 + (paragraphs[next]?.length ?? 0)).toBeGreaterThan(TELEGRAM_TEXT_LIMIT);
    }
    expect(chunks.map((c) => visible(c.text)).join("\n\n")).toBe(paragraphs.join("\n\n"));
    expect(chunks.slice(0, -1).every((c) => c.reply_markup === undefined)).toBe(true);
    expect(chunks.at(-1)?.reply_markup?.inline_keyboard[0]?.[0]).toEqual({ text: "分享", switch_inline_query: "x" });
  });

  it("cuts one over-long styled paragraph without breaking tags or surrogate pairs", () => {
    const text = ("😀代表" + "。").repeat(2080); // 10,400 UTF-16 units, no paragraph breaks
    const chunks = renderTelegram(reply("case", [para(bold(text.slice(0, 5000)), span(text.slice(5000), "italic"))]));
    expect(chunks.length).toBe(3);
    const seen = chunks.map((c) => visible(c.text)); // parses strictly: every tag is closed
    for (const s of seen) {
      expect(s.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(s)).toBe(false);
      expect(s.endsWith("。")).toBe(true); // cut after a sentence
    }
    expect(seen.join("")).toBe(text);
  });

  it("cuts a share button's inline query to Telegram's 256 characters", () => {
    const [chunk] = renderTelegram(reply("answer", [para("x")], { buttons: [[{ label: "分享", action: { type: "share", caseId: "c", query: "问".repeat(400) } }]] }));
    const button = chunk?.reply_markup?.inline_keyboard[0]?.[0];
    expect(button && "switch_inline_query" in button ? button.switch_inline_query : "").toBe("问".repeat(256));
  });

  it("escapes &, <, > and double quotes, and nothing else", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;'");
  });
});

describe("callback data", () => {
  it("round-trips commands and pages, and never exceeds 64 bytes", () => {
    const telegram = { maxBytes: CALLBACK_DATA_LIMIT };
    expect(decodeAction(encodeAction({ type: "command", command: "case", args: "a1b2c3" }, telegram) ?? "")).toEqual({ type: "command", command: "case", args: "a1b2c3" });
    expect(encodeAction({ type: "command", command: "case", args: "长".repeat(30) }, telegram)).toBeUndefined();
    const memory = new QuestionMemory(2);
    const encode = callbackEncoder(memory, 1);
    const long = "怎么".repeat(100);
    const data = encode({ type: "more", query: long, page: 3 }) ?? "";
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
    expect(decodeAction(data, (k) => { const r = memory.recall(k, { chatId: "1" }); return r.status === "found" ? r.query : undefined; })).toEqual({ type: "more", page: 3, query: long });
    // Bounded: old questions are forgotten and the button then decodes without a query.
    encode({ type: "more", query: "二", page: 1 });
    encode({ type: "more", query: "三", page: 1 });
    expect(decodeAction(data, (k) => { const r = memory.recall(k, { chatId: "1" }); return r.status === "found" ? r.query : undefined; })).toEqual({ type: "more", page: 3 });
    expect(decodeAction("garbage")).toBeUndefined();
  });

  it("keeps every button of every rendered reply within Telegram's limit", () => {
    const memory = new QuestionMemory();
    const r: Reply = reply("answer", [para("x")], {
      buttons: [
        [
          { label: "查看全文", action: { type: "command", command: "case", args: "0123456789abcdef" } },
          { label: "其他单位", action: { type: "more", query: "问".repeat(500), page: 9999 } },
        ],
      ],
    });
    const buttons = renderTelegram(r, { encode: callbackEncoder(memory) }).flatMap((c) => c.reply_markup?.inline_keyboard.flat() ?? []);
    expect(buttons).toHaveLength(2);
    for (const b of buttons) expect(Buffer.byteLength("callback_data" in b ? b.callback_data : "")).toBeLessThanOrEqual(64);
  });
});

describe("message decoding", () => {
  const registry = createRegistry(allCommands);

  it("strips the bot's mention by UTF-16 entity offsets, wherever it is", () => {
    const text = "👨‍👩‍👧 请问 @Casebot_Test_Bot，联络站怎么建 @someone_else";
    const offset = text.indexOf("@Casebot");
    const entities = [
      { type: "mention" as const, offset, length: "@Casebot_Test_Bot".length },
      { type: "mention" as const, offset: text.indexOf("@someone"), length: "@someone_else".length },
    ];
    expect(stripMentions(text, entities, TEST_BOT_INFO)).toBe("👨‍👩‍👧 请问 ，联络站怎么建 @someone_else");
  });

  it("does not take a look-alike username (prefix) as a mention of the bot", () => {
    const msg = textUpdate(`@${TEST_BOT_INFO.username}x 联络站`, { chat: SUPERGROUP, from: OTHER_USER }).message;
    if (!msg) throw new Error("no message");
    expect(addressed(msg, TEST_BOT_INFO, registry)).toBeUndefined();
  });

  it("answers a private chat's command whatever its @target, even a malformed one (fuzz: <@ marked as a command)", () => {
    const base = textUpdate("x").message!;
    const msg = { ...base, text: "<@", entities: [{ type: "bot_command" as const, offset: 0, length: 2 }] };
    expect(addressed(msg, TEST_BOT_INFO, registry)?.kind).toBe("command");
    const other = { ...base, text: "/help@otherbot", entities: [{ type: "bot_command" as const, offset: 0, length: 14 }] };
    expect(addressed(other, TEST_BOT_INFO, registry)?.kind).toBe("command");
  });
});
