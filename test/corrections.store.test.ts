/**
 * Corrections on disk: the sidecar beside the document, through the per-file cache, across a
 * new version of the document and a parser upgrade, removed and replaced with the document,
 * corrupt files, and the running bot's live library picking a change up.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openLiveLibrary } from "../src/answer/live.ts";
import { manifestPath, readManifest, writeManifest } from "../src/corpus/cache.ts";
import { createCollection } from "../src/corpus/collection.ts";
import type { Collection } from "../src/corpus/collection-types.ts";
import type { Edit } from "../src/corpus/corrections/edit.ts";
import { UserInputError } from "../src/errors.ts";
import { NEWSLETTER, STATION_QUESTION } from "./corrections.fixture.ts";

const NOW = new Date("2026-03-02T09:30:00.000Z");
const FILE = "桐川简报.md";
const SIDECAR = `${FILE}.corrections.json`;
const author = { by: "test", now: NOW };
const moveStation: Exclude<Edit, { kind: "list" }> = { kind: "move", passages: ["4"], to: "枣林社区代表联络站" };

let dir: string;
let articles: string;
let warnings: Array<{ obj: object; msg: string }>;
let collection: Collection;

const open = () => createCollection({ articlesDir: articles, dataDir: dir, now: () => NOW, logger: { warn: (obj, msg) => void warnings.push({ obj, msg }) } });
const units = async (c = collection) => (await c.document(FILE)).article.cases.map((x) => x.unit);
const refusal = (p: Promise<unknown>) => p.then(() => "accepted", (err: unknown) => (err instanceof UserInputError ? err.userMessage : String(err)));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "casebot-corrections-"));
  articles = join(dir, "articles");
  await rm(articles, { recursive: true, force: true });
  warnings = [];
  collection = open();
  await collection.addDocument({ fileName: FILE, bytes: new TextEncoder().encode(NEWSLETTER), modifiedAt: NOW });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("corrections beside the document", () => {
  it("are a sidecar the scanner never reads as a document; the cache holds the corrected article until the sidecar changes", async () => {
    const report = await collection.correct(FILE, moveStation, author);
    expect(report.said).toEqual(["已更正：把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”。"]);
    expect(report.article.cases.map((c) => c.unit)).toEqual(["柳湾镇人大主席团", "石岭街道人大工委", "枣林社区代表联络站", ""]);
    expect((await readdir(articles)).sort()).toEqual([FILE, SIDECAR]);
    expect(JSON.parse(await readFile(join(articles, SIDECAR), "utf8"))).toMatchObject({ version: 1, corrections: [{ op: "move", to: { name: "枣林社区代表联络站" }, by: "test", at: NOW.toISOString() }] });

    const again = await collection.scan();
    expect(again.sources.map((s) => [s.file, s.origin, s.corrections !== undefined])).toEqual([[FILE, "cache", true]]);
    expect(again.articles[0]!.cases.map((c) => c.unit)).toContain("枣林社区代表联络站");

    await collection.correct(FILE, { kind: "undo", numbers: ["1"] }, author);
    expect(await readdir(articles)).toEqual([FILE]);
    expect(await units()).toEqual(["柳湾镇人大主席团", "石岭街道人大工委", ""]);
  });

  it("survive a new version of the document: those whose passage is gone are stale; the old version is kept aside with its corrections", async () => {
    await collection.correct(FILE, moveStation, author);
    await collection.correct(FILE, { kind: "rename", unit: "柳湾镇人大主席团", to: "柳湾镇人大" }, author);
    const edited = NEWSLETTER.replace("代表们还把议事结果", "代表们随后把议事结果").replace(/枣林社区[^\n]*/, "枣林社区代表联络站改为每周开放，由代表轮流值守。");
    const r = await collection.addDocument({ fileName: FILE, bytes: new TextEncoder().encode(edited), modifiedAt: NOW });
    expect(r.status).toBe("replaced");
    expect(r.article.cases.map((c) => c.unit)).toEqual(["柳湾镇人大", "石岭街道人大工委", ""]);
    expect(r.article.report.corrections).toEqual([
      { n: 1, text: "把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”", stale: "文中找不到这一段" },
      { n: 2, text: "把“柳湾镇人大主席团”改名为“柳湾镇人大”" },
    ]);
    expect((await readdir(articles)).sort()).toEqual([FILE, SIDECAR]);
    const kept = (await readdir(join(dir, "removed"))).sort();
    expect(kept).toEqual([`2026-03-02T09-30-00-000Z_${FILE}`, `2026-03-02T09-30-00-000Z_${SIDECAR}`]);
  });

  it("survive a parser upgrade: a cache from another parser is read again and the corrections applied to the new parse", async () => {
    await collection.correct(FILE, moveStation, author);
    const manifest = (await readManifest(join(dir, "cache")))!;
    await writeManifest(join(dir, "cache"), { ...manifest, parser: "an-older-parser", sources: manifest.sources.map((s) => ({ ...s, article: undefined })) });
    // Parsed articles are kept under keys of the parser's version: another parser finds none.
    await rm(join(dir, "cache", "articles"), { recursive: true, force: true });
    const scan = await collection.scan();
    expect(scan.sources.map((s) => s.origin)).toEqual(["extracted"]);
    expect(scan.articles[0]!.cases.map((c) => c.unit)).toEqual(["柳湾镇人大主席团", "石岭街道人大工委", "枣林社区代表联络站", ""]);
    expect(scan.articles[0]!.report.corrections).toEqual([{ n: 1, text: "把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”" }]);
  });

  it("go with their document when it is removed", async () => {
    await collection.correct(FILE, moveStation, author);
    await collection.removeDocument(FILE);
    expect(await readdir(articles)).toEqual([]);
    expect((await readdir(join(dir, "removed"))).sort()).toEqual([`2026-03-02T09-30-00-000Z_${FILE}`, `2026-03-02T09-30-00-000Z_${SIDECAR}`]);
  });

  it("a corrupt sidecar is reported and ignored, never overwritten; the library still loads", async () => {
    for (const [content, why] of [
      ["{bad", "不是有效的 JSON"],
      [JSON.stringify({ version: 2, corrections: [] }), "内容不符合格式：version"],
      [JSON.stringify({ version: 1, corrections: [{ op: "move", passage: { hash: "x" }, to: null, at: "" }] }), "内容不符合格式：corrections.0.passage.hash"],
    ]) {
      await writeFile(join(articles, SIDECAR), content!);
      const problem = `更正文件 ${SIDECAR} 无法使用（${why}），其中的更正没有生效。请修复或删除这个文件后再更正。`;
      const { library, scan } = await collection.open();
      expect(library.cases.map((c) => c.unit)).toEqual(["柳湾镇人大主席团", "石岭街道人大工委"]);
      expect(scan.articles[0]!.report.warnings).toEqual([problem]);
      expect(warnings.at(-1)).toMatchObject({ msg: "corrections file ignored", obj: { file: SIDECAR } });
      expect(await refusal(collection.correct(FILE, moveStation, author))).toBe(problem);
      expect(await readFile(join(articles, SIDECAR), "utf8")).toBe(content);
    }
  });

  it("refuse documents that are not in the library", async () => {
    expect(await refusal(collection.document("没有这篇"))).toBe(`没有找到文章“没有这篇”。可用文章编号或文件名，例如 桐川简报_md 或 ${FILE}。`);
    await collection.addDocument({ fileName: "副本.md", bytes: new TextEncoder().encode(NEWSLETTER), modifiedAt: NOW });
    // A copy of a document already in the library is not kept: there is nothing to correct under its name.
    expect(await refusal(collection.correct("副本.md", moveStation, author))).toBe(`没有找到文章“副本.md”。可用文章编号或文件名，例如 桐川简报_md 或 ${FILE}。`);
  });
});

describe("the running bot's library", () => {
  it("picks up corrections made by another process on the same DATA_DIR", async () => {
    const live = await openLiveLibrary({ articlesDir: articles, dataDir: dir, watch: false });
    const top = () => live.answerer.ask(STATION_QUESTION).hits[0]?.case.unit;
    expect(top()).toBe("石岭街道人大工委");
    expect(await live.refresh()).toBe(false);
    // Another process: its own collection, as `cli correct` makes one.
    await open().correct(FILE, moveStation, author);
    expect(await live.refresh()).toBe(true);
    expect(top()).toBe("枣林社区代表联络站");
    expect(live.library.units.map((u) => u.unit)).toEqual(["柳湾镇人大主席团", "石岭街道人大工委", "枣林社区代表联络站"]);
    await rm(join(articles, SIDECAR));
    expect(await live.refresh()).toBe(true);
    expect(top()).toBe("石岭街道人大工委");
    await live.stop();
  });
});

describe("the cache manifest", () => {
  it("records the sidecar's fingerprint next to its document's", async () => {
    await collection.correct(FILE, moveStation, author);
    const record = JSON.parse(await readFile(manifestPath(join(dir, "cache")), "utf8")).sources[0];
    expect(Object.keys(record.corrections).sort()).toEqual(["ctimeMs", "mtimeMs", "size"]);
  });
});
