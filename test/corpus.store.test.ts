import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExtractInfo } from "../src/corpus/blocks.ts";
import { cacheDirOf, manifestPath, parserVersion, type ArticleFile, type Manifest } from "../src/corpus/cache.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { openLibrary, scanLibrary } from "../src/corpus/scan-articles.ts";
import { CorpusError } from "../src/errors.ts";

const DOCS = new URL("fixtures/docs/", import.meta.url);
const doc = (name: string) => new URL(name, DOCS);

let dir: string;
let articles: string;
let cache: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casebot-store-"));
  articles = join(dir, "articles");
  cache = cacheDirOf(dir);
  await cp("data/articles", articles, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The registry, counting which files it was asked to extract. */
function countingExtract() {
  const calls: string[] = [];
  const extract = (bytes: Uint8Array, info: ExtractInfo) => {
    calls.push(info.fileName);
    return extractDocument(bytes, info);
  };
  return { calls, extract };
}

/** Rewrites the cached headline of the bundled article's first case, to tell cached from parsed. */
async function markCache(): Promise<void> {
  const m = JSON.parse(await readFile(manifestPath(cache), "utf8")) as Manifest;
  const file = join(cache, "articles", `${m.sources.find((s) => s.file.startsWith("000_"))!.articleKey}.json`);
  const saved = JSON.parse(await readFile(file, "utf8")) as ArticleFile;
  saved.article.cases[0]!.headline = "来自缓存";
  await writeFile(file, JSON.stringify(saved));
}

describe("case store", () => {
  it("parses the articles when there is no cache, and writes one", async () => {
    const { library, source, scan } = await openLibrary(articles, cache);
    expect(source).toBe("articles");
    expect(library.cases).toHaveLength(6);
    expect(scan.wrote).toBe(true);
    const m = JSON.parse(await readFile(manifestPath(cache), "utf8")) as Manifest;
    expect(m.parser).toBe(parserVersion());
    expect(m.sources.map((s) => s.file)).toEqual(["000_69318127c2583019.txt"]);
  });

  it("uses the cache while it matches the article files", async () => {
    await openLibrary(articles, cache);
    await markCache();
    const { library, source, scan } = await openLibrary(articles, cache);
    expect(source).toBe("cache");
    expect(scan.wrote).toBe(false);
    expect(library.cases[0]!.headline).toBe("来自缓存");
  });

  it("reads a changed article again, and only that one", async () => {
    await copyFile(doc("news-page.html"), join(articles, "news.html"));
    await openLibrary(articles, cache);
    await markCache();
    const file = join(articles, "000_69318127c2583019.txt");
    await writeFile(file, (await readFile(file, "utf8")) + "\n补充一段文字。\n");
    const { calls, extract } = countingExtract();
    const { library, scan } = await openLibrary(articles, cache, { extract });
    expect(calls).toEqual(["000_69318127c2583019.txt"]);
    expect(scan.stats).toMatchObject({ cache: 1, extracted: 1 });
    expect(library.cases.find((c) => c.articleId === "000_69318127c2583019")!.headline).not.toBe("来自缓存");
  });

  it("a touched file with the same bytes is not extracted again", async () => {
    await copyFile(doc("newsletter.pdf"), join(articles, "newsletter.pdf"));
    await openLibrary(articles, cache);
    const later = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000); // whole seconds: utimes may round
    await utimes(join(articles, "newsletter.pdf"), later, later);
    const { calls, extract } = countingExtract();
    const { library, scan } = await openLibrary(articles, cache, { extract });
    expect(calls).toEqual([]);
    expect(scan.stats).toMatchObject({ cache: 2 });
    // Nothing in the article depends on the file's time: an undated document stays undated.
    expect(library.article("newsletter_pdf")!.publishedAt).toBeUndefined();
  });

  it("after a parser change re-parses from the cached blocks without extracting", async () => {
    await copyFile(doc("heading-styles.docx"), join(articles, "a.docx"));
    await openLibrary(articles, cache);
    const m = JSON.parse(await readFile(manifestPath(cache), "utf8")) as Manifest;
    await writeFile(manifestPath(cache), JSON.stringify({ ...m, parser: "older-parser" }));
    // Article files are keyed by the parser version: another parser finds none of them.
    await rm(join(cache, "articles"), { recursive: true });
    const { calls, extract } = countingExtract();
    const { source, scan } = await openLibrary(articles, cache, { extract });
    expect(source).toBe("articles");
    expect(calls).toEqual(["000_69318127c2583019.txt"]); // plain text is not worth caching as blocks
    expect(scan.stats).toMatchObject({ blocks: 1, extracted: 1 });
  });

  it("ignores a corrupt cache instead of failing", async () => {
    await mkdir(join(cache, "blocks"), { recursive: true });
    await writeFile(manifestPath(cache), "{not json");
    await copyFile(doc("news-page.html"), join(articles, "news.html"));
    const m = await openLibrary(articles, cache);
    const blocks = await readdir(join(cache, "blocks"));
    await writeFile(join(cache, "blocks", blocks[0]!), "garbage");
    await writeFile(manifestPath(cache), "null");
    // Without a manifest the files are read and hashed; their parses are found by key.
    const byKey = countingExtract();
    expect((await openLibrary(articles, cache, { extract: byKey.extract })).library.cases.length).toBe(m.library.cases.length);
    expect(byKey.calls).toEqual([]);
    // A corrupt article file is parsed again, like a missing one.
    for (const f of await readdir(join(cache, "articles"))) await writeFile(join(cache, "articles", f), "{\"article\":null}");
    await writeFile(manifestPath(cache), "null");
    const { calls, extract } = countingExtract();
    const again = await openLibrary(articles, cache, { extract });
    expect(calls.sort()).toEqual(["000_69318127c2583019.txt", "news.html"]);
    expect(again.library.cases.length).toBe(m.library.cases.length);
  });

  it("leaves a broken file out with a warning; the others still load", async () => {
    await copyFile(doc("scan.pdf"), join(articles, "scan.pdf"));
    await writeFile(join(articles, "broken.docx"), "PK\u0003\u0004 not really a zip");
    await copyFile(doc("news-page.html"), join(articles, "news.html"));
    const warnings: Array<{ file?: string; reason?: string }> = [];
    const logger = { warn: (obj: object) => warnings.push(obj) };
    const { library, scan } = await openLibrary(articles, cache, { logger });
    expect(library.articles.map((a) => a.sourceFile).sort()).toEqual(["000_69318127c2583019.txt", "news.html"]);
    expect(scan.skipped.map((s) => s.file).sort()).toEqual(["broken.docx", "scan.pdf"]);
    expect(warnings.map((w) => w.file).sort()).toEqual(["broken.docx", "scan.pdf"]);
    expect(scan.skipped.find((s) => s.file === "scan.pdf")!.reason).toBe("这个 PDF 没有文字层（可能是扫描件），无法读取。请发送 Word 文档或可复制文字的 PDF。");
    // The refusal is cached too: the next start does not try again.
    const { calls, extract } = countingExtract();
    await openLibrary(articles, cache, { extract });
    expect(calls).toEqual([]);
  });

  it("reads every supported format, skips other and hidden files", async () => {
    for (const f of ["heading-styles.docx", "newsletter.pdf", "wechat.html"]) await copyFile(doc(f), join(articles, f));
    await writeFile(join(articles, "notes.xlsx"), "x");
    await writeFile(join(articles, ".draft.txt"), "某某县人大常委会\n\n草稿\n");
    await writeFile(join(articles, "half.pdf.123.ab.tmp"), "x");
    const { scan } = await openLibrary(articles, cache);
    expect(scan.sources.map((s) => s.file)).toEqual(["000_69318127c2583019.txt", "heading-styles.docx", "newsletter.pdf", "wechat.html"]);
  });

  it("keeps one copy of the same text under two names, and one article per id", async () => {
    await copyFile(join(articles, "000_69318127c2583019.txt"), join(articles, "copy.md"));
    await mkdir(join(articles, "2025"));
    await writeFile(join(articles, "2025", "000_69318127c2583019.txt"), "某某县人大常委会\n\n另一篇同名的稿子。\n");
    const { library, scan } = await openLibrary(articles, cache);
    expect(library.articles.map((a) => a.sourceFile)).toEqual(["000_69318127c2583019.txt"]);
    expect(scan.skipped).toEqual([
      { file: "2025/000_69318127c2583019.txt", reason: "与 000_69318127c2583019.txt 的文章编号相同（000_69318127c2583019），未收录；请给其中一个改名" },
      { file: "copy.md", reason: "与 000_69318127c2583019.txt 内容相同，未重复收录" },
    ]);
  });

  it("prunes cached blocks of files that are gone", async () => {
    await copyFile(doc("newsletter.pdf"), join(articles, "n.pdf"));
    await openLibrary(articles, cache);
    expect(await readdir(join(cache, "blocks"))).toHaveLength(1);
    await rm(join(articles, "n.pdf"));
    await openLibrary(articles, cache);
    expect(await readdir(join(cache, "blocks"))).toEqual([]);
  });

  it("without a cache directory reads everything and writes nothing", async () => {
    const scan = await scanLibrary(articles);
    expect(scan.articles).toHaveLength(1);
    expect(scan.wrote).toBe(false);
    await expect(readdir(cache)).rejects.toThrow();
  });

  it("explains an empty or missing articles directory", async () => {
    await expect(openLibrary(join(dir, "missing"), cache)).rejects.toThrow(CorpusError);
    await rm(articles, { recursive: true });
    await mkdir(articles);
    await writeFile(join(articles, "x.txt"), "  \n");
    await expect(openLibrary(articles, cache)).rejects.toThrow(/No text found .*x\.txt: 文件是空的/);
  });

  it("keeps a newsletter without unit headings searchable as the article's own text", async () => {
    await rm(articles, { recursive: true });
    await mkdir(articles);
    await writeFile(join(articles, "x.txt"), "没有单位标题的文字。\n");
    const { library } = await openLibrary(articles, cache);
    expect(library.cases).toEqual([]);
    expect(library.allCases.map((c) => [c.unit, c.paragraphs.map((p) => p.text)])).toEqual([["", ["没有单位标题的文字。"]]]);
  });
});
