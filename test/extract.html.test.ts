import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { Block } from "../src/corpus/blocks.ts";
import { UNREADABLE_MESSAGES } from "../src/messages/documents.ts";
import { htmlExtractor } from "../src/corpus/extract/html.ts";
import { CASES, ISSUER, LEAD, NEWS, TITLE } from "./fixtures/docs/content.ts";
import { expectReadOrRefused, fixture, refusal as refused } from "./extract.support.ts";

const utf8 = (html: string) => new TextEncoder().encode(html);
const extract = (bytes: Uint8Array, contentType?: string) =>
  htmlExtractor.extract(bytes, { fileName: "page.html", ...(contentType ? { contentType } : {}) });
const texts = (blocks: Block[]) => blocks.map((b) => b.text);

const refusal = (bytes: Uint8Array) => refused(htmlExtractor, bytes, "page.html");

describe("WeChat 公众号 pages", () => {
  it("reads the hidden #js_content body, the title and the publish time", async () => {
    const doc = await extract(fixture("wechat.html"));
    expect(doc.title).toBe(TITLE);
    expect(doc.publishedAt).toBe("2025-06-12T10:30:00+08:00"); // var ct, Unix seconds
    expect(doc.blocks[0]).toEqual({ kind: "paragraph", text: LEAD });
    expect(doc.blocks.filter((b) => b.kind === "heading").map((b) => `${b.level} ${b.text}`)).toEqual([
      `2 ${CASES[0]!.heading}`,
      `2 ${CASES[1]!.heading}`,
      `3 ${CASES[1]!.parts[0]!.subheading}`,
      `3 ${CASES[1]!.parts[1]!.subheading}`,
      `2 ${CASES[2]!.heading}`,
    ]);
    // Spans split by source line breaks rejoin without a space between Chinese characters.
    for (const p of CASES.flatMap((c) => c.parts.flatMap((part) => part.paragraphs))) expect(texts(doc.blocks)).toContain(p);
    expect(texts(doc.blocks)).toContain("图为代表茶座接待现场");
  });

  it("drops images and the chrome around the body, keeps the sign-off lines", async () => {
    const doc = await extract(fixture("wechat.html"));
    const all = texts(doc.blocks).join("\n");
    for (const chrome of ["点击上方蓝字", "END", "长按识别二维码", "关注青禾人大", "点赞", "在看", "阅读原文", "预览时标签不可点", "微信扫一扫", "继续滑动看下一个", "mmbiz"]) {
      expect(all).not.toContain(chrome);
    }
    expect(texts(doc.blocks).slice(-2)).toEqual([`来源：${ISSUER}`, "编辑：周某某 审核：吴某某"]);
  });

  it("reads the same page saved as GBK with <meta charset=gbk>", async () => {
    const [gbk, utf] = await Promise.all([extract(fixture("wechat-gbk.html")), extract(fixture("wechat.html"))]);
    expect(gbk).toEqual(utf);
  });

  it("falls back to publish_time, #publish_time and og:title", async () => {
    const page = readFileSync(new URL("fixtures/docs/wechat.html", import.meta.url), "utf8");
    const noCt = page.replace(/var ct = "\d+";/, "");
    expect((await extract(utf8(noCt))).publishedAt).toBe("2025-06-12");
    const onlyEm = noCt.replace(/var publish_time = .*/, "").replace('<em id="publish_time" class="rich_media_meta rich_media_meta_text"></em>', '<em id="publish_time">2025年6月13日 08:05</em>');
    expect((await extract(utf8(onlyEm))).publishedAt).toBe("2025-06-13T08:05:00+08:00");
    const noName = page.replace(/<h1 class="rich_media_title" id="activity-name">[\s\S]*?<\/h1>/, "").replace(`<title>${TITLE}</title>`, "<title></title>");
    expect((await extract(utf8(noName))).title).toBe(TITLE);
  });
});

describe("other web pages", () => {
  it("keeps the article of a 人大 website page and drops navigation, sidebar and footer", async () => {
    const doc = await extract(fixture("news-page.html"));
    expect(doc.title).toBe(NEWS.title); // not "…_青禾县人大网"
    expect(doc.publishedAt).toBe("2025-06-12T10:30:00+08:00"); // 发布时间：2025-06-12 10:30
    const [p1, p2, p3] = NEWS.paragraphs as [string, string, string];
    const [p2a, p2b] = p2.split(/(?<=。)/);
    expect(doc.blocks).toEqual([
      { kind: "paragraph", text: p1 },
      { kind: "heading", text: "询问聚焦三个方面", level: 2 }, // an <h3>: the body's top level
      { kind: "paragraph", text: p2a }, // <br> between two sentences: two paragraphs
      { kind: "paragraph", text: p2b },
      { kind: "paragraph", text: p3 }, // <br> in mid-sentence: one paragraph
    ]);
  });

  it("takes og:title and article:published_time, and the HTTP charset", async () => {
    const body = `<p>${NEWS.paragraphs.join("</p><p>")}</p>`.repeat(2);
    const html =
      `<html><head><title>站点首页</title><meta property="og:title" content="${NEWS.title}">` +
      `<meta property="article:published_time" content="2025-06-12T02:30:00Z"></head>` +
      `<body><nav><a href="/">首页</a></nav><article><h1>${NEWS.title}</h1><h2>一、询问情况</h2>${body}</article></body></html>`;
    const doc = await extract(new Uint8Array(iconv.encode(html, "gbk")), "text/html; charset=GBK");
    expect(doc.title).toBe(NEWS.title);
    expect(doc.publishedAt).toBe("2025-06-12T02:30:00Z");
    expect(doc.blocks[0]).toEqual({ kind: "heading", text: "一、询问情况", level: 2 });
    expect(texts(doc.blocks)).not.toContain("首页");
  });

  it("reads a pathologically nested page without Readability (which is quadratic in depth)", async () => {
    const depth = 1000;
    const html = `<html><body><nav>首页</nav>${"<div>".repeat(depth)}<p>${NEWS.paragraphs[0]}</p>${"</div>".repeat(depth)}</body></html>`;
    const doc = await extract(utf8(html));
    expect(texts(doc.blocks)).toEqual([NEWS.paragraphs[0]]);
    expect(doc.warnings).toEqual(["网页结构过于复杂，未能识别正文区域，已读取整个页面（去掉导航和页脚）。"]);
  });

  it("refuses binaries named .html and pages without text", async () => {
    expect((await refusal(fixture("newsletter.pdf"))).userMessage).toBe(UNREADABLE_MESSAGES.notHtml);
    expect((await refusal(new Uint8Array([0x47, 0x49, 0x46, 0x38, 0, 0, 1]))).userMessage).toBe(UNREADABLE_MESSAGES.notHtml); // a GIF
    expect((await refusal(utf8("<html><body><img src=a.png><script>var a = 1;</script></body></html>"))).userMessage).toBe(
      UNREADABLE_MESSAGES.emptyHtml,
    );
  });
});

describe("damaged .html files", () => {
  it("still read, or are refused with UnreadableDocumentError: never another error", async () => {
    await expectReadOrRefused(htmlExtractor, fixture("wechat.html"), "broken.html");
  });
});
