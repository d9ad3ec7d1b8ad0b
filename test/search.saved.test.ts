import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAnswerer } from "../src/answer/answerer.ts";
import { openLiveLibrary } from "../src/answer/live.ts";
import { openIndexedLibrary, savedIndexPath, updateSavedIndex } from "../src/answer/open-library.ts";
import { createCollection } from "../src/corpus/collection.ts";
import { syntheticNewsletters } from "./support/newsletters.ts";
import { tempDataDir } from "./support/spawn-app.ts";

let dir: string;
let articlesDir: string;

beforeEach(async () => {
  dir = tempDataDir();
  articlesDir = join(dir, "articles");
  await cp(join("test/fixtures/layouts", "02_unit_colon.txt"), join(articlesDir, "02_unit_colon.txt"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Synthetic newsletters added as `cli ingest` adds them. */
async function addNewsletters(count: number, seed: number) {
  const docs = [...syntheticNewsletters(count, seed)];
  const collection = createCollection({ articlesDir, dataDir: dir });
  await collection.addDocuments(docs.map((d) => ({ fileName: d.fileName, bytes: Buffer.from(d.text), modifiedAt: new Date("2025-05-01T00:00:00Z") })), (r) => {
    if (r instanceof Error) throw r;
  });
  return docs;
}

describe("saved index (SQLite FTS5)", () => {
  it("answers a unit's place and practice like the index in memory, and is opened as it is the next time", async () => {
    const docs = await addNewsletters(12, 3);
    const memory = await openIndexedLibrary({ articlesDir, dataDir: dir, choice: "memory" });
    const saved = await openIndexedLibrary({ articlesDir, dataDir: dir, choice: "saved" });
    expect(saved.engine).toBe("saved");
    expect(saved.library.allCases.length).toBe(memory.library.allCases.length);
    const a = createAnswerer(memory.library, memory.index);
    const b = createAnswerer(saved.library, saved.index);
    const units = docs.flatMap((d) => d.units);
    const right = units.filter((u) => b.ask(u.question).hits[0]?.case.unit === u.unit);
    expect(right.length / units.length).toBeGreaterThanOrEqual(0.95);
    for (const u of units) expect(b.ask(u.question).hits[0]?.case.id).toBe(a.ask(u.question).hits[0]?.case.id);
    // Regions stored when each newsletter was written answer place questions as the library's own do.
    const ids = (r: ReturnType<typeof a.ask>) => [r.place, r.total, r.hits.map((h) => h.case.id)];
    for (const u of units.slice(0, 8)) {
      for (const q of [`${u.place}有哪些好做法`, `${u.place}${u.practice}`]) expect(ids(b.ask(q, { limit: 20 }))).toEqual(ids(a.ask(q, { limit: 20 })));
    }
    // A case read from the file serialises whole (cli case --json).
    const c = saved.library.cases[0]!;
    expect(JSON.parse(JSON.stringify(c))).toEqual(JSON.parse(JSON.stringify(memory.library.byId(c.id))));
    saved.close();
    // Nothing changed: opened without scanning the corpus (the manifest may even be gone).
    await rm(join(dir, "cache", "library.json"));
    const again = await openIndexedLibrary({ articlesDir, dataDir: dir, choice: "saved" });
    expect(again.library.allCases.length).toBe(memory.library.allCases.length);
    again.close();
  }, 60_000);

  it("a torn or foreign file is built again, never read as an index", async () => {
    const docs = await addNewsletters(4, 5);
    (await openIndexedLibrary({ articlesDir, dataDir: dir, choice: "saved" })).close();
    const path = savedIndexPath(dir);
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, Math.floor(bytes.length / 3)));
    const reopened = await openIndexedLibrary({ articlesDir, dataDir: dir, choice: "saved" });
    const answerer = createAnswerer(reopened.library, reopened.index);
    expect(answerer.ask(docs[2]!.units[1]!.question).hits[0]?.case.unit).toBe(docs[2]!.units[1]!.unit);
    reopened.close();
    await writeFile(path, "not a database at all");
    const rebuilt = await openIndexedLibrary({ articlesDir, dataDir: dir, choice: "saved" });
    expect(rebuilt.library.articles.length).toBe(6); // the bundled newsletter, a layout and four synthetic ones
    rebuilt.close();
  });

  it("an upload is answerable after refresh(), built in a worker thread; a removal takes its cases out", async () => {
    await addNewsletters(6, 7);
    const live = await openLiveLibrary({ articlesDir, dataDir: dir, searchIndex: "saved", watch: false });
    try {
      const [doc] = [...syntheticNewsletters(1, 99)];
      const probe = doc!.units[2]!;
      expect(live.answerer.ask(probe.question).hits[0]?.case.unit).not.toBe(probe.unit);
      const collection = createCollection({ articlesDir, dataDir: dir });
      await collection.addDocument({ fileName: "new.txt", bytes: Buffer.from(doc!.text) });
      expect(await live.refresh()).toBe(true);
      expect(live.answerer.ask(probe.question).hits[0]?.case.unit).toBe(probe.unit);
      await collection.removeDocument("new.txt");
      expect(await live.refresh()).toBe(true);
      expect(live.answerer.ask(probe.question).hits[0]?.case.unit).not.toBe(probe.unit);
      expect(live.library.articles.some((a) => a.sourceFile === "new.txt")).toBe(false);
    } finally {
      await live.stop();
    }
  });

  it("a build opened after a change takes the other articles' cases over from the current one and answers as the file opened afresh", async () => {
    const docs = await addNewsletters(6, 7);
    // A replaced build retires (its file closed) at once instead of ten minutes later.
    const timers = { setTimeout: (fn: () => void) => fn(), clearTimeout: () => undefined, setInterval: () => 0, clearInterval: () => undefined };
    const live = await openLiveLibrary({ articlesDir, dataDir: dir, searchIndex: "saved", watch: false, timers });
    /** The same file opened from scratch, as the next start would. */
    const afresh = async () => openIndexedLibrary({ articlesDir, dataDir: dir, choice: "saved" });
    const sameAsAfresh = async () => {
      const fresh = await afresh();
      try {
        const now = live.current().library;
        expect(now.articles.map((a) => a.id)).toEqual(fresh.library.articles.map((a) => a.id));
        expect(now.allCases.map((c) => [c.id, c.unit, c.lead])).toEqual(fresh.library.allCases.map((c) => [c.id, c.unit, c.lead]));
        expect(now.units.map((u) => [u.key, u.cases.length])).toEqual(fresh.library.units.map((u) => [u.key, u.cases.length]));
        const answers = createAnswerer(fresh.library, fresh.index);
        for (const u of docs.flatMap((d) => d.units).slice(0, 10)) {
          expect(live.answerer.ask(u.question).hits.map((h) => h.case.id)).toEqual(answers.ask(u.question).hits.map((h) => h.case.id));
        }
      } finally {
        fresh.close();
      }
    };
    try {
      const first = live.current();
      const kept = first.library.articles.find((a) => a.cases.length > 0)!;
      const [doc] = [...syntheticNewsletters(1, 99)];
      const collection = createCollection({ articlesDir, dataDir: dir });
      await collection.addDocument({ fileName: "new.txt", bytes: Buffer.from(doc!.text) });
      expect(await live.refresh()).toBe(true);
      const second = live.current();
      expect(second.library.article(kept.id)!.cases[0]).toBe(kept.cases[0]);
      await sameAsAfresh();
      // The earlier build's file is closed (retired); the cases taken over still read their text.
      expect(second.library.article(kept.id)!.cases[0]!.paragraphs).toEqual(kept.cases[0]!.paragraphs);

      // Another process (cli ingest) changes the file between two builds: the next one reads it whole.
      const [other] = [...syntheticNewsletters(1, 123)];
      await collection.addDocument({ fileName: "other.txt", bytes: Buffer.from(other!.text) });
      updateSavedIndex({ dataDir: dir, choice: "saved" }, await collection.scan());
      await collection.removeDocument("new.txt");
      expect(await live.refresh()).toBe(true);
      expect(live.library.articles.some((a) => a.sourceFile === "other.txt")).toBe(true);
      expect(live.library.articles.some((a) => a.sourceFile === "new.txt")).toBe(false);
      await sameAsAfresh();
    } finally {
      await live.stop();
    }
  });
});
