import { describe, expect, it } from "vitest";
import { UNREADABLE_MESSAGES } from "../src/messages/documents.ts";
import { pdfExtractor, pdfjsResources } from "../src/corpus/extract/pdf.ts";
import { readPdfText } from "../src/corpus/extract/pdf-thread.ts";
import { dropChrome, groupLines, isPageNumber, layoutBlocks, type PdfLine } from "../src/corpus/extract/pdf-layout.ts";
import { parseDocument } from "../src/corpus/parse.ts";
import { CASES, ISSUER, LEAD, SUBTITLE, TITLE } from "./fixtures/docs/content.ts";
import { LIBREOFFICE_LINES, LIBREOFFICE_RUNS, LIBREOFFICE_TITLE } from "./fixtures/docs/libreoffice-fixtures.ts";
import { PDF_CHROME } from "./fixtures/docs/pdf-fixtures.ts";
import { expectReadOrRefused, fixture, refusal as refused } from "./extract.support.ts";

const extract = (bytes: Uint8Array) => pdfExtractor.extract(bytes, { fileName: "简报.pdf" });

// Reading a Chinese PDF parses pdf.js's CMaps (a few hundred ms): read the fixture once.
let newsletter: ReturnType<typeof extract> | undefined;
const readNewsletter = () => (newsletter ??= extract(fixture("newsletter.pdf")));

const refusal = (bytes: Uint8Array) => refused(pdfExtractor, bytes, "简报.pdf");

describe("pdf extractor", () => {
  it("reads Chinese text in a non-embedded font into headings and whole paragraphs", async () => {
    const doc = await readNewsletter();
    const expected = [
      { kind: "heading", text: TITLE, level: 1 },
      { kind: "paragraph", text: SUBTITLE },
      { kind: "paragraph", text: ISSUER },
      { kind: "paragraph", text: LEAD },
      ...CASES.flatMap((c) => [
        { kind: "heading", text: c.heading, level: 2 }, // wrapped onto two lines in the PDF
        // （一） sub-headings are body-size text here: plain paragraphs (refinement's job).
        ...c.parts.flatMap((p) => [...(p.subheading ? [p.subheading] : []), ...p.paragraphs].map((text) => ({ kind: "paragraph", text }))),
      ]),
    ];
    expect(doc.blocks).toEqual(expected);
    expect(doc.title).toBe(TITLE); // the info dictionary's "Microsoft Word - 简报.docx" is not a title
    expect(doc.warnings).toEqual([]);
    // pdf.js ran in its worker thread: its core-js polyfills did not replace this thread's builtins.
    // (core-js disguises its replacements as native code, but keeps its state on globalThis.)
    expect(Object.hasOwn(globalThis, "__core-js_shared__")).toBe(false);
  });

  it("drops the running header and page numbers and joins paragraphs across page breaks", async () => {
    const doc = await readNewsletter();
    const all = doc.blocks.map((b) => b.text).join("\n");
    expect(all).not.toContain(PDF_CHROME.header);
    expect(all).not.toMatch(/- \d -/);
    // This paragraph starts on page 1 and ends on page 2 of the fixture.
    expect(doc.blocks.map((b) => b.text)).toContain(CASES[0]!.parts[0]!.paragraphs[1]);
    expect(all).toContain("借助 Smart Farm 平台"); // Latin words keep their space
  });

  it("comes back empty without pdf.js's CMaps: the reason for the cMapUrl option", async () => {
    // pdf.js itself, in its worker thread, with the CMaps left out.
    const text = await readPdfText({ bytes: fixture("newsletter.pdf"), resources: { ...pdfjsResources(), cMapUrl: undefined }, maxPages: 10 });
    // No error, no warning: only the page number, set in Helvetica, is left. (With the CMaps the
    // same page gives the title and body: see the first test.)
    expect(text.openError).toBeUndefined();
    expect((text.pages?.[0]?.items ?? []).map((i) => i.text).join("").trim()).toBe("- 1 -");
  });

  it("refuses a scan, an encrypted file, a broken one and a mislabelled one", async () => {
    const scan = await refusal(fixture("scan.pdf"));
    expect(scan.userMessage).toBe("这个 PDF 没有文字层（可能是扫描件），无法读取。请发送 Word 文档或可复制文字的 PDF。");
    expect(scan.message).toBe("简报.pdf: no text layer on any page");
    expect((await refusal(fixture("encrypted.pdf"))).userMessage).toBe(UNREADABLE_MESSAGES.encryptedPdf);
    expect((await refusal(new TextEncoder().encode("%PDF-1.7\nnot really\n%%EOF"))).userMessage).toBe(UNREADABLE_MESSAGES.brokenPdf);
    expect((await refusal(new TextEncoder().encode("<html>一个网页</html>"))).userMessage).toBe(UNREADABLE_MESSAGES.notPdf);
  });
});

describe("pdf layout rules", () => {
  const line = (text: string, y: number, page = 1, size = 12): PdfLine => ({ text, x: 60, right: 360, y, size, page });

  it("knows page numbers in the usual forms", () => {
    for (const n of ["3", "- 3 -", "—3—", "第3页", "第 3 页 共 10 页", "3/10", "3 / 10", "Page 3 of 10"]) expect(isPageNumber(n)).toBe(true);
    for (const t of ["2025", "3个案例", "第3期", "共收集236条"]) expect(isPageNumber(t)).toBe(t === "2025");
  });

  it("drops a line repeated at the top or bottom of most pages, digits aside, but not body text", () => {
    const body = ["甲镇开展活动", "乙乡召开会议", "丙街道组织视察"];
    const pages = [1, 2, 3].map((p) => [line(`人大简报 第${p}期`, 800, p), line(body[p - 1]!, 700, p), line("正文末行", 100 + p * 30, p), line(`第${p}页`, 40, p)]);
    pages[1]!.splice(2, 0, line("人大简报 第2期", 650, 2)); // mid-page: content, kept
    const kept = dropChrome(pages, 12).map((lines) => lines.map((l) => l.text));
    // "正文末行" repeats at the bottom of every page, but not at one height: it is content.
    expect(kept).toEqual([[body[0], "正文末行"], [body[1], "人大简报 第2期", "正文末行"], [body[2], "正文末行"]]);
  });

  it("breaks paragraphs at extra vertical space and at a numbered item after a full stop", () => {
    const full = (text: string, y: number): PdfLine => line(text, y); // runs to the right margin
    const pages = [[
      full("甲镇人大主席团组织代表开展视察活动，", 700),
      full("共提出意见建议12条。", 680),
      full("乙乡人大主席团坚持每月一次进站接待，", 650), // 30 instead of 20: a space before it
      full("全年接待群众320人次。", 630),
      full("1.建立台账，逐条交办；", 610),
      full("2.跟踪督办，按期反馈。", 590),
    ]];
    expect(layoutBlocks(pages).blocks.map((b) => b.text)).toEqual([
      "甲镇人大主席团组织代表开展视察活动，共提出意见建议12条。",
      "乙乡人大主席团坚持每月一次进站接待，全年接待群众320人次。",
      "1.建立台账，逐条交办；",
      "2.跟踪督办，按期反馈。",
    ]);
  });

  it("groups items into lines by baseline and spaces Latin words only", () => {
    const item = (text: string, x: number, y: number, width: number) => ({ text, x, y, width, size: 12 });
    const lines = groupLines([item("Farm", 130, 700.4, 24), item("借助", 60, 700, 24), item("Smart", 86, 700, 30), item("平台", 160, 700, 24), item("下一行", 60, 680, 36)], 1);
    expect(lines.map((l) => l.text)).toEqual(["借助Smart Farm平台", "下一行"]);
  });

  it("removes the spaces pdf.js puts into justified or letter-spaced runs", () => {
    const item = (text: string, x: number, width: number) => ({ text, x, y: 700, width, size: 14 });
    const lines = groupLines([item("目　录", 60, 42), item("石 桥 镇 人 大", 140, 82), item("S m a r t", 240, 47)], 1);
    // The wide gap after 目录 (a column) stays a space; the narrow one before Smart does not.
    expect(lines.map((l) => l.text)).toEqual(["目录 石桥镇人大Smart"]);
  });
});

describe("runs of another font inside a line (LibreOffice: Chinese in a fallback font, quotes and digits in the Western one)", () => {
  it("keeps every quote, digit and Latin word where the line has it", async () => {
    const doc = await extract(fixture("libreoffice-quotes.pdf"));
    const L = LIBREOFFICE_LINES;
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ["heading", LIBREOFFICE_TITLE],
      // The space inside the headline is layout between two Chinese runs (see dropCjkSpaces).
      ["heading", L.heading1.replace(" ", "")],
      ["paragraph", L.body1],
      ["heading", L.heading2],
      ["paragraph", L.body2],
    ]);
    const article = parseDocument({ doc, sourceFile: "简报.pdf" });
    expect(article.cases.map((c) => c.headline)).toEqual(["“家门口”联络站常态运行打通联系群众“最后一公里”", "“三张清单”推动民生实事落地"]);
    expect(article.report.warnings).toEqual([]);
  });

  it("keeps quotes and figures set in a Western font in their own runs where the Chinese line has them", async () => {
    const doc = await extract(fixture("libreoffice-runs.pdf"));
    expect(doc.blocks.map((b) => [b.kind, b.text])).toEqual([
      ["heading", LIBREOFFICE_RUNS.title],
      ["heading", LIBREOFFICE_RUNS.heading.replace(" ", "")],
      ["paragraph", LIBREOFFICE_RUNS.body],
    ]);
    const article = parseDocument({ doc, sourceFile: "简报.pdf" });
    expect(article.cases.map((c) => c.headline)).toEqual(["“代表之家”提质扩面跑出服务群众“加速度”"]);
    expect(article.report.warnings).toEqual([]);
  });

  it("cuts an item at the gaps other items fill, placing each piece where its glyphs stand", () => {
    const item = (text: string, x: number, width: number) => ({ text, x, y: 700, width, size: 14 });
    // As pdf.js gives it: the Chinese of the line as one item, spaces where the quotes stand.
    // 14-pt Chinese glyphs are 14 wide: 一、 ends at 100, 家门口 at 150, 联络站 at 200, the line at 278.
    const host = item("一、 家门口 联络站 最后一公里", 72, 206);
    const quotes = [item("“", 100, 8), item("”", 150, 8), item("“", 200, 8)];
    const lines = groupLines([...quotes, host, item("”", 278, 8)], 1);
    expect(lines.map((l) => l.text)).toEqual(["一、“家门口”联络站“最后一公里”"]);
  });
});

describe("the ingest report on scrambled text", () => {
  const parse = (texts: string[]) => parseDocument({ doc: { blocks: texts.map((text) => ({ kind: "paragraph" as const, text })), warnings: [] }, sourceFile: "a.pdf" });

  it("warns when quotes are piled at line ends (empty pairs) or lines hold a single character", () => {
    const piled = parse(["某县人大常委会推行代表接待日制度，全县32个联络站“”", "收集急难愁盼问题236条“”“”"]);
    expect(piled.report.warnings).toContain("提取的文字可能顺序错乱：有 3 处空的引号或书名号（如“”），引号可能被挪到了行尾。请核对原文，或改发 Word 文件。");
    const vertical = parse(["某县人大常委会推行代表接待日制度。", ..."代表联络站"]);
    expect(vertical.report.warnings).toContain("提取的文字可能顺序错乱：有 5 行只有一个字（共 6 行）。请核对原文，或改发 Word 文件。");
    expect(parse(["某县人大常委会推行“代表接待日”制度。", "填报单位（盖章）："]).report.warnings.filter((w) => w.includes("顺序错乱"))).toEqual([]);
  });
});

describe("damaged .pdf files", () => {
  it("still read, or are refused with UnreadableDocumentError: never another error", async () => {
    await expectReadOrRefused(pdfExtractor, fixture("newsletter.pdf"), "broken.pdf");
  });
});
