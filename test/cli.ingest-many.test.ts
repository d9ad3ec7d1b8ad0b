import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createIngestCli } from "../src/cli/ingest.ts";
import { createProgress } from "../src/cli/progress.ts";
import type { ExtractInfo } from "../src/corpus/blocks.ts";
import { manifestPath } from "../src/corpus/cache.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { syntheticNewsletters } from "./support/newsletters.ts";
import { tempDataDir } from "./support/spawn-app.ts";

let dir: string;

beforeEach(() => {
  dir = tempDataDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ingest(args: string[], extract: (bytes: Uint8Array, info: ExtractInfo) => ReturnType<typeof extractDocument>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  const code = await createIngestCli({ extract }).run(args, { stdin: Readable.from([]), stdout, stderr, env: { LOG_LEVEL: "silent", DATA_DIR: dir } });
  return { code, stdout: out, stderr: err };
}

describe("cli ingest of a directory of many newsletters", () => {
  it("reads each document once, keeps duplicates out, writes the manifest once with every source, and ends with a summary line", async () => {
    const src = join(dir, "incoming");
    await mkdir(src);
    const docs = [...syntheticNewsletters(24, 5)];
    for (const d of docs) await writeFile(join(src, d.fileName), d.text);
    // The same text under a second name, inside the same batch.
    await writeFile(join(src, "zz-copy.txt"), docs[3]!.text);
    const calls: string[] = [];
    const r = await ingest([src], (bytes, info) => {
      calls.push(info.fileName);
      return extractDocument(bytes, info);
    });
    expect(r.code).toBe(0);
    expect(calls).toHaveLength(25); // every document read exactly once, none again after storing it
    expect(r.stdout).toContain(`已收录，与 ${docs[3]!.fileName} 相同：zz-copy.txt`);
    expect(r.stdout.trim().split("\n").at(-1)).toMatch(/^25 篇文章，126 个单位 → /); // the bundled newsletter and 24 of 5 units each
    expect(r.stderr).toMatch(/^处理 25\/25 篇，用时 \d+ 秒（每秒 [\d.]+ 篇）\n$/);
    const manifest = JSON.parse(await readFile(manifestPath(join(dir, "cache")), "utf8")) as { sources: Array<{ file: string; article?: unknown; duplicateOf?: string }> };
    // The duplicate is not stored: 24 newsletters and the bundled one.
    expect(manifest.sources).toHaveLength(25);
    expect(manifest.sources.some((s) => s.file === "zz-copy.txt")).toBe(false);
    // Articles live in files of their own: the manifest stays small whatever the library holds.
    expect(manifest.sources.some((s) => "article" in s)).toBe(false);
  });
});

describe("ingest progress", () => {
  it("on a terminal redraws count, rate and time left in place; the summary ends it", () => {
    let t = 0;
    let written = "";
    const stream = new PassThrough();
    stream.on("data", (d: Buffer) => (written += d.toString()));
    const p = createProgress({ total: 100, stream, tty: true, now: () => t });
    t = 1000;
    p.tick();
    t = 2000;
    p.tick();
    expect(written).toBe("\r\x1b[K收录 1/100 篇 · 每秒 1.0 篇 · 预计还需 1 分 39 秒\r\x1b[K收录 2/100 篇 · 每秒 1.0 篇 · 预计还需 1 分 38 秒");
    written = "";
    p.clear();
    expect(written).toBe("\r\x1b[K");
    written = "";
    t = 4000;
    p.done();
    expect(written).toBe("处理 2/100 篇，用时 4 秒（每秒 0.5 篇）\n");
  });

  it("elsewhere writes nothing until the summary line", () => {
    let written = "";
    const stream = new PassThrough();
    stream.on("data", (d: Buffer) => (written += d.toString()));
    let t = 0;
    const p = createProgress({ total: 3, stream, tty: false, now: () => t });
    for (let i = 0; i < 3; i++) {
      t += 500;
      p.tick();
    }
    expect(written).toBe("");
    p.done();
    expect(written).toBe("处理 3/3 篇，用时 2 秒（每秒 2.0 篇）\n");
  });
});
