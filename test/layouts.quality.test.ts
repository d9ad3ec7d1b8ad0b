import { beforeAll, describe, expect, it } from "vitest";
import type { Answerer } from "../src/answer/types.ts";
import type { Article, CaseLibrary } from "../src/corpus/types.ts";
import { answererOver, parseDir, readLayoutSet, scoreQueries, scoreSections } from "./support/layout-eval.ts";

/**
 * The eight layouts of the dev set (test/fixtures/layouts, copied from shared/layouts), ingested
 * next to the bundled newsletter. Thresholds from the "any layout" issue.
 */
const set = readLayoutSet("test/fixtures/layouts");
let layouts: Article[];
let library: CaseLibrary;
let answerer: Answerer;
beforeAll(() => {
  layouts = parseDir("test/fixtures/layouts");
  ({ library, answerer } = answererOver([...parseDir("data/articles"), ...layouts]));
});

describe("layouts dev set", () => {
  it("finds the unit sections: recall >= 0.95, precision >= 0.9", () => {
    const s = scoreSections(layouts, set);
    console.log(`sections: recall ${s.recall.toFixed(3)}, precision ${s.precision.toFixed(3)}`);
    expect(s.recall, s.misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(s.precision, s.misses.join("\n")).toBeGreaterThanOrEqual(0.9);
  });

  it("answers its questions: right unit first >= 0.9, answering fact in the reply >= 0.9", () => {
    const q = scoreQueries(answerer, library, set);
    console.log(`layout questions: top-1 ${q.top1.toFixed(3)}, fact ${q.fact.toFixed(3)}`);
    for (const m of q.misses) console.log(`  miss ${m}`);
    expect(q.top1, q.misses.join("\n")).toBeGreaterThanOrEqual(0.9);
    expect(q.fact, q.misses.join("\n")).toBeGreaterThanOrEqual(0.9);
  });
});
