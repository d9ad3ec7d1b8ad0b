import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createAnswerer } from "../src/answer/answerer.ts";
import type { Answerer } from "../src/answer/types.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { answererOver, parseDir } from "./support/layout-eval.ts";

interface QuerySet {
  units?: Record<string, string>;
  queries: Array<{ id: string; cat: string; q: string; relevant: string[] }>;
}

const dev = JSON.parse(readFileSync(new URL("./fixtures/dev-queries.json", import.meta.url), "utf8")) as QuerySet;
const heldout = JSON.parse(readFileSync(new URL("./fixtures/heldout-queries.json", import.meta.url), "utf8")) as QuerySet;
const units = dev.units ?? {};

let answerer: Answerer;
/** The bundled newsletter next to the eight layouts of the dev set: more text for every question to miss. */
let grown: Answerer;
beforeAll(async () => {
  answerer = createAnswerer(await loadLibrary("data/articles"));
  grown = answererOver([...parseDir("data/articles"), ...parseDir("test/fixtures/layouts")]).answerer;
});

interface Figures {
  top1: number;
  /** Top-1 counted only when it is the first-listed (primary) unit. */
  top1Primary: number;
  mrr: number;
  misses: string[];
}

/** Top-1: the first hit is one of the relevant units. MRR: 1/rank of the first relevant hit. */
/** `only`: judge only hits from these articles (the labels name the bundled newsletter's units). */
function evaluate(set: QuerySet, over: Answerer = answerer, only?: (articleId: string) => boolean): Figures {
  let top1 = 0;
  let primary = 0;
  let rr = 0;
  const misses: string[] = [];
  for (const q of set.queries) {
    const keys = over.ask(q.q, { limit: 50 }).hits.filter((h) => !only || only(h.case.articleId)).slice(0, 10).map((h) => Object.keys(units).find((k) => units[k] === h.case.unit) ?? h.case.unit);
    const rank = keys.findIndex((k) => q.relevant.includes(k));
    if (rank === 0) top1++;
    if (keys[0] === q.relevant[0]) primary++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (rank !== 0) misses.push(`${q.id} [${q.cat}] ${q.q} → ${keys.slice(0, 3).join(", ") || "(no hits)"}; want ${q.relevant.join("/")}`);
  }
  const n = set.queries.length;
  return { top1: top1 / n, top1Primary: primary / n, mrr: rr / n, misses };
}

function report(name: string, f: Figures): void {
  console.log(`${name}: top-1 ${(f.top1 * 100).toFixed(1)} % (primary unit ${(f.top1Primary * 100).toFixed(1)} %), MRR ${f.mrr.toFixed(3)}`);
  for (const m of f.misses) console.log(`  miss ${m}`);
}

describe("ranking quality", () => {
  it("dev set: top-1 >= 95 % and MRR >= 0.97", () => {
    expect(dev.queries.length).toBeGreaterThanOrEqual(40);
    const f = evaluate(dev);
    report("dev", f);
    expect(f.top1, f.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(f.mrr).toBeGreaterThanOrEqual(0.97);
  });

  it("dev and held-out sets keep their thresholds with the eight layouts ingested too", () => {
    // Generic questions (联络站, 民生实事票决) now have fair answers in the other newsletters too,
    // and the labels only name the bundled newsletter's units: so its units are judged among its own hits.
    const bundled = (articleId: string) => articleId === "000_69318127c2583019";
    const dev2 = evaluate(dev, grown, bundled);
    const held2 = evaluate(heldout, grown, bundled);
    report("dev (grown corpus)", dev2);
    report("held-out (grown corpus)", held2);
    expect(dev2.top1, dev2.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(dev2.mrr).toBeGreaterThanOrEqual(0.97);
    expect(held2.top1, held2.misses.join("\n")).toBeGreaterThanOrEqual(0.85);
    expect(held2.mrr).toBeGreaterThanOrEqual(0.9);
  });

  it("dev set covers traditional, typo and English-mixed questions", () => {
    const cats = new Set(dev.queries.map((q) => q.cat));
    for (const c of ["T", "E", "N", "P", "L"]) expect(cats).toContain(c);
  });

  it("held-out set (never tuned against): top-1 >= 85 %, MRR >= 0.9", () => {
    const f = evaluate(heldout);
    report("held-out", f);
    expect(heldout.queries.length).toBeGreaterThanOrEqual(20);
    expect(f.top1, f.misses.join("\n")).toBeGreaterThanOrEqual(0.85);
    expect(f.mrr).toBeGreaterThanOrEqual(0.9);
  });
});
