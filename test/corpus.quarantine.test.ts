/**
 * Start-up survives anything in the articles directory: a document over its limits (or one the
 * process died reading, twice) is moved to $DATA_DIR/quarantine/ with a note, never read again,
 * listed in /文档 and by `cli ingest`, and the rest of the library loads.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ExtractInfo } from "../src/corpus/blocks.ts";
import { cacheDirOf, sha256 } from "../src/corpus/cache.ts";
import { createCollection } from "../src/corpus/collection.ts";
import { ReaderThreadError } from "../src/corpus/extract/errors.ts";
import { LIMIT_MESSAGES, QUARANTINE_TEXT } from "../src/messages/documents.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { quarantineDirOf } from "../src/corpus/quarantine.ts";
import { readJob, type ReadJob } from "../src/corpus/reading.ts";
import { openLibrary, scanLibrary } from "../src/corpus/scan-articles.ts";
import { documentsReply } from "../src/interaction/upload-report.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { docxBomb } from "./support/hostile-docs.ts";

const MB = 1024 * 1024;
let dir: string;
let articles: string;
let cache: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casebot-quarantine-"));
  articles = join(dir, "articles");
  cache = cacheDirOf(dir);
  await cp("data/articles", articles, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The registry with a 1 MB limit on zip entries, counting what it is asked to read. */
function smallLimits() {
  const calls: string[] = [];
  const extract = (bytes: Uint8Array, info: ExtractInfo) => {
    calls.push(info.fileName);
    return extractDocument(bytes, { ...info, limits: { zipEntryBytes: MB } });
  };
  return { calls, extract };
}

const warnings = () => {
  const lines: Array<{ obj: object; msg: string }> = [];
  return { lines, warn: (obj: object, msg: string) => void lines.push({ obj, msg }) };
};

describe("quarantine", () => {
  it("moves a bomb out of the articles directory with a note; the library loads; the next start does not read it", async () => {
    await writeFile(join(articles, "炸弹.docx"), await docxBomb(2 * MB));
    const { calls, extract } = smallLimits();
    const logger = warnings();
    const { library, scan } = await openLibrary(articles, cache, { extract, logger });
    expect(library.cases.length).toBeGreaterThan(0);
    expect(scan.quarantined.map((n) => [n.file, n.reason])).toEqual([["炸弹.docx", LIMIT_MESSAGES.unpacked(1)]]);
    expect(await readdir(articles)).not.toContain("炸弹.docx");
    const kept = await readdir(quarantineDirOf(cache));
    expect(kept.filter((n) => n.endsWith("_炸弹.docx"))).toHaveLength(1);
    const note = JSON.parse(await readFile(join(quarantineDirOf(cache), kept.find((n) => n.endsWith(".note.json"))!), "utf8")) as { file: string; reason: string };
    expect(note).toMatchObject({ file: "炸弹.docx", reason: "这个文件解压后超过 1 MB，无法收录。请拆分成较小的文件后再发送。" });
    expect(logger.lines.map((l) => l.msg)).toContain("newsletter quarantined: it is not read again until it is put back into the articles directory");

    calls.length = 0;
    const again = await openLibrary(articles, cache, { extract, logger });
    expect(calls).toEqual([]);
    expect(again.source).toBe("cache");
  });

  it("lists quarantined documents in /文档 with the reason, and `cli ingest` reports them", async () => {
    await writeFile(join(articles, "炸弹.docx"), await docxBomb(2 * MB));
    const collection = createCollection({ articlesDir: articles, dataDir: dir, extract: smallLimits().extract });
    const scan = await collection.scan();
    expect(scan.quarantined).toHaveLength(1);
    const entries = await collection.listDocuments();
    expect(entries.find((e) => e.file === "炸弹.docx")).toMatchObject({ status: "quarantined", reason: LIMIT_MESSAGES.unpacked(1) });
    expect(renderPlain(documentsReply(entries, { remove: "/remove", correct: "/correct" }, true))).toContain(
      "炸弹.docx · 已隔离：这个文件解压后超过 1 MB，无法收录。请拆分成较小的文件后再发送。（文件已移到数据目录的 quarantine 文件夹）",
    );
  });

  it("a file the process died reading twice is quarantined without being read a third time", async () => {
    const bytes = new TextEncoder().encode("标题\n\n某县人大常委会：一段正文。\n");
    await writeFile(join(articles, "致命.txt"), bytes);
    await mkdir(cache, { recursive: true });
    const died = (attempts: number) => writeFile(join(cache, "reading.json"), JSON.stringify({ file: "致命.txt", sha256: sha256(bytes), attempts }));
    const { calls, extract } = smallLimits();
    // One death is not enough: a read interrupted once (a restart, a kill) is tried again.
    await died(1);
    expect((await scanLibrary(articles, { cacheDir: cache, extract })).quarantined).toEqual([]);
    expect(calls).toContain("致命.txt");
    // Forget that it was read (the manifest and the parse kept under its key) to make the scan read it again.
    await rm(join(cache, "library.json"));
    await rm(join(cache, "articles"), { recursive: true, force: true });
    await died(2);
    calls.length = 0;
    const scan = await scanLibrary(articles, { cacheDir: cache, extract });
    expect(calls).not.toContain("致命.txt");
    expect(scan.quarantined.map((n) => [n.file, n.reason])).toEqual([["致命.txt", QUARANTINE_TEXT.crashed]]);
  });

  it("a document the reader thread failed on is quarantined; a bug of the process before reading moves nothing", async () => {
    await writeFile(join(articles, "怪文件.txt"), "标题\n\n正文。\n");
    const failing = (err: Error) => async (job: ReadJob) => {
      if (job.file === "怪文件.txt") throw err;
      return readJob(job, extractDocument);
    };
    // A bug of this process (here: before any thread saw the file) must not move a library aside.
    const bug = await scanLibrary(articles, { cacheDir: cache, read: failing(new TypeError("Cannot read properties of undefined (reading 'reader')")) });
    expect(bug.quarantined).toEqual([]);
    expect(bug.skipped.map((s) => s.file)).toEqual(["怪文件.txt"]);
    expect(await readdir(articles)).toContain("怪文件.txt");
    const thread = await scanLibrary(articles, { cacheDir: cache, read: failing(new ReaderThreadError("怪文件.txt: RangeError in a library")) });
    expect(thread.quarantined.map((n) => [n.file, n.reason])).toEqual([["怪文件.txt", "读取这个文件时出错，已跳过。请把文件发给维护人员检查。"]]);
    expect(await readdir(articles)).not.toContain("怪文件.txt");
  });

  it("an ordinary refusal (a scan, a password) stays in place, as before", async () => {
    await cp("test/fixtures/docs/scan.pdf", join(articles, "扫描件.pdf"));
    const scan = await scanLibrary(articles, { cacheDir: cache, extract: smallLimits().extract });
    expect(scan.quarantined).toEqual([]);
    expect(scan.skipped.map((s) => s.file)).toEqual(["扫描件.pdf"]);
  });
});
