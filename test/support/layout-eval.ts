import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Converter } from "opencc-js/t2cn";
import { createAnswerer } from "../../src/answer/answerer.ts";
import { renderAnswer } from "../../src/answer/render.ts";
import type { Answerer } from "../../src/answer/types.ts";
import { createLibrary } from "../../src/corpus/library.ts";
import { parseArticle } from "../../src/corpus/parse.ts";
import type { Article, CaseLibrary } from "../../src/corpus/types.ts";
import { findUnitMentions, unitKeyOf } from "../../src/corpus/units.ts";
import { renderPlain } from "../../src/reply/plain.ts";

/**
 * Scores parsing and answering against a layout set in the format of the dev set
 * (expected.json: the unit sections per file; queries.json: questions with acceptable units and
 * the answering fact). Units are compared as one body under short and long forms, in either script.
 */
export interface LayoutSet {
  expected: Record<string, { title: string; units: Array<{ unit: string; headline: string | null }> }>;
  queries: Array<{ q: string; file: string; ok: string[]; fact: string; cat: string }>;
}

export function readLayoutSet(dir: string): LayoutSet {
  return {
    expected: (JSON.parse(readFileSync(join(dir, "expected.json"), "utf8")) as { files: LayoutSet["expected"] }).files,
    queries: (JSON.parse(readFileSync(join(dir, "queries.json"), "utf8")) as { queries: LayoutSet["queries"] }).queries,
  };
}

export function parseDir(dir: string): Article[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => parseArticle({ text: readFileSync(join(dir, f), "utf8"), sourceFile: f }));
}

const toSimplified = Converter({ from: "tw", to: "cn" });
/** Traditional characters read as simplified, for comparing what the user sees with a fixture. */
export function toSimplifiedText(text: string): string {
  return toSimplified(text);
}
/** One body under its forms: 洞口县人大 = 洞口县人大常委会, 廣東 = 广东省人大常委会 (the place without its suffix). */
export function sameUnit(a: string, b: string): boolean {
  const key = (u: string) => {
    const s = toSimplified(u);
    const m = findUnitMentions(s)[0];
    const k = m ? unitKeyOf(m) : s;
    return k.replace(/(省|市|自治区)(?=\/|$)/, "");
  };
  return key(a) === key(b);
}

export interface SectionScore {
  recall: number;
  precision: number;
  misses: string[];
}

/** Unit sections: every expected (file, unit) section matched once by a section the parser found. */
export function scoreSections(articles: readonly Article[], set: LayoutSet): SectionScore {
  let expected = 0;
  let found = 0;
  let rows = 0;
  let right = 0;
  const misses: string[] = [];
  for (const a of articles) {
    const want = set.expected[a.sourceFile];
    if (!want) continue;
    const got = a.cases.filter((c) => c.unit).flatMap((c) => c.sections.map(() => c.unit));
    const pool = [...got];
    for (const u of want.units) {
      expected++;
      const at = pool.findIndex((g) => sameUnit(g, u.unit));
      if (at === -1) misses.push(`${a.sourceFile}: missing ${u.unit}`);
      else {
        found++;
        pool.splice(at, 1);
      }
    }
    rows += got.length;
    right += got.filter((g) => want.units.some((u) => sameUnit(g, u.unit))).length;
    for (const extra of got.filter((g) => !want.units.some((u) => sameUnit(g, u.unit)))) misses.push(`${a.sourceFile}: extra ${extra}`);
  }
  return { recall: found / expected, precision: rows ? right / rows : 0, misses };
}

export interface QueryScore {
  top1: number;
  fact: number;
  misses: string[];
}

/** Right unit first, and the answering fact somewhere in the reply a user sees. */
export function scoreQueries(answerer: Answerer, library: CaseLibrary, set: LayoutSet): QueryScore {
  let top1 = 0;
  let fact = 0;
  const misses: string[] = [];
  for (const q of set.queries) {
    const result = answerer.ask(q.q);
    const first = result.hits[0]?.case.unit ?? "";
    const text = renderPlain(renderAnswer(result, library));
    const unitOk = q.ok.some((u) => sameUnit(u, first));
    const factOk = toSimplified(text).includes(toSimplified(q.fact));
    if (unitOk) top1++;
    if (factOk) fact++;
    if (!unitOk || !factOk) misses.push(`[${q.cat}] ${q.q} → ${result.hits.slice(0, 3).map((h) => h.case.unit || `《${h.case.headline}》`).join(", ") || "(no hits)"}; want ${q.ok[0]}${factOk ? "" : ` / fact ${q.fact}`}`);
  }
  return { top1: top1 / set.queries.length, fact: fact / set.queries.length, misses };
}

export function answererOver(articles: Article[]): { library: CaseLibrary; answerer: Answerer } {
  const library = createLibrary(articles);
  return { library, answerer: createAnswerer(library) };
}
