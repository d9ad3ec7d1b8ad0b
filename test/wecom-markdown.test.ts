import { describe, expect, it } from "vitest";
import { allCommands } from "../commands/index.ts";
import { createRegistry } from "../src/dispatch/registry.ts";
import { decodeAction, encodeAction } from "../src/interaction/actions.ts";
import { buttonCard } from "../src/platforms/wecom/aibot/card.ts";
import {
  escapeWecomMarkdown,
  renderWecomMarkdown,
  splitWecomMarkdown,
  WECOM_MARKDOWN_MAX_BYTES,
  WECOM_STREAM_MAX_BYTES,
} from "../src/platforms/wecom/markdown.ts";
import { bold, heading, link, list, para, quote, reply, span } from "../src/reply/build.ts";

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("escapeWecomMarkdown", () => {
  it("neutralises bold, links, font tags and code", () => {
    const out = escapeWecomMarkdown('**粗体** [点我](http://evil.example) <font color="warning">红</font> `code` ~~删~~');
    expect(out).not.toMatch(/[*[\]<>`~]/);
    expect(out).toBe('＊＊粗体＊＊ ［点我］(http://evil.example) ＜font color="warning"＞红＜/font＞ ｀code｀ ～～删～～');
  });

  it("neutralises block syntax at line starts only", () => {
    const out = escapeWecomMarkdown("# 标题\n  > 引用\n- 列表\n+ 加\n1. 编号\n正文 # 不变 - 不变");
    expect(out.split("\n")).toEqual(["＃ 标题", "  ＞ 引用", "－ 列表", "＋ 加", "1.\u200b 编号", "正文 # 不变 - 不变"]);
  });
});

describe("renderWecomMarkdown", () => {
  it("styles spans itself but escapes everything inside them", () => {
    const md = renderWecomMarkdown(
      reply("answer", [heading("标题**"), para(bold("[粗]"), span("<b>", "mark"), span("x`y", "code")), list(["# 项"]), para(link("来源", "https://example.org/a b(c)"))]),
    );
    expect(md).toContain("**标题＊＊**");
    expect(md).toContain("**［粗］**");
    expect(md).toContain('<font color="warning">＜b＞</font>');
    expect(md).toContain("`x｀y`");
    expect(md).toContain("- ＃ 项");
    expect(md).toContain("[来源](https://example.org/a%20b%28c%29)");
  });

  it("marks terms in bold without font tags for the AI bot, and never nests bold in headings", () => {
    const r = reply("answer", [heading("大祥区", bold("逢6进站")), quote(span("推行"), span("逢6进站", "mark"), span("制度"))], {
      buttons: [[{ label: "查看全文", action: { type: "command", command: "case", args: "x1" } }]],
    });
    const md = renderWecomMarkdown(r, { colors: false, commandWord: (n) => (n === "case" ? "案例" : n) });
    expect(md).toBe("**大祥区逢6进站**\n\n> 推行**逢6进站**制度\n\n查看全文：发送“案例 x1”");
    expect(renderWecomMarkdown(r)).toContain('<font color="warning">逢6进站</font>');
  });

  it("drops non-http links instead of rendering them", () => {
    const md = renderWecomMarkdown(reply("info", [para(link("点我", "javascript:alert(1)"))]));
    expect(md).toBe("点我");
  });

  it("turns command buttons into hints with the registry's Chinese word", () => {
    const registry = createRegistry(allCommands);
    const r = reply("answer", [para("正文")], { buttons: [[{ label: "查看全文", action: { type: "command", command: "case", args: "8598fd71" } }]] });
    expect(renderWecomMarkdown(r, { commandWord: registry.wordFor })).toContain("查看全文：发送“案例 8598fd71”");
    expect(renderWecomMarkdown(r, { commandHints: false })).toBe("正文");
  });
});

describe("splitWecomMarkdown", () => {
  it("keeps every chunk within 4096 bytes and never splits a 4-byte emoji", () => {
    for (const limit of [WECOM_MARKDOWN_MAX_BYTES, 4098, 4099, 4097]) {
      const text = "😀".repeat(3000);
      const chunks = splitWecomMarkdown(text, limit);
      expect(chunks.length).toBeGreaterThan(1);
      for (const c of chunks) {
        expect(bytes(c)).toBeLessThanOrEqual(limit);
        expect(c).not.toMatch(LONE_SURROGATE);
      }
      expect(chunks.join("")).toBe(text);
    }
  });

  it("prefers paragraph breaks and loses no text with mixed CJK, ASCII and emoji", () => {
    const paragraphs = Array.from({ length: 60 }, (_, i) => `第${i}段 abc 🏛️ ${"人大代表联络站".repeat(12)}`);
    const text = paragraphs.join("\n\n");
    const chunks = splitWecomMarkdown(text);
    for (const c of chunks) {
      expect(bytes(c)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
      expect(c.startsWith("第")).toBe(true);
    }
    expect(chunks.join("\n\n")).toBe(text);
  });

  it("returns short text unchanged and allows the larger stream limit", () => {
    expect(splitWecomMarkdown("短")).toEqual(["短"]);
    const big = "字".repeat(6000);
    expect(splitWecomMarkdown(big, WECOM_STREAM_MAX_BYTES)).toEqual([big]);
    expect(splitWecomMarkdown(big).length).toBe(5);
  });
});

describe("AI-bot button cards", () => {
  it("builds a button_interaction card only for command buttons", () => {
    const r = reply("answer", [heading("大祥区城北路街道人大工委 · 一个很长很长很长很长很长很长的标题")], {
      buttons: [
        [
          { label: "查看全文", action: { type: "command", command: "case", args: "abc123" } },
          { label: "分享", action: { type: "share", caseId: "abc123", query: "abc123" } },
        ],
      ],
    });
    const card = buttonCard(r, "task_1");
    expect(card?.card_type).toBe("button_interaction");
    expect(card?.button_list).toEqual([{ text: "查看全文", key: "case:abc123", style: 1 }]);
    expect(Array.from(card?.main_title?.title ?? "").length).toBeLessThanOrEqual(26);
    expect(buttonCard(reply("case", [para("x")], { buttons: [[{ label: "分享", action: { type: "share", caseId: "a", query: "a" } }]] }))).toBeUndefined();
  });

  it("turns paging into a more: key and shortens long labels to the unit", () => {
    const r = reply("answer", [para("x")], {
      buttons: [
        [{ label: "查看全文：大祥区城北路街道人大工委", action: { type: "command", command: "case", args: "8598fd71" } }],
        [{ label: "其他单位", action: { type: "more", query: "联络站怎么建", page: 1 } }],
      ],
    });
    expect(buttonCard(r, "t")?.button_list).toEqual([
      { text: "大祥区城北路街道人…", key: "case:8598fd71", style: 1 },
      { text: "其他单位", key: "more:1:联络站怎么建", style: 2 },
    ]);
    expect(decodeAction("more:1:联络站怎么建")).toEqual({ type: "more", page: 1, query: "联络站怎么建" });
  });

  it("round-trips button keys and rejects foreign ones", () => {
    const wecom = { maxBytes: 1024 };
    expect(decodeAction(encodeAction({ type: "command", command: "case", args: "abc123" }, wecom))).toEqual({ type: "command", command: "case", args: "abc123" });
    expect(decodeAction(encodeAction({ type: "command", command: "random" }, wecom))).toEqual({ type: "command", command: "random", args: "" });
    expect(decodeAction("btn_confirm")).toBeUndefined();
    expect(decodeAction(42)).toBeUndefined();
  });
});
