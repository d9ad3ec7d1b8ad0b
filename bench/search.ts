import { execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import MiniSearch from "minisearch";
import { createAnswerer } from "../src/answer/answerer.ts";
import { createLibrary } from "../src/corpus/library.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { cacheDirOf, scanLibrary } from "../src/corpus/scan-articles.ts";
import type { Case } from "../src/corpus/types.ts";
import { buildSearchIndex } from "../src/search/index.ts";
import type { BenchSection } from "./types.ts";
import { sampleQueries, syntheticCases } from "./synthetic.ts";
import { fmt, gc, heapUsedMB, percentile, printTable, timeEach, timeEachWithCpu, timed } from "./util.ts";

/** Timed rounds over the query set; the bundled corpus is cheap, so more rounds steady its p99. */
const ROUNDS = 5;
const BUNDLED_ROUNDS = 20;
const NEGATIVES = ["天气怎么样", "比特币价格", "asdfgh", "🙂🙂", "？？？", "<b>hi</b>", "今天吃什么", "足球比赛结果"];

function fixtureQueries(): string[] {
  return ["dev-queries.json", "heldout-queries.json"].flatMap((f) => {
    const set = JSON.parse(readFileSync(new URL(`../test/fixtures/${f}`, import.meta.url), "utf8")) as { queries: Array<{ q: string }> };
    return set.queries.map((q) => q.q);
  });
}

/** The baseline: MiniSearch out of the box (default tokenizer and search options), same fields. */
function buildBaseline(cases: readonly Case[]): MiniSearch {
  const mini = new MiniSearch({ fields: ["unit", "headline", "practices", "lead", "body", "captions"] });
  mini.addAll(
    cases.map((c) => ({
      id: c.id,
      unit: c.unit,
      headline: c.headline,
      practices: c.practices.join("\n"),
      lead: c.lead,
      body: c.paragraphs.map((p) => p.text).join("\n"),
      captions: c.captions.join("\n"),
    })),
  );
  return mini;
}

interface Row extends Record<string, string | number> {
  corpus: string;
  setup: string;
}

function measure(name: string, cases: readonly Case[], queries: string[], rounds = ROUNDS): Row[] {
  const library = createLibrary([{
    id: "bench",
    title: "",
    subtitle: "",
    editorNote: "",
    sourceFile: "bench",
    captions: [],
    cases: [...cases],
    report: { rules: [], unattributed: 0, warnings: [] },
  }]);
  const rows: Row[] = [];

  const before = heapUsedMB();
  const built = timed(() => buildSearchIndex(library.allCases));
  const heap = heapUsedMB() - before;
  const answerer = createAnswerer(library, built.value);
  timeEach(queries, 2, (q) => answerer.ask(q)); // warm-up: let the JIT settle first
  gc(); // start from a clean heap, not in the middle of collecting the index build's garbage
  const t = timeEachWithCpu(queries, rounds, (q) => answerer.ask(q));
  const hits = queries.filter((q) => answerer.ask(q).hits.length > 0).length;
  rows.push(row(name, cases.length, "casebot (bigrams+alignment)", built.ms, heap, t, hits, queries.length));

  const before2 = heapUsedMB();
  const base = timed(() => buildBaseline(library.allCases));
  const heap2 = heapUsedMB() - before2;
  timeEach(queries, 2, (q) => base.value.search(q));
  gc();
  const t2 = timeEachWithCpu(queries, rounds, (q) => base.value.search(q));
  const hits2 = queries.filter((q) => base.value.search(q).length > 0).length;
  rows.push(row(name, cases.length, "MiniSearch default (baseline)", base.ms, heap2, t2, hits2, queries.length));
  // Keep both indexes alive until measured.
  void built.value.size;
  return rows;
}

function row(
  corpus: string,
  n: number,
  setup: string,
  buildMs: number,
  heapMB: number,
  times: { wall: number[]; cpu: number[] },
  hits: number,
  total: number,
): Row {
  return {
    corpus,
    cases: n,
    setup,
    "build ms": fmt(buildMs, 0),
    "heap MB": fmt(heapMB, 1),
    "p50 ms": fmt(percentile(times.wall, 50), 3),
    "p99 ms": fmt(percentile(times.wall, 99), 3),
    "max ms": fmt(times.wall.at(-1) ?? NaN, 2),
    "cpu p50": fmt(percentile(times.cpu, 50), 3),
    "cpu p99": fmt(percentile(times.cpu, 99), 3),
    "queries with hits": `${hits}/${total}`,
  };
}

/** Wall time from spawning the app until its first answer arrives on stdout. */
function firstAnswerMs(args: string[], input: string, env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, args, {
      env: { ...process.env, CASEBOT_ENV_FILE: "", LOG_LEVEL: "silent", CASEBOT_CONSOLE: "1", BOT_TOKEN: "", WECOM_BOT_ID: "", WECOM_BOT_SECRET: "", ...env },
      stdio: ["pipe", "pipe", "ignore"],
    });
    let done = false;
    child.stdout.once("data", () => {
      done = true;
      resolve(performance.now() - t);
      child.stdin.end();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!done) reject(new Error(`exited ${code} before answering`));
    });
    child.stdin.write(input);
  });
}

interface Probe {
  atEntry: number;
  imports: number;
  corpusAndIndex: number;
  firstAnswer: number;
  total: number;
}

function probe(): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx/esm", "bench/startup-probe.ts"], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("exit", () => {
      try {
        resolve(JSON.parse(out) as Probe);
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

async function startup(nine: { articlesDir: string; dataDir: string }): Promise<Row[]> {
  const tsx = ["--import", "tsx/esm"];
  const runs = 3;
  // The production path beside npm start: the same entry points compiled to dist/ (built now, so
  // the figures are of these sources), run by plain node.
  const built = performance.now();
  execFileSync(process.execPath, ["deploy/build.mjs"], { stdio: "inherit" });
  const buildMs = performance.now() - built;
  const cases = [
    { setup: "console chat: spawn src/main.ts (tsx, as npm start) → first answer on stdout", args: [...tsx, "src/main.ts"], input: "联络站\n" },
    { setup: "console chat: spawn dist/main.js (plain node) → first answer on stdout", args: ["dist/main.js"], input: "联络站\n" },
    { setup: "cli ask --json: spawn src/cli.ts (tsx) → answer on stdout", args: [...tsx, "src/cli.ts", "ask", "--json", "联络站"], input: "" },
    { setup: "cli ask --json: spawn dist/cli.js (plain node) → answer on stdout", args: ["dist/cli.js", "ask", "--json", "联络站"], input: "" },
  ];
  const corpora: Array<{ corpus: string; env: NodeJS.ProcessEnv }> = [
    { corpus: "bundled", env: {} },
    { corpus: "nine newsletters", env: { ARTICLES_DIR: nine.articlesDir, DATA_DIR: nine.dataDir } },
  ];
  const rows: Row[] = [];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const { corpus, env } of corpora) {
    for (const c of cases) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await firstAnswerMs(c.args, c.input, env));
      rows.push({ corpus, setup: c.setup, "median ms": fmt(median(times), 0), "min ms": fmt(Math.min(...times), 0), "max ms": fmt(Math.max(...times), 0) });
    }
  }
  const probes: Probe[] = [];
  for (let i = 0; i < runs; i++) probes.push(await probe());
  const part = (setup: string, pick: (p: Probe) => number) => {
    const xs = probes.map(pick);
    rows.push({ corpus: "bundled", setup, "median ms": fmt(median(xs), 0), "min ms": fmt(Math.min(...xs), 0), "max ms": fmt(Math.max(...xs), 0) });
  };
  part("  breakdown: node + tsx until the first module runs", (p) => p.atEntry);
  part("  breakdown: import config (zod), logger, search modules", (p) => p.imports);
  part("  breakdown: open corpus + build index", (p) => p.corpusAndIndex);
  part("  breakdown: first question answered and rendered", (p) => p.firstAnswer);
  part("  breakdown: total, process start → first answer", (p) => p.total);
  rows.push({ corpus: "-", setup: "npm run build (tsc → dist/, once)", "median ms": fmt(buildMs, 0), "min ms": "", "max ms": "" });
  return rows;
}

/** The bundled newsletter and the eight layouts of the dev set, in a scratch articles directory, ingested once. */
async function nineNewsletters(): Promise<{ articlesDir: string; dataDir: string; cases: Case[] }> {
  const dataDir = await mkdtemp(join(tmpdir(), "casebot-bench-"));
  const articlesDir = join(dataDir, "articles");
  await cp("data/articles", articlesDir, { recursive: true });
  for (const f of (await readdir("test/fixtures/layouts")).filter((f) => f.endsWith(".txt"))) await cp(join("test/fixtures/layouts", f), join(articlesDir, f));
  await scanLibrary(articlesDir, { cacheDir: cacheDirOf(dataDir) });
  return { articlesDir, dataDir, cases: [...(await loadLibrary(articlesDir)).allCases] };
}

function layoutQueries(): string[] {
  const set = JSON.parse(readFileSync(new URL("../test/fixtures/layouts/queries.json", import.meta.url), "utf8")) as { queries: Array<{ q: string }> };
  return set.queries.map((q) => q.q);
}

export const searchBench: BenchSection = {
  name: "search",
  async run() {
    const real = (await loadLibrary("data/articles")).allCases;
    const fixed = [...fixtureQueries(), ...NEGATIVES];
    const nine = await nineNewsletters();
    const rows: Row[] = [
      ...measure("bundled", real, fixed, BUNDLED_ROUNDS),
      ...measure("nine newsletters", nine.cases, [...fixed, ...layoutQueries()], BUNDLED_ROUNDS),
    ];
    for (const [n, seed] of [
      [1_000, 1],
      [10_000, 2],
    ] as const) {
      const cases = syntheticCases(real, n, seed);
      rows.push(...measure(`synthetic ${n / 1000}k`, cases, [...fixed, ...sampleQueries(cases, 40, seed + 100)]));
    }
    printTable(
      `Query latency (each query ${BUNDLED_ROUNDS}× on the bundled corpus, ${ROUNDS}× on synthetic ones, after 2 warm-up rounds; ` +
        "casebot = answerer.ask incl. passage choice; wall time, and process CPU time: it excludes waiting for a busy core " +
        "but includes GC/JIT helper threads), index build and retained heap",
      rows,
    );
    printTable(
      "Start-up to the first answer (fresh processes, through tsx and from the dist/ build, 3 runs each; " +
        "nine newsletters = the bundled one and the eight layouts, after cli ingest)",
      await startup(nine),
    );
    await rm(nine.dataDir, { recursive: true, force: true });
  },
};
