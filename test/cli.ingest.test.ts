import { copyFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli.ts";
import { createIngestCli, type IngestDeps } from "../src/cli/ingest.ts";
import type { CliCommand, CliIO } from "../src/cli/types.ts";
import type { ExtractInfo } from "../src/corpus/blocks.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { fixture } from "./extract.support.ts";
import { startDocServer, type DocServer } from "./support/doc-server.ts";
import { tempDataDir } from "./support/spawn-app.ts";

const DOCS = new URL("fixtures/docs/", import.meta.url);
const docPath = (name: string) => new URL(name, DOCS).pathname;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let env: NodeJS.ProcessEnv;

function io(): { io: CliIO; out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on("data", (d: Buffer) => out.push(d.toString()));
  stderr.on("data", (d: Buffer) => err.push(d.toString()));
  return { io: { stdin: Readable.from([]), stdout, stderr, env }, out: () => out.join(""), err: () => err.join("") };
}

async function cli(...argv: string[]): Promise<Ran> {
  const s = io();
  const code = await runCli(argv, s.io);
  return { code, stdout: s.out(), stderr: s.err() };
}

/** The ingest command with injected dependencies (a counting extractor, short download limits). */
async function ingestWith(deps: IngestDeps, ...args: string[]): Promise<Ran> {
  const s = io();
  const command: CliCommand = createIngestCli(deps);
  const code = await command.run(args, s.io);
  return { code, stdout: s.out(), stderr: s.err() };
}

function counting(): { calls: string[]; extract: IngestDeps["extract"] } {
  const calls: string[] = [];
  return {
    calls,
    extract: (bytes: Uint8Array, info: ExtractInfo) => {
      calls.push(info.fileName);
      return extractDocument(bytes, info);
    },
  };
}

interface UnitRow {
  id: string;
  unit: string;
  sourceFile: string | null;
  publishedAt: string | null;
}

const units = async () => JSON.parse((await cli("units", "--json")).stdout) as UnitRow[];
const articleFiles = async () => (await readdir(join(dir, "articles"))).sort();

beforeEach(async () => {
  // The bundled newsletter with its cache: each test parses only what it ingests.
  dir = tempDataDir();
  // The download server is on loopback, which `ingest <url>` refuses unless the operator allows it.
  env = { LOG_LEVEL: "silent", DATA_DIR: dir, INGEST_ALLOWED_HOSTS: "127.0.0.1" };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("cli ingest <file|dir>", () => {
  it("ingests Word, PDF and web pages; their units appear in units --json", async () => {
    const r = await cli("ingest", docPath("heading-styles.docx"), docPath("newsletter.pdf"), docPath("news-page.html"));
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => /^(收录|替换|已收录)/.test(l))).toEqual(["收录 heading-styles.docx", "收录 newsletter.pdf", "收录 news-page.html"]);
    expect(lines).toContain("news-page.html  《桂溪镇人大主席团开展“四季议事”专题询问》  日期：2025-06-12（文中日期）");
    expect(lines.at(-1)).toBe(`4 篇文章，13 个单位 → ${join(dir, "cache")}`);
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt", "heading-styles.docx", "news-page.html", "newsletter.pdf"]);
    const rows = await units();
    const of = (file: string) => rows.filter((u) => u.sourceFile === file);
    expect(of("heading-styles.docx").map((u) => u.unit)).toEqual(expect.arrayContaining(["石桥镇人大主席团", "柳塘街道人大工委", "云岭乡人大主席团"]));
    expect(of("newsletter.pdf").map((u) => u.unit)).toEqual(expect.arrayContaining(["石桥镇人大主席团", "柳塘街道人大工委", "云岭乡人大主席团"]));
    expect(of("news-page.html")).toEqual([expect.objectContaining({ unit: "桂溪镇人大主席团", publishedAt: "2025-06-12T00:00:00.000Z" })]);
    // Documents without a date of their own are undated (null), not dated by their file's time.
    for (const row of rows) expect(row.publishedAt === null || /^\d{4}-\d\d-\d\dT/.test(row.publishedAt)).toBe(true);
    expect(of("000_69318127c2583019.txt").map((u) => u.publishedAt)).toEqual(of("000_69318127c2583019.txt").map(() => null));
  });

  it("ingests a GBK text file", async () => {
    const r = await cli("ingest", docPath("roundup-gbk.txt"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("roundup-gbk.txt  《青禾县基层人大工作典型案例》");
    expect((await units()).filter((u) => u.sourceFile === "roundup-gbk.txt").map((u) => u.unit)).toEqual(["石桥镇人大主席团", "柳塘街道人大工委", "云岭乡人大主席团"]);
  });

  it("reports the same document twice as already ingested, stores no copy and adds no case for it", async () => {
    await cli("ingest", docPath("wechat.html"));
    const dry = await cli("ingest", "--dry-run", docPath("wechat-gbk.html"));
    expect(dry.stdout.split("\n")[0]).toBe("（试运行）已收录，与 wechat.html 相同：wechat-gbk.html（不会保存，不重复收录）");
    const again = await cli("ingest", docPath("wechat.html"), docPath("wechat-gbk.html"));
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n").slice(0, 2)).toEqual(["已收录，与 wechat.html 相同（内容未变）", "已收录，与 wechat.html 相同：wechat-gbk.html（未保存这份文件，不重复收录）"]);
    // The GBK copy is not stored, so no later start warns about a duplicate.
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt", "wechat.html"]);
    const rebuilt = await cli("ingest");
    expect(rebuilt.stdout).not.toContain("未收录");
    expect((await units()).filter((u) => u.sourceFile === "wechat.html").length).toBeGreaterThan(0);
  });

  it("a directory: every supported file; a broken one is reported, the rest loads (exit 1)", async () => {
    const src = join(dir, "incoming");
    await mkdir(src);
    await copyFile(docPath("bold-headings.docx"), join(src, "a.docx"));
    await copyFile(docPath("scan.pdf"), join(src, "scan.pdf"));
    await writeFile(join(src, "notes.xlsx"), "x");
    await writeFile(join(src, "note.txt"), "今天天气很好。\n");
    const r = await cli("ingest", src);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toContain(`无法收录 ${join(src, "scan.pdf")}：这个 PDF 没有文字层（可能是扫描件），无法读取。请发送 Word 文档或可复制文字的 PDF。`);
    expect(lines).toContain(`跳过 ${join(src, "notes.xlsx")}：不是支持的格式`);
    expect(lines).toContain("收录 a.docx");
    // A document without any unit is a warning, not a failure.
    expect(lines).toContain("  ⚠ 没有识别到任何单位：全文仍可检索，引用时注明文章和小标题");
    expect(r.stderr).toContain("scan.pdf: no text layer");
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt", "a.docx", "note.txt"]);
    expect((await cli("ask", "代表茶座")).stdout).toMatch(/^【石桥镇人大主席团 · /);
  });

  it("exit 0 for a document without units; exit 1 for a missing path or an unsupported file", async () => {
    await writeFile(join(dir, "note.md"), "今天天气很好。\n");
    expect((await cli("ingest", join(dir, "note.md"))).code).toBe(0);
    const missing = await cli("ingest", join(dir, "nope.pdf"));
    expect(missing.code).toBe(1);
    expect(missing.stdout.split("\n")[0]).toBe(`无法收录 ${join(dir, "nope.pdf")}：找不到这个文件或目录，请检查路径。`);
    expect(missing.stderr).toBe("");
    await writeFile(join(dir, "x.xlsx"), "x");
    const xlsx = await cli("ingest", join(dir, "x.xlsx"));
    expect(xlsx.code).toBe(1);
    expect(xlsx.stdout).toContain("暂不支持 .xlsx 文件。");
    expect((await cli("ingest", "--bogus")).code).toBe(2);
  });

  it("a file already in the articles directory is reported as the scan read it", async () => {
    await copyFile(docPath("news-page.html"), join(dir, "articles", "news.html"));
    await copyFile(docPath("encrypted.pdf"), join(dir, "articles", "locked.pdf"));
    const ok = await cli("ingest", join(dir, "articles", "news.html"));
    expect(ok.code).toBe(0);
    expect(ok.stdout.split("\n")[0]).toBe("收录 news.html");
    const locked = await cli("ingest", join(dir, "articles", "locked.pdf"));
    expect(locked.code).toBe(1);
    expect(locked.stdout.split("\n")[0]).toBe("未收录 locked.pdf：这个 PDF 设置了打开密码，无法读取。请取消密码后重新导出，再发送。");
    // A rebuild reports it too, and fails until it is fixed; the rest is still there.
    const rebuild = await cli("ingest");
    expect(rebuild.code).toBe(1);
    expect(rebuild.stdout).toContain("未收录 locked.pdf：这个 PDF 设置了打开密码");
    expect(rebuild.stdout.trimEnd().split("\n").at(-1)).toBe(`2 篇文章，7 个单位 → ${join(dir, "cache")}`);
  });

  it("--dry-run reports and writes nothing", async () => {
    const cacheBefore = await readdir(join(dir, "cache"), { recursive: true });
    const r = await cli("ingest", "--dry-run", docPath("newsletter.pdf"));
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("（试运行）将收录 newsletter.pdf");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("（试运行，未写入）1 篇文章，6 个单位");
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt"]);
    expect((await readdir(dir)).sort()).toEqual(["articles", "cache"]);
    expect(await readdir(join(dir, "cache"), { recursive: true })).toEqual(cacheBefore);
  });

  it("a second ingest does not extract unchanged files again", async () => {
    const first = counting();
    await ingestWith({ extract: first.extract }, docPath("newsletter.pdf"), docPath("heading-styles.docx"));
    expect(first.calls.filter((f) => !f.endsWith(".txt")).sort()).toEqual(["heading-styles.docx", "newsletter.pdf"]);
    const second = counting();
    const r = await ingestWith({ extract: second.extract }, docPath("news-page.html"));
    expect(r.code).toBe(0);
    expect(second.calls).toEqual(["news-page.html"]);
    const rebuild = counting();
    expect((await ingestWith({ extract: rebuild.extract })).code).toBe(0);
    expect(rebuild.calls).toEqual([]);
  });
});

describe("cli remove", () => {
  it("removes by article id or file name and rebuilds; unknown is exit 1, none is usage", async () => {
    await cli("ingest", docPath("news-page.html"));
    const r = await cli("remove", "news-page_html");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^已删除 news-page\\.html《桂溪镇人大主席团开展“四季议事”专题询问》（原文件已移到 ${join(dir, "removed")}/[-\\dTZ]+_news-page\\.html）\\n1 篇文章，6 个单位 → `));
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt"]);
    expect((await units()).some((u) => u.unit === "桂溪镇人大主席团")).toBe(false);
    const unknown = await cli("remove", "news-page.html");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("没有找到文章“news-page.html”。");
    const usage = await cli("remove");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: remove /);
  });
});

describe("cli ingest <url>", () => {
  let server: DocServer;
  beforeAll(async () => {
    server = await startDocServer({
      "/wechat": (_q, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(fixture("wechat.html")),
      "/files/dl": (_q, res) =>
        res.writeHead(200, { "content-type": "application/octet-stream", "content-disposition": "attachment; filename*=UTF-8''%E9%9D%92%E7%A6%BE%E7%AE%80%E6%8A%A5.docx" }).end(fixture("bold-headings.docx")),
      "/go": (_q, res) => res.writeHead(302, { location: "/wechat" }).end(),
      "/photo": (_q, res) => res.writeHead(200, { "content-type": "image/jpeg" }).end(Buffer.alloc(8)),
      "/slow": () => undefined,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it("downloads, names and ingests documents", async () => {
    const r = await cli("ingest", server.url("/go"), server.url("/files/dl"));
    expect(r.code).toBe(0);
    const heads = r.stdout.split("\n").filter((l) => l.startsWith("收录"));
    expect(heads).toEqual([`收录 wechat.html（来自 ${server.url("/wechat")}）`, `收录 青禾简报.docx（来自 ${server.url("/files/dl")}）`]);
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt", "wechat.html", "青禾简报.docx"]);
    expect((await units()).filter((u) => u.sourceFile === "青禾简报.docx")).toHaveLength(3);
  });

  it("refuses what it must not take, with the reason, exit 1", async () => {
    const bad = await cli("ingest", server.url("/photo"), "ftp://127.0.0.1/x.pdf");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`无法收录 ${server.url("/photo")}：这个网址的内容是 image/jpeg，不是网页、PDF、Word 文档或纯文本，无法收录。`);
    expect(bad.stdout).toContain("无法收录 ftp://127.0.0.1/x.pdf：只能下载 http:// 或 https:// 开头的网址。");
    const slow = await ingestWith({ fetchOptions: { timeoutMs: 150 } }, server.url("/slow"));
    expect(slow.code).toBe(1);
    expect(slow.stdout).toContain("下载超时");
    expect(await articleFiles()).toEqual(["000_69318127c2583019.txt"]);
  });
});
