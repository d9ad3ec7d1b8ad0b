import { describe, expect, it } from "vitest";
import type { Block } from "../src/corpus/blocks.ts";
import { docxBlocks, docxExtractor, usefulWarnings } from "../src/corpus/extract/docx.ts";
import type { RawBlock } from "../src/corpus/extract/html-blocks.ts";
import { UNREADABLE_MESSAGES } from "../src/messages/documents.ts";
import { CASES, ISSUER, LEAD, SUBTITLE, TITLE } from "./fixtures/docs/content.ts";
import { expectReadOrRefused, fixture, refusal as refused } from "./extract.support.ts";

const extract = (bytes: Uint8Array, fileName = "简报.docx") => docxExtractor.extract(bytes, { fileName });
const outline = (blocks: Block[]) => blocks.filter((b) => b.kind === "heading").map((b) => `${b.level} ${b.text}`);
const paragraphs = CASES.flatMap((c) => c.parts.flatMap((p) => p.paragraphs));

let headingStyles: ReturnType<typeof extract> | undefined;
const readHeadingStyles = () => (headingStyles ??= extract(fixture("heading-styles.docx")));

const refusal = (bytes: Uint8Array) => refused(docxExtractor, bytes, "简报.docx");

describe("docx extractor", () => {
  it("maps Title, Subtitle and Heading styles (Heading 1 → level 2 under a Title)", async () => {
    const doc = await readHeadingStyles();
    expect(doc.title).toBe(TITLE);
    expect(doc.subtitle).toBe(SUBTITLE);
    expect(doc.warnings).toEqual([]);
    expect(outline(doc.blocks)).toEqual([
      `1 ${TITLE}`,
      `2 ${CASES[0]!.heading}`,
      `2 ${CASES[1]!.heading}`,
      `3 ${CASES[1]!.parts[0]!.subheading}`,
      `3 ${CASES[1]!.parts[1]!.subheading}`, // a style named 标题 2, as WPS names it
      `2 ${CASES[2]!.heading}`,
    ]);
    expect(doc.blocks.slice(0, 4)).toEqual([
      { kind: "heading", text: TITLE, level: 1 },
      { kind: "paragraph", text: SUBTITLE },
      { kind: "paragraph", text: ISSUER },
      { kind: "paragraph", text: LEAD },
    ]);
  });

  it("keeps every paragraph whole, skips empty ones and images, reads table rows", async () => {
    const doc = await readHeadingStyles();
    const texts = doc.blocks.map((b) => b.text);
    for (const p of paragraphs) expect(texts).toContain(p);
    expect(texts.every((t) => t.trim() !== "")).toBe(true);
    expect(texts).toContain("老旧小区加装电梯\t1,120");
    expect(texts).toContain("项目\t投资（万元）");
    expect(doc.blocks.every((b) => b.kind === "heading" || b.kind === "paragraph")).toBe(true);
    expect(doc.blocks).toHaveLength(1 + 3 + paragraphs.length + 3 + 2 + 3);
  });

  it("reads bold-only paragraphs as headings when no heading styles are used", async () => {
    const doc = await extract(fixture("bold-headings.docx"));
    expect(doc.title).toBe(TITLE);
    expect(doc.subtitle).toBeUndefined();
    expect(outline(doc.blocks)).toEqual([
      `1 ${TITLE}`,
      `2 ${CASES[0]!.heading}`,
      `2 ${CASES[1]!.heading}`,
      `3 ${CASES[1]!.parts[0]!.subheading}`,
      `3 ${CASES[1]!.parts[1]!.subheading}`,
      `2 ${CASES[2]!.heading}`,
      "3 经验启示", // short bold line without final punctuation, under a 一、 heading
    ]);
    expect(doc.blocks.at(-2)).toEqual({ kind: "paragraph", text: "群众的事由群众商量着办，代表的作用才能真正发挥出来。", emphasis: true });
    // A bold lead-in inside a paragraph makes neither a heading nor emphasis.
    expect(doc.blocks.at(-1)).toEqual({ kind: "paragraph", text: "下一步，县人大常委会将总结推广上述做法。" });
  });

  it("without a Title style: a leading heading level used once is the title, else the top level is 2", () => {
    const raw = (tag: string, text: string): RawBlock => ({ tag, text, className: "", bold: false });
    const titled = docxBlocks([raw("h1", "简报"), raw("p", "导语。"), raw("h2", "一、甲"), raw("h3", "（一）乙"), raw("h2", "二、丙")]);
    expect(titled.title).toBe("简报");
    expect(outline(titled.blocks)).toEqual(["1 简报", "2 一、甲", "3 （一）乙", "2 二、丙"]);
    const untitled = docxBlocks([raw("p", "导语。"), raw("h1", "一、甲"), raw("h2", "（一）乙"), raw("h1", "二、丙")]);
    expect(untitled.title).toBeUndefined();
    expect(outline(untitled.blocks)).toEqual(["2 一、甲", "3 （一）乙", "2 二、丙"]);
  });

  it("passes on mammoth's warnings about lost content, not style or image noise", () => {
    const messages = [
      "Unrecognised paragraph style: '正文缩进' (Style ID: a3)",
      "Paragraph style with ID a5 was referenced but not defined in the document",
      "Image of type image/x-emf is unlikely to display in web browsers",
      "An unrecognised element was ignored: w:customXml",
      "An unrecognised element was ignored: w:customXml",
    ].map((message) => ({ type: "warning", message }));
    expect(usefulWarnings(messages)).toEqual(["Word 文档的部分内容可能未读出：An unrecognised element was ignored: w:customXml"]);
  });

  it("refuses files that are not .docx with a clear message", async () => {
    expect((await refusal(new TextEncoder().encode("这不是Word文档"))).userMessage).toBe(UNREADABLE_MESSAGES.notDocx);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await refusal(ole)).userMessage).toBe(UNREADABLE_MESSAGES.legacyDoc);
    expect((await refusal(new Uint8Array())).userMessage).toBe(UNREADABLE_MESSAGES.empty);
  });

  it("refuses a truncated document and one with no text", async () => {
    const truncated = await refusal(fixture("heading-styles.docx").subarray(0, 3000));
    expect(truncated.userMessage).toBe(UNREADABLE_MESSAGES.brokenDocx);
    expect(truncated.message).toMatch(/^简报\.docx: mammoth: /);
    expect((await refusal(fixture("image-only.docx"))).userMessage).toBe(UNREADABLE_MESSAGES.emptyDocx);
  });
});

describe("damaged .docx files", () => {
  it("still read, or are refused with UnreadableDocumentError: never another error", async () => {
    await expectReadOrRefused(docxExtractor, fixture("bold-headings.docx"), "broken.docx");
  });
});
