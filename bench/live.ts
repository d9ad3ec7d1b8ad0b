/**
 * The live library (src/answer/LIVE.md): what a running bot pays to pick up a newsletter that
 * another process added, on the bundled corpus plus ten newsletters, next to the baseline of a
 * restart (opening the library and building the index again; process start-up not counted).
 *   node --import tsx/esm bench/index.ts live
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openLiveLibrary } from "../src/answer/live.ts";
import { createCollection } from "../src/corpus/collection.ts";
import type { BenchSection } from "./types.ts";
import { fmt, printTable } from "./util.ts";

const DOCS = "test/fixtures/docs";

/** Ten newsletters besides the bundled one: the project's fixtures, the text ones with distinct units. */
function corpus(articles: string): void {
  copyFileSync("data/articles/000_69318127c2583019.txt", join(articles, "000_69318127c2583019.txt"));
  for (const f of ["bold-headings.docx", "newsletter.pdf", "wechat.html", "news-page.html"]) copyFileSync(join(DOCS, f), join(articles, f));
  const page = readFileSync(join(DOCS, "news-page.html"), "utf8");
  for (let i = 0; i < 6; i++) writeFileSync(join(articles, `p${i}.html`), page.replaceAll("桂溪镇", `桂溪${"一二三四五六"[i]}镇`));
}

export const liveBench: BenchSection = {
  name: "live",
  async run() {
    const root = mkdtempSync(join(tmpdir(), "casebot-bench-live-"));
    const articles = join(root, "articles");
    try {
      await mkdir(articles);
      corpus(articles);
      // Warm-up: fills the cache and imports the extractors, as a running bot has done long before.
      await (await openLiveLibrary({ articlesDir: articles, dataDir: root, watch: false })).stop();
      const rows: Array<Record<string, string | number>> = [];
      const row = (what: string, ms: number) => rows.push({ what, ms: fmt(ms, ms < 10 ? 1 : 0) });

      let t = performance.now();
      const live = await openLiveLibrary({ articlesDir: articles, dataDir: root, watch: false });
      row(`baseline: restart (open ${live.library.articles.length} articles through the cache, build the index)`, performance.now() - t);
      t = performance.now();
      for (let i = 0; i < 20; i++) await live.refresh();
      row("check with nothing changed (every 2 s, and after each file-system event)", (performance.now() - t) / 20);

      // Another process (cli ingest) adds a Word file; this process only sees the directory change.
      const other = createCollection({ articlesDir: articles, dataDir: root });
      await other.addDocument({ fileName: "简报.docx", bytes: readFileSync(join(DOCS, "heading-styles.docx")) });
      t = performance.now();
      await live.refresh();
      row("rebuild after one new .docx added by another process (swap included)", performance.now() - t);

      const watched = await openLiveLibrary({ articlesDir: articles, dataDir: root });
      watched.start();
      const before = watched.current().version;
      t = performance.now();
      await other.removeDocument("简报.docx");
      while (watched.current().version === before && performance.now() - t < 10_000) await new Promise((r) => setTimeout(r, 5));
      row("from a removal by another process to the swap, through fs.watch (300 ms debounce)", performance.now() - t);
      await watched.stop();
      await live.stop();
      printTable("Picking up newsletters without a restart: bundled corpus plus ten newsletters, one run each after a warm-up", rows);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
