import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { renderAnswer } from "../../src/answer/render.ts";
import type { Answerer } from "../../src/answer/types.ts";
import { parseArticle } from "../../src/corpus/parse.ts";
import type { Article, CaseLibrary } from "../../src/corpus/types.ts";
import { renderPlain } from "../../src/reply/plain.ts";
import { toSimplifiedText } from "./layout-eval.ts";

/**
 * Scores a set laid out like shared/realdocs-dev (docs/, expected.json, queries.json with
 * positive and negative questions) the way the quality checks' scorer does: a unit found counts
 * when one body's core name (place without level, body removed) contains the other's, in either
 * script; a negative is honest when nothing is offered, or the place asked about is said to have no case.
 */
export interface RealSet {
  expected: Record<string, { units: Array<{ unit: string }> }>;
  positive: Array<{ q: string; file: string; ok: string[]; fact: string; cat: string }>;
  negative: Array<{ q: string }>;
}

export function readRealSet(dir: string): { set: RealSet; articles: Article[] } {
  const set: RealSet = {
    expected: (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { files: RealSet["expected"] }).files,
    ...(JSON.parse(readFileSync(join(dir, "queries.json"), "utf8")) as Pick<RealSet, "positive" | "negative">),
  };
  const docs = join(dir, "docs");
  const articles = readdirSync(docs)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => parseArticle({ text: readFileSync(join(docs, f), "utf8"), sourceFile: f }));
  return { set, articles };
}

const BODY = /(人民代表大会常务委员会|人大常务委员会|人大常委会|人大主席团|人大工作委员会|人大工委|人大代表联络站|人大代表工作委员会|人大办公室|人大办|人大|工委|主席团|常委会)$/;
function core(unit: string): string {
  const body = toSimplifiedText(unit).replace(/\s+/g, "").replace(BODY, "");
  const bare = body.replace(/(省|市|县|区|镇|乡|街道)$/, "");
  return bare.length >= 2 ? bare : body;
}
export function looselySame(a: string, b: string): boolean {
  const [x, y] = [core(a), core(b)];
  return x.length >= 2 && y.length >= 2 && (x.includes(y) || y.includes(x));
}

export interface RealScore {
  recall: number;
  top1: number;
  fact: number;
  honest: number;
  misses: string[];
}

export function scoreRealSet(articles: readonly Article[], set: RealSet, answerer: Answerer, library: CaseLibrary): RealScore {
  let want = 0;
  let found = 0;
  const misses: string[] = [];
  for (const [file, e] of Object.entries(set.expected)) {
    const units = articles.find((a) => a.sourceFile === file)?.cases.filter((c) => c.unit).map((c) => c.unit) ?? [];
    const cores = [...new Set(e.units.map((u) => core(u.unit)))];
    for (const c of cores) {
      want++;
      if (units.some((u) => looselySame(u, c))) found++;
      else misses.push(`${file}: missing ${c}`);
    }
  }
  let top1 = 0;
  let fact = 0;
  for (const q of set.positive) {
    const result = answerer.ask(q.q);
    const first = result.hits[0]?.case.unit ?? "";
    const reply = toSimplifiedText(renderPlain(renderAnswer(result, library))).replace(/\s+/g, "");
    const unitOk = q.ok.some((u) => looselySame(first, u));
    const factOk = reply.includes(toSimplifiedText(q.fact).replace(/\s+/g, ""));
    if (unitOk) top1++;
    if (factOk) fact++;
    if (!unitOk || !factOk) misses.push(`[${q.cat}] ${q.q} → ${first || "(no hit)"}${factOk ? "" : " · fact missing"} · want ${q.ok[0]}`);
  }
  let honest = 0;
  for (const q of set.negative) {
    const result = answerer.ask(q.q);
    if (result.hits.length === 0 || result.place?.covered === false) honest++;
    else misses.push(`negative answered: ${q.q} → ${result.hits[0]!.case.unit}`);
  }
  const n = set.positive.length || 1;
  return { recall: found / want, top1: top1 / n, fact: fact / n, honest: honest / (set.negative.length || 1), misses };
}
