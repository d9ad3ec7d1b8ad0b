/**
 * `npm run bench -- scale`: the library at 1k, 10k and 100k cases (synthetic newsletters in the
 * bundled layout, bench/scale-corpus.ts), the search index in memory (MiniSearch, the default
 * for small libraries) next to the saved index (SQLite FTS5) on the same documents and probes.
 * Each engine and size is measured in a process of its own (bench/scale-probe.ts). The 100k
 * corpus is built on the first run (minutes) and reused; MiniSearch at 100k runs only with
 * SCALE_MEMORY_100K=1 (it needs gigabytes of heap).
 */
import { spawn } from "node:child_process";
import { rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { savedSources, syncLibraryIndex } from "../src/answer/open-library.ts";
import { cacheDirOf, scanLibrary } from "../src/corpus/scan-articles.ts";
import { buildSearchIndex } from "../src/search/index.ts";
import { SEARCH_OPTIONS } from "../src/search/options.ts";
import type { BenchSection } from "./types.ts";
import { scaleCorpus, type ScaleCorpus } from "./scale-corpus.ts";
import { fmt, gc, heapUsedMB, printTable } from "./util.ts";

/** Newsletters per size (5 cases each); SCALE_SIZES=200,2000 runs a subset. */
const SIZES = process.env.SCALE_SIZES ? process.env.SCALE_SIZES.split(",").map(Number) : [200, 2_000, 20_000];
const TSX = ["--import", "tsx/esm"];

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ out: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, LOG_LEVEL: "silent", BOT_TOKEN: "", WECOM_BOT_ID: "", WECOM_BOT_SECRET: "", ...env },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve({ out, ms: performance.now() - t }) : reject(new Error(`${args.join(" ")} exited ${code}`))));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `cli ask --json` from process start to exit, median of three. */
async function cliStartup(env: NodeJS.ProcessEnv, question: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) times.push((await run([...TSX, "src/cli.ts", "ask", "--json", question], env)).ms);
  return median(times);
}

/** MiniSearch over the corpus: build, save (toJSON + stringify), load (loadJSON), in this process. */
async function miniSearchCosts(corpus: ScaleCorpus): Promise<{ build: number; heap: number; save: number; load: number; bytes: number }> {
  const scan = await scanLibrary(corpus.articlesDir, { cacheDir: cacheDirOf(corpus.dataDir), write: false });
  const cases = scan.articles.flatMap((a) => a.cases);
  const before = heapUsedMB();
  let t = performance.now();
  const index = buildSearchIndex(cases);
  const build = performance.now() - t;
  const heap = heapUsedMB() - before;
  void index.size;
  // The same documents buildSearchIndex gives MiniSearch, saved and loaded as MiniSearch does.
  const mini = new MiniSearch(SEARCH_OPTIONS);
  mini.addAll(cases.map((c) => ({
    id: c.id,
    unit: c.unit,
    title: [c.headline, ...c.practices].join("\n"),
    text: [c.lead, ...c.paragraphs.map((p) => p.text)].join("\n"),
    captions: c.captions.join("\n"),
  })));
  t = performance.now();
  const json = JSON.stringify(mini);
  const save = performance.now() - t;
  t = performance.now();
  MiniSearch.loadJSON(json, SEARCH_OPTIONS);
  const load = performance.now() - t;
  gc();
  return { build, heap, save, load, bytes: Buffer.byteLength(json) };
}

/** FTS5 over the corpus, built from scratch into a scratch file. */
async function savedCosts(corpus: ScaleCorpus): Promise<{ build: number; bytes: number }> {
  const scan = await scanLibrary(corpus.articlesDir, { cacheDir: cacheDirOf(corpus.dataDir), write: false });
  const path = join(tmpdir(), `casebot-bench-fts-${process.pid}.sqlite`);
  const t = performance.now();
  syncLibraryIndex(path, savedSources(scan, cacheDirOf(corpus.dataDir)), "bench");
  const build = performance.now() - t;
  const bytes = statSync(path).size;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(path + suffix, { force: true });
  return { build, bytes };
}

export const scaleBench: BenchSection = {
  name: "scale",
  async run() {
    const rows: Array<Record<string, string | number>> = [];
    const uploads: Array<Record<string, string | number>> = [];
    const bundled = await cliStartup({ SEARCH_INDEX: "auto" }, "联络站");
    for (const n of SIZES) {
      const corpus = await scaleCorpus(n);
      if (corpus.built) console.log(`(built the ${n}-newsletter corpus in ${fmt(corpus.built.ms / 1000, 0)} s; later runs reuse ${corpus.dataDir})`);
      if (corpus.refreshed) console.log(`(re-parsed or re-indexed the ${n}-newsletter corpus for this code in ${fmt(corpus.refreshed.ms / 1000, 0)} s)`);
      const questionsFile = join(tmpdir(), `casebot-bench-scale-questions-${process.pid}.json`);
      writeFileSync(questionsFile, JSON.stringify(corpus.questions));
      for (const engine of ["memory", "saved"] as const) {
        if (engine === "memory" && n >= 20_000 && !process.env.SCALE_MEMORY_100K) {
          rows.push({ library: `${n * 5 / 1000}k cases`, engine, "build ms": "not run (SCALE_MEMORY_100K=1)" });
          continue;
        }
        const costs = engine === "memory" ? await miniSearchCosts(corpus) : { ...(await savedCosts(corpus)), heap: NaN, save: NaN, load: NaN };
        const upload = engine === "saved" && n === SIZES.at(-1);
        const probeArgs = [...TSX, "bench/scale-probe.ts", corpus.dataDir, engine, questionsFile, ...(upload ? ["upload"] : [])];
        const probe = JSON.parse((await run(probeArgs)).out) as Record<string, number | string>;
        const startup = await cliStartup({ DATA_DIR: corpus.dataDir, ARTICLES_DIR: corpus.articlesDir, SEARCH_INDEX: engine }, corpus.questions[0]!.question);
        rows.push({
          library: `${(n * 5) / 1000}k cases`,
          engine: engine === "memory" ? "memory (MiniSearch)" : "saved (SQLite FTS5)",
          "build ms": fmt(costs.build, 0),
          "save ms": engine === "memory" ? fmt(costs.save, 0) : "(in build)",
          "load ms": engine === "memory" ? fmt(costs.load, 0) : fmt(Number(probe.openMs), 0),
          "open library ms": fmt(Number(probe.openMs), 0),
          "cli ask start-up ms": fmt(startup, 0),
          "p50 ms": fmt(Number(probe.p50), 2),
          "p99 ms": fmt(Number(probe.p99), 2),
          "cold p99 ms": fmt(Number(probe.coldP99), 2),
          "heap MB": fmt(Number(probe.heapMB), 0),
          "RSS MB": fmt(Number(probe.rssMB), 0),
          "index on disk MB": fmt(costs.bytes / 2 ** 20, 1),
          "top-1": fmt(Number(probe.top1), 3),
        });
        if (upload) {
          uploads.push({
            library: `${(n * 5) / 1000}k cases`,
            engine: "saved (SQLite FTS5)",
            "upload → answerable ms": fmt(Number(probe.uploadMs), 0),
            "answerable": String(probe.uploadAnswerable),
            "questions meanwhile": Number(probe.duringCount),
            "p99 meanwhile ms": fmt(Number(probe.duringP99), 2),
            "p99 due → answered ms": fmt(Number(probe.waitedP99), 1),
            "longest wait ms": fmt(Number(probe.waitedMax), 0),
            "p99 idle ms": fmt(Number(probe.p99), 2),
          });
        }
      }
      rmSync(questionsFile, { force: true });
    }
    rows.push({ library: "bundled (7 cases)", engine: "memory", "cli ask start-up ms": fmt(bundled, 0) });
    printTable(
      [
        "Library scale: synthetic newsletters (5 units each, real township names), probes name a unit's place and its practice (≤1,000 per size).",
        "build = index from parsed articles; save/load = MiniSearch toJSON/loadJSON (the saved index is written as it is built, load = opening it);",
        "open library = openLiveLibrary in a fresh process (corpus cache → library → index); cli ask start-up = spawn → exit, median of 3;",
        "p50/p99 = answerer.ask after a first round (cold p99 = first round); heap/RSS after answering every probe;",
        "the machine's cores are shared, so times are noisy",
      ].join(" "),
      rows,
    );
    printTable(
      "One upload to the largest library (saved index): a newsletter added through the collection, " +
        "live.refresh() (scan and write in a worker thread, swap here); questions every 5 ms meanwhile",
      uploads,
    );
  },
};
