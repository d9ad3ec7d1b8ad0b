import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExtractInfo } from "../src/corpus/blocks.ts";
import { manifestPath } from "../src/corpus/cache.ts";
import { createCollection, MAX_DOCUMENT_BYTES, safeFileName } from "../src/corpus/collection.ts";
import type { Collection } from "../src/corpus/collection-types.ts";
import { UnreadableDocumentError } from "../src/corpus/extract/errors.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { UserInputError } from "../src/errors.ts";
import { fixture } from "./extract.support.ts";

const NOW = new Date("2026-03-02T09:30:00.000Z");
const BUNDLED = "000_69318127c2583019.txt";
const text = (s: string) => new TextEncoder().encode(s);
const NEWS = "# 新的典型案例\n\n某某县人大常委会\n\n创新代表联络方式\n\n今年以来，某某县人大常委会推行“代表夜访”制度。\n";

let dir: string;
let articles: string;
let calls: string[];
let collection: Collection;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casebot-collection-"));
  articles = join(dir, "articles");
  await cp("data/articles", articles, { recursive: true });
  calls = [];
  const extract = (bytes: Uint8Array, info: ExtractInfo) => {
    calls.push(info.fileName);
    return extractDocument(bytes, info);
  };
  collection = createCollection({ articlesDir: articles, dataDir: dir, now: () => NOW, extract });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const files = async () => (await readdir(articles)).sort();

describe("collection.addDocument", () => {
  it("stores a Word document and reports its units; the next scan does not extract it again", async () => {
    const modifiedAt = new Date("2025-05-20T08:00:00.000Z");
    const r = await collection.addDocument({ fileName: "简报.docx", bytes: fixture("heading-styles.docx"), modifiedAt });
    expect(r).toMatchObject({ status: "added", file: "简报.docx", dryRun: false });
    expect(r.article.cases.filter((c) => c.unit).map((c) => c.unit)).toEqual(["石桥镇人大主席团", "柳塘街道人大工委", "云岭乡人大主席团"]);
    expect(r.article.publishedAt).toBeUndefined(); // no date in the text: undated, whatever the file's time
    expect(await files()).toEqual([BUNDLED, "简报.docx"]);
    expect((await stat(join(articles, "简报.docx"))).mtime.toISOString()).toBe(modifiedAt.toISOString());
    calls.length = 0;
    const { library, scan } = await collection.open();
    expect(calls).toEqual([]);
    expect(scan.stats.cache).toBe(2);
    expect(library.articles.map((a) => a.sourceFile).sort()).toEqual([BUNDLED, "简报.docx"]);
  });

  it("a dry run reports and writes nothing", async () => {
    const r = await collection.addDocument({ fileName: "n.pdf", bytes: fixture("newsletter.pdf") }, { dryRun: true });
    expect(r).toMatchObject({ status: "added", file: "n.pdf", dryRun: true });
    expect(r.article.cases.filter((c) => c.unit)).toHaveLength(3);
    expect(await files()).toEqual([BUNDLED]);
    await expect(stat(manifestPath(collection.cacheDir))).rejects.toThrow();
  });

  it("recognises the same text under another name, in another format", async () => {
    await collection.addDocument({ fileName: "newsletter.pdf", bytes: fixture("newsletter.pdf") });
    // The GBK text fixture carries the same newsletter as the PDF.
    const r = await collection.addDocument({ fileName: "roundup.txt", bytes: fixture("roundup-gbk.txt") });
    expect(r).toMatchObject({ status: "duplicate", duplicateOf: "newsletter.pdf", file: "roundup.txt" });
    const again = await collection.addDocument({ fileName: "newsletter.pdf", bytes: fixture("newsletter.pdf") });
    expect(again).toMatchObject({ status: "duplicate", duplicateOf: "newsletter.pdf" });
    // The copy is not stored: no second set of cases, and no warning about it at the next start.
    expect(await files()).toEqual([BUNDLED, "newsletter.pdf"]);
    const { library, scan } = await collection.open();
    expect(library.articles.map((a) => a.sourceFile).sort()).toEqual([BUNDLED, "newsletter.pdf"]);
    expect(scan.skipped).toEqual([]);
  });

  it("replaces a changed file of the same name and keeps the old version aside", async () => {
    await collection.addDocument({ fileName: "news.md", bytes: text(NEWS) });
    const changed = NEWS.replace("某某县", "另一县").replaceAll("某某县", "另一县");
    const r = await collection.addDocument({ fileName: "news.md", bytes: text(changed) });
    expect(r.status).toBe("replaced");
    expect(r.replaced?.file).toBe("news.md");
    expect(r.replaced?.article?.cases[0]!.unit).toBe("某某县人大常委会");
    expect(r.replaced?.keptAt).toBe(join(dir, "removed", "2026-03-02T09-30-00-000Z_news.md"));
    expect(await readFile(r.replaced!.keptAt!, "utf8")).toBe(NEWS);
    expect(r.article.cases[0]!.unit).toBe("另一县人大常委会");
    const { library } = await collection.open();
    expect(library.units.map((u) => u.unit)).toContain("另一县人大常委会");
    expect(library.units.map((u) => u.unit)).not.toContain("某某县人大常委会");
  });

  it("two files of one name but different extensions are two articles", async () => {
    await collection.addDocument({ fileName: "news.md", bytes: text(NEWS) });
    const r = await collection.addDocument({ fileName: "news.txt", bytes: text(NEWS.replaceAll("某某县", "第三县")) });
    expect(r.status).toBe("added");
    const { library } = await collection.open();
    expect(library.articles.map((a) => a.id).sort()).toEqual(["000_69318127c2583019", "news", "news_md"]);
  });

  it("a document that cannot be read changes nothing", async () => {
    await collection.open();
    const before = await readFile(manifestPath(collection.cacheDir), "utf8");
    const error = await collection.addDocument({ fileName: "scan.pdf", bytes: fixture("scan.pdf") }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableDocumentError);
    expect((error as UnreadableDocumentError).userMessage).toContain("没有文字层");
    const tooBig = await collection.addDocument({ fileName: "big.pdf", bytes: new Uint8Array(MAX_DOCUMENT_BYTES + 1) }).catch((e: unknown) => e);
    expect((tooBig as UnreadableDocumentError).userMessage).toBe("文件超过 20 MB，无法收录。请压缩其中的图片或拆分文档后再发送。");
    // A text file has no images to compress: it can only be split.
    const bigText = await collection.addDocument({ fileName: "汇编.txt", bytes: new Uint8Array(50 * 1024 * 1024).fill(0x41) }).catch((e: unknown) => e);
    expect((bigText as UnreadableDocumentError).userMessage).toBe("文件超过 20 MB，无法收录。请把它拆分成几个较小的文本文件后再发送。");
    const xlsx = await collection.addDocument({ fileName: "表.xlsx", bytes: fixture("heading-styles.docx") }).catch((e: unknown) => e);
    expect((xlsx as UnreadableDocumentError).userMessage).toMatch(/^暂不支持 \.xlsx 文件/);
    expect(await files()).toEqual([BUNDLED]);
    expect(await readFile(manifestPath(collection.cacheDir), "utf8")).toBe(before);
  });

  it("a document without any unit is stored, with the warning in its report", async () => {
    const r = await collection.addDocument({ fileName: "note.txt", bytes: text("今天天气很好，大家注意防暑。\n") });
    expect(r.status).toBe("added");
    expect(r.article.report.warnings).toContain("没有识别到任何单位：全文仍可检索，引用时注明文章和小标题");
  });

  it("cleans file names, and names a file without an extension by its content", async () => {
    expect(safeFileName("../../etc/cron.d/x.txt")).toBe("x.txt");
    expect(safeFileName("..\\a\u0000b:c.md")).toBe("a_b_c.md");
    expect(safeFileName(".hidden.txt")).toBe("hidden.txt");
    // Capped in bytes (255, what file systems allow), not characters, with the extension kept.
    const long = safeFileName("长".repeat(200) + ".docx");
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(255);
    expect(long).toBe("长".repeat(83) + ".docx");
    expect(safeFileName("😀".repeat(100) + ".pdf")).toBe("😀".repeat(62) + ".pdf"); // never half a character
    const r = await collection.addDocument({ fileName: "../../outside.md", bytes: text(NEWS) });
    expect(r.file).toBe("outside.md");
    const page = await collection.addDocument({ fileName: "download", bytes: fixture("news-page.html") });
    expect(page.file).toBe("download.html");
    expect(await files()).toEqual([BUNDLED, "download.html", "outside.md"]);
  });

  it("stores a document under a long Chinese name (over 255 bytes as sent), and replaces it under the same name", async () => {
    const sent = `${"关于进一步加强和改进新时代人大代表工作的若干意见的贯彻落实情况报告".repeat(3)}.md`;
    expect(Buffer.byteLength(sent)).toBeGreaterThan(255);
    const r = await collection.addDocument({ fileName: sent, bytes: text(NEWS) });
    expect(r.status).toBe("added");
    expect(Buffer.byteLength(r.file)).toBeLessThanOrEqual(255);
    expect(r.file.endsWith(".md")).toBe(true);
    expect((await collection.addDocument({ fileName: sent, bytes: text(NEWS + "补充一段。\n") })).status).toBe("replaced");
  });

  it("names documents sent without a name by their content: two never replace each other", async () => {
    const a = await collection.addDocument({ fileName: "", bytes: text(NEWS) });
    const b = await collection.addDocument({ fileName: "", bytes: fixture("news-page.html") });
    expect(a.status).toBe("added");
    expect(b.status).toBe("added");
    expect(a.file).toMatch(/^document-[0-9a-f]{8}\.txt$/);
    expect(b.file).toMatch(/^document-[0-9a-f]{8}\.html$/);
    expect((await collection.addDocument({ fileName: "", bytes: text(NEWS) })).status).toBe("duplicate");
  });

  it("refuses a name whose article id is taken by another file", async () => {
    await collection.addDocument({ fileName: "a b.md", bytes: text(NEWS) });
    const error = await collection.addDocument({ fileName: "a_b.md", bytes: text(NEWS.replaceAll("某某县", "第三县")) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).userMessage).toBe("“a_b.md”与已收录的 a b.md 文章编号相同（a_b_md），请改个文件名再发送。");
  });

  it("runs concurrent additions of one name one after the other", async () => {
    const [a, b] = await Promise.all([
      collection.addDocument({ fileName: "news.md", bytes: text(NEWS) }),
      collection.addDocument({ fileName: "news.md", bytes: text(NEWS.replaceAll("某某县", "第三县")) }),
    ]);
    expect([a.status, b.status]).toEqual(["added", "replaced"]);
    expect(await readFile(join(articles, "news.md"), "utf8")).toContain("第三县");
  });
});

describe("collection.removeDocument and listDocuments", () => {
  it("removes by article id or file name, keeping the original aside", async () => {
    await collection.addDocument({ fileName: "news.md", bytes: text(NEWS) });
    await collection.addDocument({ fileName: "gbk.txt", bytes: new Uint8Array(iconv.encode(NEWS.replaceAll("某某县", "第三县"), "gbk")) });
    const byId = await collection.removeDocument("news_md");
    expect(byId).toMatchObject({ file: "news.md", keptAt: join(dir, "removed", "2026-03-02T09-30-00-000Z_news.md") });
    expect(byId.article?.title).toBe("新的典型案例");
    const byName = await collection.removeDocument("gbk.txt");
    expect(byName.article?.cases[0]!.unit).toBe("第三县人大常委会");
    expect(await files()).toEqual([BUNDLED]);
    const { library } = await collection.open();
    expect(library.articles.map((a) => a.sourceFile)).toEqual([BUNDLED]);
  });

  it("says what it could not find", async () => {
    const error = await collection.removeDocument("nope").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).userMessage).toBe(`没有找到文章“nope”。可用文章编号或文件名，例如 000_69318127c2583019 或 ${BUNDLED}。`);
  });

  it("with ARTICLES_DIR = DATA_DIR, the cache and removed originals are no sources", async () => {
    const flat = createCollection({ articlesDir: dir, dataDir: dir, now: () => NOW });
    await flat.addDocument({ fileName: "news.md", bytes: text(NEWS) });
    await flat.addDocument({ fileName: "news.md", bytes: text(NEWS.replaceAll("某某县", "第三县")) });
    await flat.removeDocument("news.md");
    const { library } = await flat.open();
    expect(library.articles.map((a) => a.sourceFile)).toEqual([join("articles", BUNDLED)]);
    // Both versions kept, though replaced and removed in the same millisecond.
    expect((await readdir(join(dir, "removed"))).sort()).toEqual(["2026-03-02T09-30-00-000Z-2_news.md", "2026-03-02T09-30-00-000Z_news.md"]);
  });

  it("lists every document with its status", async () => {
    await collection.addDocument({ fileName: "news.md", bytes: text(NEWS) });
    await writeFile(join(articles, "scan.pdf"), fixture("scan.pdf"));
    await writeFile(join(articles, "copy.md"), NEWS);
    const list = await collection.listDocuments();
    expect(list.map((d) => [d.file, d.id, d.status, d.units, d.reason ?? ""])).toEqual([
      [BUNDLED, "000_69318127c2583019", "ok", 6, ""],
      ["copy.md", "copy_md", "duplicate", 1, "与 news.md 内容相同"],
      ["news.md", "news_md", "ok", 1, ""],
      ["scan.pdf", "scan_pdf", "failed", 0, "这个 PDF 没有文字层（可能是扫描件），无法读取。请发送 Word 文档或可复制文字的 PDF。"],
    ]);
    expect(list[2]).toMatchObject({ title: "新的典型案例", publishedAt: undefined, modifiedAt: NOW.toISOString() });
  });
});
