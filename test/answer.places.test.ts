import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { renderAnswer } from "../src/answer/render.ts";
import type { Answerer } from "../src/answer/types.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { parseArticle } from "../src/corpus/parse.ts";
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

  it("a region lists only its own cases, innermost first, and never another region's as a match", () => {
    const listed = answerer.ask("邵阳有哪些好做法", { limit: 10 });
    expect(listed.place).toEqual({ name: "邵阳", covered: true });
    expect(listed.hits.map((h) => h.case.unit)).toEqual([
      "新宁回龙寺人大主席团",
      "大祥区城北路街道人大工委",
      "邵东市人大常委会",
      "洞口县人大常委会",
      "城步苗族自治县人大常委会",
      "武冈市人大常委会",
    ]);
    // The layouts' cases talk about 联络站 too, but they are not in 湖南.
    const topic = answerer.ask("湖南的代表联络站", { limit: 20 });
    expect(topic.hits.length).toBeGreaterThan(0);
    expect(topic.hits.every((h) => h.case.articleId === "000_69318127c2583019")).toBe(true);
  });

  it("asked only how a region's deputies do their work, lists its cases", () => {
    const r = answerer.ask("邵阳的代表是怎么履职的", { limit: 10 });
    expect(r.place).toEqual({ name: "邵阳", covered: true });
    expect(r.hits.map((h) => h.case.unit)).toEqual(answerer.ask("邵阳有哪些好做法", { limit: 10 }).hits.map((h) => h.case.unit));
  });

  it("a county contains its towns, even a town written after the county's bare name", () => {
    const r = answerer.ask("新宁县有什么经验");
    expect(r.place).toEqual({ name: "新宁县", covered: true });
    expect(r.hits.map((h) => h.case.unit)).toEqual(["新宁回龙寺人大主席团"]);
    expect(answerer.ask("新宁有哪些做法").hits[0]!.case.unit).toBe("新宁回龙寺人大主席团");
  });

  it("a county is told from the city it is named after, by division code (邵阳县 is not 邵阳市)", () => {
    expect(answerer.ask("邵阳县代表联络站").place).toEqual({ name: "邵阳县", covered: false });
    expect(reply("邵阳县代表联络站")).toMatch(/^暂未收录邵阳县的案例。/);
  });

  it("a county written by its bare short name, with a topic, is said to be missing first", () => {
    expect(reply("芙蓉代表联络站怎么建")).toMatch(/^暂未收录芙蓉区的案例。以下是其他地方的相关做法，供参考：/);
    expect(reply("广东的代表联络站")).toMatch(/^暂未收录广东的案例。/);
    // A province asked in English is the province.
    expect(answerer.ask("Hunan liaison station").place).toEqual({ name: "湖南", covered: true });
    expect(reply("Guangdong liaison station")).toMatch(/^暂未收录广东的案例。/);
    // A short name inside an ordinary word is not a place: 平安 in 平安建设.
    expect(answerer.ask("平安建设代表怎么参与").place).toBeUndefined();
  });

  it("the place's own name is no evidence: a topic its cases do not cover is not found there", () => {
    const r = answerer.ask("邵阳 宪法宣誓");
    expect(r.place).toEqual({ name: "邵阳", covered: true });
    expect(r.hits).toEqual([]);
    expect(reply("周末邵阳到长沙的高铁票还有吗")).toMatch(/^没有找到/);
  });

  it("a single unit's place whose case does not say what is asked: its case, labelled as such", () => {
    const r = answerer.ask("城步的代表宪法宣誓是怎么组织的");
    expect(r.place).toMatchObject({ name: "城步", covered: true, topicMissing: true });
    expect(r.hits.map((h) => h.case.unit)).toEqual(["城步苗族自治县人大常委会"]);
    expect(reply("城步的代表宪法宣誓是怎么组织的")).toMatch(/^城步的案例中没有找到与“代表宪法宣誓是怎么组织的”直接相关的内容。以下是城步的案例：\n\n【城步/);
  });

  it("off-topic group chat gets no case at all", () => {
    const { queries } = JSON.parse(readFileSync("test/fixtures/offtopic-queries.json", "utf8")) as { queries: string[] };
    const answered = queries.filter((q) => answerer.ask(q).hits.length > 0);
    expect(answered).toEqual([]);
  });
});

describe("a place written in full", () => {
  it("is the place written, not a shorter name inside it that would be another division (吉林省 is not 吉林市)", () => {
    const text = ["各地动态", "", "吉林省人大常委会", "", "推进家站点规范化建设", "", "省人大常委会制定家站点建设标准，推动全省乡镇全部建站。"].join("\n");
    const { answerer: one } = answererOver([parseArticle({ text, sourceFile: "province.txt" })]);
    const r = one.ask("吉林省有什么好做法");
    expect(r.place).toEqual({ name: "吉林省", covered: true });
    expect(r.hits.map((h) => h.case.unit)).toEqual(["吉林省人大常委会"]);
  });

  it("a county of one character and its suffix is a place where a place can stand, not inside a word", () => {
    expect(reply("藤县的代表联络站")).toMatch(/^暂未收录藤县的案例。/);
    expect(reply("沛县有什么好做法")).toMatch(/^暂未收录沛县的案例。/);
    expect(answerer.ask("怎么提高县级人大代表的履职能力").place).toBeUndefined();
    expect(answerer.ask("沙县小吃").place).toBeUndefined();
  });

  it("a town's short name that is also a word (民主 of 民主镇) is a place only where a place can stand", () => {
    const text = [
      "各地简报",
      "",
      "民主镇人大主席团",
      "",
      "代表之家常态开放",
      "",
      "民主镇人大主席团依托代表之家，每周安排代表轮值接待群众。",
      "",
      "平阴县人大常委会",
      "",
      "民主恳谈会议出实事",
      "",
      "县人大常委会在各乡镇召开民主恳谈会，请群众和代表一起商议民生实事项目。",
    ].join("\n");
    const { answerer: two } = answererOver([parseArticle({ text, sourceFile: "towns.txt" })]);
    expect(two.ask("民主恳谈会怎么开的").hits[0]!.case.unit).toBe("平阴县人大常委会");
    expect(two.ask("民主的代表之家").place).toMatchObject({ name: "民主", covered: true });
  });

  it("a long development zone's name is read whole", () => {
    expect(reply("如皋高新技术产业开发区的代表联络站")).toMatch(/^暂未收录如皋高新技术产业开发区的案例。/);
  });
});
