/**
 * The limits on what one untrusted document may cost (src/corpus/extract/limits.ts): hostile
 * files generated small (test/support/hostile-docs.ts) against limits shrunk to match, each
 * refused with the message that names its real cause; and the isolated reader's own bounds —
 * the deadline, the memory watchdog, the heap cap — after which the next document reads fine.
 */
import { afterAll, describe, expect, it } from "vitest";
import { DocumentLimitError } from "../src/corpus/extract/errors.ts";
import { LIMIT_MESSAGES } from "../src/messages/documents.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { EXTRACT_LIMITS, processLimits, type ExtractLimits } from "../src/corpus/extract/limits.ts";
import { loadConfig } from "./support/config.ts";
import { createIsolatedReader, type IsolatedReader } from "../src/corpus/isolated-reader.ts";
import { fixture } from "./extract.support.ts";
import { bigHtml, docxBomb, docxOf, manyParagraphsDocx, nestedHtml, pdfBlankBomb, pdfTextBomb } from "./support/hostile-docs.ts";

const MB = 1024 * 1024;
const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

async function refusedWith(bytes: Uint8Array, fileName: string, limits: Partial<ExtractLimits>): Promise<string> {
  const err: unknown = await extractDocument(bytes, { fileName, limits }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DocumentLimitError);
  return (err as DocumentLimitError).userMessage;
}

describe("limits on unpacked content, checked before a library inflates it", () => {
  it("a Word bomb is refused by the size its document.xml declares", async () => {
    const bomb = await docxBomb(3 * MB);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await refusedWith(bomb, "bomb.docx", { zipEntryBytes: 2 * MB })).toBe("这个文件解压后超过 2 MB，无法收录。请拆分成较小的文件后再发送。");
  });

  it("a Word bomb that lies about its size is stopped as it inflates", async () => {
    // One huge paragraph: no paragraph count gives it away, only its inflated bytes.
    const bomb = await docxOf({ repeat: "文字".repeat(1000), times: 600, head: "<w:p><w:r><w:t>", declaredSize: 1000 });
    expect(await refusedWith(bomb, "lying.docx", { zipEntryBytes: 2 * MB })).toBe(LIMIT_MESSAGES.unpacked(2));
  });

  it("a Word document of too many paragraphs is refused before mammoth converts it", async () => {
    expect(await refusedWith(await manyParagraphsDocx(500), "many.docx", { paragraphs: 100 })).toBe("这个文件超过 100 段，无法收录。请拆分成较小的文件后再发送。");
  });

  it("any document of too many paragraphs or characters is refused once extracted", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `第${i + 1}行，正文内容。`).join("\n");
    expect(await refusedWith(utf8(lines), "lines.txt", { paragraphs: 20 })).toBe(LIMIT_MESSAGES.paragraphs(20));
    expect(await refusedWith(utf8(lines), "lines.txt", { textChars: 100 })).toBe("这个文件的文字超过 100 字，无法收录。请拆分成较小的文件后再发送。");
    expect(LIMIT_MESSAGES.textChars(3_000_000)).toBe("这个文件的文字超过 300 万字，无法收录。请拆分成较小的文件后再发送。");
  });

  it("a PDF flate bomb is refused before pdf.js inflates it", async () => {
    const bomb = await pdfBlankBomb(3 * MB);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await refusedWith(bomb, "bomb.pdf", { pdfStreamBytes: 1 * MB })).toBe("这个文件解压后超过 1 MB，无法收录。请拆分成较小的文件后再发送。");
    expect(await refusedWith(bomb, "bomb.pdf", { pdfInflatedBytes: 2 * MB })).toBe(LIMIT_MESSAGES.unpacked(2));
  });

  it("a PDF of too many pages, or whose text inflates to too many pieces, is refused", async () => {
    expect(await refusedWith(fixture("newsletter.pdf"), "long.pdf", { pdfPages: 1 })).toBe("这个 PDF 共 3 页，超过 1 页的上限，无法收录。请拆分成较小的文件后再发送。");
    expect(await refusedWith(await pdfTextBomb(3000), "pieces.pdf", { pdfTextItems: 1000 })).toBe(
      "这个 PDF 解压后的文字内容过多，无法收录。请重新导出或拆分成较小的文件后再发送。",
    );
    // The reading was abandoned, not finished: the next PDF is read by a fresh thread.
    expect((await extractDocument(fixture("newsletter.pdf"), { fileName: "ok.pdf" })).blocks.length).toBeGreaterThan(5);
  });

  it("a web page too large, nested too deep or with too many elements is refused before it is parsed", async () => {
    expect(await refusedWith(utf8(bigHtml(2 * MB)), "big.html", { htmlBytes: 1 * MB })).toBe(
      "这个网页文件超过 1 MB，无法收录。请只保存文章正文，或把正文复制到 Word 文档后再发送。",
    );
    expect(await refusedWith(utf8(nestedHtml(5000)), "deep.html", {})).toBe("这个网页的标签嵌套超过 2000 层，结构异常，无法收录。请把正文复制到 Word 文档后再发送。");
    expect(await refusedWith(utf8(bigHtml(200_000)), "wide.html", { htmlElements: 1000 })).toBe(
      "这个网页的元素超过 1000 个，结构过于复杂，无法收录。请把正文复制到 Word 文档后再发送。",
    );
  });
});

describe("DOCUMENT_LIMITS", () => {
  it("overrides the defaults for the process, and a bad value stops start-up naming the variable", () => {
    expect(processLimits({ DOCUMENT_LIMITS: "timeoutMs=30000, heapMb=256" })).toMatchObject({ timeoutMs: 30_000, heapMb: 256, zipEntryBytes: 64 * MB });
    expect(processLimits({})).toEqual(EXTRACT_LIMITS);
    expect(() => loadConfig({ DOCUMENT_LIMITS: "heap=1" })).toThrow(/DOCUMENT_LIMITS: must be name=value pairs/);
    expect(() => loadConfig({ DOCUMENT_LIMITS: "timeoutMs=-5" })).toThrow(/DOCUMENT_LIMITS/);
  });
});

// Each test starts a reader thread of its own and drives it to a limit (slow: left out of `npm test`);
// seconds on a loaded 2-core machine, so a generous bound: nothing here measures time (the deadline is fired by hand).
describe("the isolated reader", { tags: ["slow"], timeout: 90_000 }, () => {
  const readers: IsolatedReader[] = [];
  const reader = (opts: Parameters<typeof createIsolatedReader>[0]) => {
    const r = createIsolatedReader(opts);
    readers.push(r);
    return r;
  };
  afterAll(async () => {
    for (const r of readers) await r.close();
  });
  const job = (bytes: Uint8Array, file: string) => ({ bytes, file, mtimeMs: Date.parse("2026-01-05T00:00:00Z") });
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e as DocumentLimitError,
    );

  it("reads a document apart from this thread; abandons one still being read at its deadline, and reads the next", async () => {
    // The deadline is fired by hand, on the tick after it is armed: no race with a wall clock on a loaded machine.
    let fireNow = false;
    const armed: number[] = [];
    const r = reader({
      deadline: (fire, ms) => {
        armed.push(ms);
        if (fireNow) queueMicrotask(fire);
        return () => undefined;
      },
    });
    const read = await r.read(job(fixture("heading-styles.docx"), "简报.docx"));
    expect(read.article.sourceFile).toBe("简报.docx");
    expect(read.doc.blocks.length).toBeGreaterThan(5);
    expect(read.textHash).toMatch(/^[0-9a-f]{32}$/);
    fireNow = true;
    const err = await refusal(r.read(job(await pdfTextBomb(50_000), "slow.pdf")));
    fireNow = false;
    expect(err).toBeInstanceOf(DocumentLimitError);
    expect(err?.userMessage).toBe("读取这个文件超过 60 秒仍未完成，已停止。文件可能过大或结构异常，请拆分或重新导出后再发送。");
    expect((await r.read(job(fixture("wechat.html"), "ok.html"))).doc.blocks.length).toBeGreaterThan(5);
    // Each document's deadline was armed once, at the default limit.
    expect(armed).toEqual([60_000, 60_000, 60_000]);
  });

  it("stops a document whose reading makes the process's memory grow past the limit", async () => {
    let samples = 0;
    // The first sample is the baseline; every later one is a gigabyte above it.
    const r = reader({ rss: () => (samples++ === 0 ? 100 * MB : 1200 * MB), watchEveryMs: 5 });
    // Any document will do: the watchdog looks at the process, not at what the thread reads.
    const err = await refusal(r.read(job(fixture("heading-styles.docx"), "grows.docx")));
    expect(err?.userMessage).toBe("读取这个文件所需的内存超过上限（解压后内容过大），已停止。请拆分成较小的文件后再发送。");
  });

  it("a thread that runs out of its heap refuses the document, not the process", async () => {
    const r = reader({ limits: { heapMb: 24, paragraphs: 1_000_000 } });
    const err = await refusal(r.read(job(await manyParagraphsDocx(60_000), "heap.docx")));
    expect(err?.userMessage).toBe(LIMIT_MESSAGES.memory);
  });
});
