import { cp, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ingest, openLibrary, parserVersion, snapshotPath, type CaseSnapshot } from "../src/corpus/store.ts";
import { CorpusError } from "../src/errors.ts";

let dir: string;
let articles: string;
let snapFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casebot-store-"));
  articles = join(dir, "articles");
  snapFile = snapshotPath(dir);
  await cp("data/articles", articles, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Rewrites the snapshot's headline of the first case, to tell snapshot-loaded from parsed. */
async function markSnapshot(): Promise<void> {
  const snap = JSON.parse(await readFile(snapFile, "utf8")) as CaseSnapshot;
  snap.articles[0]!.cases[0]!.headline = "来自快照";
  await writeFile(snapFile, JSON.stringify(snap));
}

describe("case store", () => {
  it("parses the articles when there is no snapshot", async () => {
    const { library, source } = await openLibrary(articles, snapFile);
    expect(source).toBe("articles");
    expect(library.cases).toHaveLength(6);
  });

  it("uses the snapshot while it matches the article files", async () => {
    await ingest(articles, snapFile, () => new Date("2026-01-01T00:00:00Z"));
    await markSnapshot();
    const { library, source } = await openLibrary(articles, snapFile);
    expect(source).toBe("snapshot");
    expect(library.cases[0]!.headline).toBe("来自快照");
  });

  it("ignores a stale snapshot after an article changes", async () => {
    await ingest(articles, snapFile);
    await markSnapshot();
    const file = join(articles, "000_69318127c2583019.txt");
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    const { library, source } = await openLibrary(articles, snapFile);
    expect(source).toBe("articles");
    expect(library.cases[0]!.headline).not.toBe("来自快照");
  });

  it("ignores a snapshot written by another version of the parser", async () => {
    await ingest(articles, snapFile);
    await markSnapshot();
    const snap = JSON.parse(await readFile(snapFile, "utf8")) as CaseSnapshot;
    expect(snap.parser).toBe(parserVersion());
    await writeFile(snapFile, JSON.stringify({ ...snap, parser: "older-parser" }));
    const { library, source } = await openLibrary(articles, snapFile);
    expect(source).toBe("articles");
    expect(library.cases[0]!.headline).not.toBe("来自快照");
  });

  it("ignores a corrupt snapshot instead of failing", async () => {
    await writeFile(snapFile, "{not json");
    expect((await openLibrary(articles, snapFile)).source).toBe("articles");
  });

  it("explains an empty or missing articles directory", async () => {
    await expect(openLibrary(join(dir, "missing"), snapFile)).rejects.toThrow(CorpusError);
    await rm(articles, { recursive: true });
    await writeFile(join(dir, "x.txt"), "  \n");
    await expect(openLibrary(dir, snapFile)).rejects.toThrow(/No text found/);
  });

  it("keeps a newsletter without unit headings searchable as the article's own text", async () => {
    await rm(articles, { recursive: true });
    await writeFile(join(dir, "x.txt"), "没有单位标题的文字。\n");
    const { library } = await openLibrary(dir, snapFile);
    expect(library.cases).toEqual([]);
    expect(library.allCases.map((c) => [c.unit, c.paragraphs.map((p) => p.text)])).toEqual([["", ["没有单位标题的文字。"]]]);
  });
});
