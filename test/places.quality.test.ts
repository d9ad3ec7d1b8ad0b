import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { renderAnswer } from "../src/answer/render.ts";
import type { Answerer } from "../src/answer/types.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { answererOver, parseDir, sameUnit } from "./support/layout-eval.ts";

/**
 * Place questions (test/fixtures/layouts/places.json) over the bundled newsletter with the eight
 * layouts beside it, judged as the shared scorer judges them: a covered place is answered with
 * its own case first and no 暂未收录 notice; a place without a case is said to be missing first.
 */
interface PlaceQuestion {
  q: string;
  expect: "covered" | "uncovered";
  ok?: string[];
}
const { places } = JSON.parse(readFileSync("test/fixtures/layouts/places.json", "utf8")) as { places: PlaceQuestion[] };

let library: CaseLibrary;
let answerer: Answerer;
beforeAll(() => {
  ({ library, answerer } = answererOver([...parseDir("data/articles"), ...parseDir("test/fixtures/layouts")]));
});

describe("place questions", () => {
  it("every place question is right", () => {
    const misses: string[] = [];
    for (const p of places) {
      const result = answerer.ask(p.q);
      const reply = renderPlain(renderAnswer(result, library));
      const top = result.hits[0]?.case.unit;
      const ok =
        p.expect === "uncovered"
          ? result.place?.covered === false && reply.startsWith("暂未收录")
          : top !== undefined && (p.ok ?? []).some((u) => sameUnit(u, top)) && result.place?.covered !== false && !reply.startsWith("暂未收录");
      if (!ok) misses.push(`${p.q} (${p.expect}) → ${top ?? "(no hit)"} · place ${JSON.stringify(result.place)}`);
    }
    console.log(`place questions: ${places.length - misses.length}/${places.length}`);
    expect(places.length).toBeGreaterThanOrEqual(25);
    expect(misses).toEqual([]);
  });
});
