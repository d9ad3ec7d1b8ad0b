import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { renderAnswer } from "../src/answer/render.ts";
import type { Answerer } from "../src/answer/types.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { answererOver, parseDir } from "./support/layout-eval.ts";

let library: CaseLibrary;
let answerer: Answerer;
beforeAll(() => {
  ({ library, answerer } = answererOver([...parseDir("data/articles"), ...parseDir("test/fixtures/layouts")]));
});
const reply = (q: string) => renderPlain(renderAnswer(answerer.ask(q), library));

describe("questions that name a place", () => {
  it("a place with no case: says so first, then other places' practice, labelled", () => {
    const r = answerer.ask("芙蓉区建了多少个代表联络站");
    expect(r.place).toEqual({ name: "芙蓉区", covered: false });
    expect(r.hits.length).toBeGreaterThan(0);
    expect(reply("芙蓉区建了多少个代表联络站")).toMatch(/^暂未收录芙蓉区的案例。以下是其他地方的相关做法，供参考：\n\n【/);
    expect(reply("长沙一共有多少个代表联络站")).toMatch(/^暂未收录长沙的案例。/);
    expect(reply("芙蓉區建了多少個代表聯絡站")).toMatch(/^暂未收录芙蓉区的案例。/);
  });

  it("a region with cases inside it (a city over the bundled counties) is answered from them, without a notice", () => {
    const r = answerer.ask("邵阳有多少个代表联络站");
    expect(r.place).toEqual({ name: "邵阳", covered: true });
    expect(r.hits[0]!.case.articleId).toBe("000_69318127c2583019");
    expect(reply("邵阳有多少个代表联络站")).not.toContain("暂未收录");
  });

  it("a place the cases only mention (a street in a county's report) is searched as words", () => {
    const r = answerer.ask("文昌街道");
    expect(r.place?.covered).toBe(true);
    expect(r.hits[0]!.case.unit).toBe("洞口县人大常委会");
  });

  it("a unit's own place name keeps pointing at that unit", () => {
    expect(answerer.ask("城步联络站").hits[0]!.case.unit).toBe("城步苗族自治县人大常委会");
  });

  it("off-topic group chat gets no case at all", () => {
    const { queries } = JSON.parse(readFileSync("test/fixtures/offtopic-queries.json", "utf8")) as { queries: string[] };
    const answered = queries.filter((q) => answerer.ask(q).hits.length > 0);
    expect(answered).toEqual([]);
  });
});
