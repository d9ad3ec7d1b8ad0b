/**
 * The corpus cache: opening a library of PDFs and web pages with no cache, with a fresh one,
 * after one new PDF, and after a parser change (cached blocks, no extraction), next to the
 * baseline of reading everything every time (no cache directory at all).
 *   node --import tsx/esm bench/index.ts library
 * The PDFs are copies of test/fixtures/docs/newsletter.pdf with a distinct trailing comment
 * (so each has its own content hash and is extracted on its own); the library keeps one of
 * them, the others are recognised as the same text — the cost measured is the reading.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExtractInfo } from "../src/corpus/blocks.ts";
import { cacheDirOf, manifestPath } from "../src/corpus/cache.ts";
import { extractDocument } from "../src/corpus/extract/index.ts";
import { scanLibrary } from "../src/corpus/scan-articles.ts";
import type { BenchSection } from "./types.ts";
import { fmt, printTable } from "./util.ts";

const PDFS = 12;
const PAGES = 10;

function corpus(dir: string): void {
  copyFileSync("data/articles/000_69318127c2583019.txt", join(dir, "000_69318127c2583019.txt"));
  const pdf = readFileSync("test/fixtures/docs/newsletter.pdf");
  for (let i = 0; i < PDFS; i++) writeFileSync(join(dir, `n${i}.pdf`), Buffer.concat([pdf, Buffer.from(`\n%bench ${i}\n`)]));
  const page = readFileSync("test/fixtures/docs/news-page.html", "utf8");
  // Distinct units per page, so each page is an article of its own.
  for (let i = 0; i < PAGES; i++) writeFileSync(join(dir, `p${i}.html`), page.replaceAll("桂溪镇", `桂溪${"一二三四五六七八九十"[i]}镇`));
}

export const libraryBench: BenchSection = {
  name: "library",
  async run() {
    const root = mkdtempSync(join(tmpdir(), "casebot-bench-library-"));
    const articles = join(root, "articles");
    const cacheDir = cacheDirOf(root);
    try {
      mkdirSync(articles);
      corpus(articles);
      let extracted = 0;
      const extract = (bytes: Uint8Array, info: ExtractInfo) => {
        extracted++;
        return extractDocument(bytes, info);
      };
      // Warm up: the first PDF and page pay for importing pdf.js, linkedom and Readability.
      for (const f of ["n0.pdf", "p0.html"]) await extractDocument(readFileSync(join(articles, f)), { fileName: f });
      const rows: Array<Record<string, string | number>> = [];
      const measure = async (setup: string, run: () => Promise<{ articles: unknown[] }>) => {
        extracted = 0;
        const t = performance.now();
        const result = await run();
        rows.push({ setup, ms: fmt(performance.now() - t, 0), "files extracted": extracted, articles: result.articles.length });
      };
      const files = 1 + PDFS + PAGES;
      await measure(`baseline: no cache, every start reads all ${files} files`, () => scanLibrary(articles, { extract }));
      await measure("cache: first start (empty cache, writes it)", () => scanLibrary(articles, { cacheDir, extract }));
      await measure("cache: next start (fresh cache)", () => scanLibrary(articles, { cacheDir, extract }));
      writeFileSync(join(articles, "new.pdf"), Buffer.concat([readFileSync("test/fixtures/docs/newsletter.pdf"), Buffer.from("\n%new\n")]));
      await measure("cache: one new PDF added", () => scanLibrary(articles, { cacheDir, extract }));
      // What `cli correct` / 更正 leaves behind: a sidecar next to one PDF; only that PDF is re-parsed, from its cached blocks.
      const unit = (await scanLibrary(articles, { cacheDir, extract })).articles.find((a) => a.sourceFile === "n0.pdf")?.cases.find((c) => c.unit);
      const correction = {
        op: "rename",
        unit: { key: unit?.unitKey ?? "", name: unit?.unit ?? "" },
        to: "某某镇人大主席团",
        at: new Date(0).toISOString(),
        by: "bench",
      };
      writeFileSync(join(articles, "n0.pdf.corrections.json"), JSON.stringify({ version: 1, corrections: [correction] }));
      await measure("cache: an editor's correction to one PDF (re-parse it from cached blocks)", () => scanLibrary(articles, { cacheDir, extract }));
      const manifest = JSON.parse(readFileSync(manifestPath(cacheDir), "utf8")) as { parser: string };
      writeFileSync(manifestPath(cacheDir), JSON.stringify({ ...manifest, parser: "another-parser" }));
      await measure("cache: after a parser change (re-parse from cached blocks)", () => scanLibrary(articles, { cacheDir, extract }));
      printTable(`Opening a library of ${files} newsletters (${PDFS} PDFs, ${PAGES} web pages, 1 text; then one PDF more), one run each after a warm-up`, rows);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};
