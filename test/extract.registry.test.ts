import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { UnreadableDocumentError } from "../src/corpus/extract/errors.ts";
import { extensionForContent, extensionOf, extractDocument, EXTRACTORS, extractorFor, isSupportedFile, SOURCE_EXTENSIONS } from "../src/corpus/extract/index.ts";
import { sniffFormat } from "../src/corpus/extract/sniff.ts";
import { fixture } from "./extract.support.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);

async function refused(bytes: Uint8Array, fileName: string): Promise<UnreadableDocumentError> {
  const error: unknown = await extractDocument(bytes, { fileName }).catch((e: unknown) => e);
  expect(error, fileName).toBeInstanceOf(UnreadableDocumentError);
  return error as UnreadableDocumentError;
}

describe("extractor registry", () => {
  it("knows every supported extension, case-insensitively", () => {
    expect([...SOURCE_EXTENSIONS].sort()).toEqual(["docx", "htm", "html", "markdown", "md", "pdf", "text", "txt"]);
    expect(EXTRACTORS.flatMap((e) => e.extensions).sort()).toEqual([...SOURCE_EXTENSIONS].sort());
    expect(extensionOf("a.b/简报.PDF")).toBe("pdf");
    expect(extensionOf(".hidden")).toBe("");
    expect(extensionOf("README")).toBe("");
    expect(isSupportedFile("x.DOCX")).toBe(true);
    expect(isSupportedFile("x.xlsx")).toBe(false);
    expect(extractorFor("a.htm")?.extensions).toEqual(["html", "htm"]);
  });

  it("picks the extractor by extension", async () => {
    const docx = await extractDocument(fixture("heading-styles.docx"), { fileName: "a.docx" });
    const pdf = await extractDocument(fixture("newsletter.pdf"), { fileName: "a.pdf" });
    const html = await extractDocument(fixture("wechat.html"), { fileName: "a.html" });
    for (const doc of [docx, pdf, html]) {
      expect(doc.warnings).toEqual([]);
      expect(doc.blocks.map((b) => b.text).join("\n")).toContain("石桥镇人大主席团");
    }
  });

  it("decodes GBK, UTF-16 and UTF-8 text files", async () => {
    const gbk = await extractDocument(fixture("roundup-gbk.txt"), { fileName: "a.txt" });
    expect(gbk.blocks[0]!.text).toBe("青禾县基层人大工作典型案例");
    const text = "# 标题\n\n某某镇人大主席团：代表夜访\n";
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
    expect((await extractDocument(le, { fileName: "a.md" })).blocks.map((b) => b.text)).toEqual(["标题", "某某镇人大主席团：代表夜访"]);
    expect((await extractDocument(new Uint8Array(iconv.encode(text, "gb18030")), { fileName: "a.md" })).blocks[1]!.text).toBe("某某镇人大主席团：代表夜访");
    expect((await extractDocument(utf8(text), { fileName: "a.md" })).blocks[0]).toMatchObject({ kind: "heading", level: 1 });
  });

  it("reads a file as what its content is when the extension lies, and says so", async () => {
    const pdfAsDocx = await extractDocument(fixture("newsletter.pdf"), { fileName: "简报.docx" });
    expect(pdfAsDocx.warnings[0]).toBe("文件名为 .docx，但内容是 PDF，已按 PDF 读取。");
    const docxAsPdf = await extractDocument(fixture("heading-styles.docx"), { fileName: "简报.pdf" });
    expect(docxAsPdf.warnings[0]).toBe("文件名为 .pdf，但内容是 Word 文档，已按 Word 文档读取。");
    const pageAsTxt = await extractDocument(fixture("wechat.html"), { fileName: "page.txt" });
    expect(pageAsTxt.warnings[0]).toBe("文件名为 .txt，但内容是网页，已按网页读取。");
    expect(pageAsTxt.blocks.some((b) => b.text.includes("<"))).toBe(false);
    // No extension at all (a download): the content decides, silently.
    expect((await extractDocument(fixture("newsletter.pdf"), { fileName: "download" })).warnings).toEqual([]);
    expect(extensionForContent(fixture("heading-styles.docx"))).toBe("docx");
    expect(extensionForContent(fixture("wechat.html"))).toBe("html");
    expect(extensionForContent(fixture("roundup-gbk.txt"))).toBe("txt");
    expect(extensionForContent(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toBeUndefined();
  });

  it("sniffs formats from the first bytes", () => {
    expect(sniffFormat(new Uint8Array())).toBe("empty");
    expect(sniffFormat(fixture("newsletter.pdf"))).toBe("pdf");
    expect(sniffFormat(fixture("heading-styles.docx"))).toBe("docx");
    expect(sniffFormat(fixture("news-page.html"))).toBe("html");
    expect(sniffFormat(utf8("\uFEFF<!DOCTYPE html><html></html>"))).toBe("html");
    expect(sniffFormat(utf8("<!-- saved --><html lang=zh>"))).toBe("html");
    expect(sniffFormat(utf8("会上讲到 <html> 标签。"))).toBe("text");
    expect(sniffFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toBe("zip");
    expect(sniffFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe("ole");
    expect(sniffFormat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).toBe("binary");
  });

  it("refuses what it cannot read with a message saying what to send", async () => {
    expect((await refused(fixture("heading-styles.docx"), "a.xlsx")).userMessage).toBe(
      "暂不支持 .xlsx 文件。请发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。",
    );
    expect((await refused(utf8("text"), "a.doc")).userMessage).toBe("这是旧版 Word（.doc）格式的文件，无法读取。请在 Word 或 WPS 中另存为 .docx 后再发送。");
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await refused(ole, "a.docx")).userMessage).toContain("旧版 Word（.doc）");
    expect((await refused(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "a.docx")).userMessage).toBe(
      "这是一个压缩包，不是 Word 文档。请解压后逐个发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。",
    );
    expect((await refused(new Uint8Array(), "a.pdf")).userMessage).toBe("文件是空的，请确认后重新发送。");
    expect((await refused(utf8("\n  \n"), "a.txt")).userMessage).toBe("文件是空的，请确认后重新发送。");
    expect((await refused(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), "a.txt")).userMessage).toBe(
      "这个文件名为纯文本（.txt/.md），但内容不是文字。请确认文件后重新发送。",
    );
    expect((await refused(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), "noext")).userMessage).toContain("无法识别这个文件的格式");
    // An HTML error page saved as .pdf is refused, not read as a page.
    expect((await refused(fixture("news-page.html"), "a.pdf")).userMessage).toBe("这个文件名为 .pdf，但内容不是 PDF。请确认文件后重新发送。");
    expect((await refused(fixture("scan.pdf"), "scan.pdf")).userMessage).toContain("没有文字层");
  });
});
