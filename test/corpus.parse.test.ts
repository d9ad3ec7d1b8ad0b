import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseArticle } from "../src/corpus/parse.ts";

const seed = readFileSync(new URL("../data/articles/000_69318127c2583019.txt", import.meta.url), "utf8");
const parsed = parseArticle({ text: seed, sourceFile: "000_69318127c2583019.txt" });
// The unit cases; the article's own text (editor's note) is a case without a unit, tested below.
const article = { ...parsed, cases: parsed.cases.filter((c) => c.unit) };

describe("parseArticle on the bundled newsletter", () => {
  it("reads the title, subtitle and editor's note", () => {
    expect(article.title).toBe("凝心聚力抓落实 锐意进取谱新篇");
    expect(article.subtitle).toBe("全市人大系统贯彻落实“三会三文”精神典型摘要");
    expect(article.editorNote).toMatch(/^为深入贯彻落实省委/);
  });

  it("finds the six unit sections in order, with place and level", () => {
    expect(article.cases.map((c) => [c.unit, c.place, c.level])).toEqual([
      ["邵东市人大常委会", "邵东市", "county"],
      ["洞口县人大常委会", "洞口县", "county"],
      ["城步苗族自治县人大常委会", "城步苗族自治县", "county"],
      ["武冈市人大常委会", "武冈市", "county"],
      ["新宁回龙寺人大主席团", "新宁回龙寺", "township"],
      ["大祥区城北路街道人大工委", "大祥区城北路街道", "street"],
    ]);
  });

  it("gives each case a headline and the 今年以来 lead", () => {
    for (const c of article.cases) {
      expect(c.headline.length).toBeGreaterThan(5);
      expect(c.lead).toMatch(/^今年以来/);
    }
  });

  it("keeps photo captions out of the body", () => {
    const body = article.cases.flatMap((c) => [c.lead, ...c.paragraphs.map((p) => p.text)]).join("\n");
    expect(body).not.toContain("议事开放日”活动现场");
    expect(body).not.toContain("肖映霜");
    expect(article.cases[1]!.captions).toEqual(["洞口县文昌街道居民议事会“议事开放日”活动现场。"]);
    expect(article.captions).toEqual(["全国人大代表杨进军把全国“两会”精神和“三会三文”精神相融合，积极开展宣讲活动。"]);
  });

  it("flags truncated paragraphs instead of dropping them", () => {
    const shaodong = article.cases[0]!;
    expect(shaodong.paragraphs).toHaveLength(2);
    expect(shaodong.paragraphs[0]!.truncatedEnd).toBe(true);
    expect(shaodong.paragraphs[1]!.truncatedStart).toBe(true);
    expect(article.cases[1]!.paragraphs[0]!.truncatedStart).toBe(true); // "400元/人/年增至…"
  });

  it("extracts quoted practices but not the article-wide theme", () => {
    const chengbeilu = article.cases[5]!;
    expect(chengbeilu.practices).toEqual(expect.arrayContaining(["逢6进站", "码上找代表"]));
    expect(article.cases[2]!.practices).toContain("学一联一提一督一述");
    expect(article.cases.flatMap((c) => c.practices)).not.toContain("三会三文");
  });

  it("extracts figures with the clause that says what they count, as written", () => {
    const shaodong = article.cases[0]!;
    expect(shaodong.figures).toContainEqual(expect.objectContaining({ value: "94个", number: 94, phrase: "在全市范围内建立94个代表联络站" }));
    const chengbeilu = article.cases[5]!;
    expect(chengbeilu.figures).toContainEqual(expect.objectContaining({ value: "5万元", phrase: "投入5万元升级仙人井联络站" }));
  });

  it("takes quoted problems for no practice: 破解“不会干、不善干、不想干”问题", () => {
    const c = parseArticle({ text: "白杨县人大常委会：积分管理激活代表\n白杨县人大常委会推行“代表积分制”，破解代表“不会干、不善干、不想干”问题，化解“三难”。\n", sourceFile: "p.txt" }).cases[0]!;
    expect(c.practices).toEqual(["代表积分制"]);
  });

  it("derives stable ids from the source and the unit", () => {
    const again = parseArticle({ text: seed, sourceFile: "000_69318127c2583019.txt" });
    expect(again.cases.map((c) => c.id)).toEqual(parsed.cases.map((c) => c.id));
    expect(new Set(article.cases.map((c) => c.id)).size).toBe(6);
    for (const c of article.cases) expect(c.id).toMatch(/^[0-9a-f]{8}$/);
  });
});

describe("practice extraction", () => {
  it("skips abbreviations and figures of speech in quotes", async () => {
    const { extractPractices } = await import("../src/corpus/cases.ts");
    expect(extractPractices("确保资金用在“刀刃上”，听取“法检”两长述职，落实“逢6进站”和“千名代表访万人”。")).toEqual(["逢6进站", "千名代表访万人"]);
  });
});
