import MiniSearch from "minisearch";
import { beforeAll, describe, expect, it } from "vitest";
import { loadLibrary } from "../src/corpus/load.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { alignSegment } from "../src/search/align.ts";
import { buildSearchIndex, type SearchIndex } from "../src/search/index.ts";
import { normalizeAligned, normalizeQuery, normalizeText } from "../src/search/normalize.ts";
import { SEARCH_OPTIONS, type CaseDocument } from "../src/search/options.ts";
import { analyzeQuery } from "../src/search/query.ts";
import { searchCases } from "../src/search/search.ts";
import { indexTokens } from "../src/search/tokenize.ts";
import { createAnswerer } from "../src/answer/answerer.ts";
import { createLibrary } from "../src/corpus/library.ts";
import { parseArticle } from "../src/corpus/parse.ts";
import { answererOver } from "./support/layout-eval.ts";

let library: CaseLibrary;
let index: SearchIndex;
beforeAll(async () => {
  library = await loadLibrary("data/articles");
  index = buildSearchIndex(library.allCases);
});

const unitOf = (q: string) => searchCases(index, q).ranked.map((r) => r.case.place);

describe("normalisation", () => {
  it("maps traditional to simplified, full-width to half-width, and drops mentions", () => {
    expect(normalizeText("聯絡站運行經費")).toBe("联络站运行经费");
    expect(normalizeText("ＫＰＩ　１２３？")).toBe("kpi 123?");
    expect(normalizeQuery("@casebot_bot 鄉鎮人大 @张三")).toBe("乡镇人大");
  });

  it("keeps positions when normalising passages, so highlights land on the original text", () => {
    const original = "逢６进站……（试行）";
    const norm = normalizeAligned(original);
    expect(norm).toHaveLength(original.length);
    expect(norm.indexOf("6进站")).toBe(original.indexOf("６进站"));
  });
});

describe("tokenizer", () => {
  it("emits Han bigrams, whole numbers and lower-case words; single characters go to the character table", () => {
    expect(indexTokens("联络站 94个 NPC")).toEqual(["联络", "络站", "94", "npc"]);
    expect(index.df("码")).toBe(1); // one case has the character 码: the fallback table knows it
  });

  it("MiniSearch's default tokenizer finds nothing in Chinese, ours does", () => {
    const docs = library.cases.map((c) => ({ id: c.id, body: c.paragraphs.map((p) => p.text).join("\n") }));
    const plain = new MiniSearch({ fields: ["body"] });
    plain.addAll(docs);
    expect(plain.search("联络站")).toHaveLength(0);
    expect(createAnswerer(library, index).ask("联络站").hits.length).toBeGreaterThan(0);
  });
});

describe("query analysis", () => {
  it("drops question words and splits on them", () => {
    const plan = analyzeQuery("乡镇人大怎么规范化建设？", index.df);
    expect(plan.segments.map((s) => s.text)).toEqual(["乡镇人大", "规范化建设"]);
    expect(plan.normalized).not.toContain("怎么");
  });

  it("flags questions that ask for a number", () => {
    expect(analyzeQuery("投入了多少钱", index.df).wantsNumber).toBe(true);
    expect(analyzeQuery("开展了几次监督", index.df).wantsNumber).toBe(true);
    expect(analyzeQuery("逢6进站", index.df).wantsNumber).toBe(false);
  });

  it("translates common English domain words and ignores unknown ones", () => {
    const plan = analyzeQuery("deputy liaison station zzqx 城北路", index.df);
    expect(plan.segments.map((s) => s.text)).toEqual(["代表", "联络站", "城北路"]);
    expect(plan.terms.map((t) => t.term)).not.toContain("deputy");
  });

  it("searches single characters only where the question's bigrams are unknown to the corpus", () => {
    const terms = analyzeQuery("连络站", index.df).terms.map((t) => t.term);
    expect(terms).toContain("络站");
    expect(terms).not.toContain("连络");
    expect(terms).not.toContain("络"); // covered by 络站
  });

  it("bounds the work for very long questions", () => {
    const plan = analyzeQuery("联络站".repeat(4000), index.df);
    expect(plan.segments.reduce((n, s) => n + s.chars.length, 0)).toBeLessThanOrEqual(200);
  });
});

describe("alignment", () => {
  const seg = (text: string) => ({ text, chars: Array.from(text), weights: Array.from(text, () => 1) });

  it("gives a mistyped character partial credit instead of none", () => {
    const exact = alignSegment(seg("联络站进集市"), "开展“联络站进集市”活动");
    const typo = alignSegment(seg("连络站进集市"), "开展“联络站进集市”活动");
    expect(exact).toBe(6);
    expect(typo).toBeGreaterThan(4);
    expect(typo).toBeLessThan(exact);
  });

  it("counts scattered single shared characters at half weight", () => {
    expect(alignSegment(seg("比特币"), "在专业园区特色产业链上")).toBe(0.5);
  });
});

describe("ranking and the confidence floor", () => {
  it("ranks the case that holds the phrase first, for typos and traditional characters too", () => {
    expect(unitOf("码上找代表")[0]).toBe("大祥区城北路街道");
    expect(unitOf("聯絡站進集市")[0]).toBe("城步苗族自治县");
    expect(unitOf("连络站进集市")[0]).toBe("城步苗族自治县");
  });

  it("finds a unit by its short place name", () => {
    expect(unitOf("城北路")[0]).toBe("大祥区城北路街道");
    expect(unitOf("城步")[0]).toBe("城步苗族自治县");
  });

  it.each(["天气怎么样", "比特币价格", "asdfgh", "🙂🙂", "", "？？？", "<b>hi</b>", "今天吃什么", "hello world", "比特币 2025", "工作", "站", "如何学习英语", "钢琴培训"])(
    "gives no hits for %j",
    (q) => {
      expect(searchCases(index, q).ranked).toEqual([]);
    },
  );

  it.each(["今天股市大涨，比特币也创了新高，很多年轻人都在讨论要不要买房子", "最近天气很冷，大家注意保暖，明天下午三点在会议室开会讨论年终总结", "小区门口的垃圾没人清理，物业也不管，业主们很生气，想投诉"])(
    "a long unrelated message gets no hits: %s",
    (q) => {
      expect(searchCases(index, q).ranked).toEqual([]);
    },
  );

  it("word order may differ from the text (order-free bigram evidence)", () => {
    expect(unitOf("专家授课 法律")[0]).toBe("大祥区城北路街道");
  });

  it("a People's Congress topic the library lacks gets no case, not the nearest generic one", () => {
    // Each shares genre words (人大, 代表, 乡镇人大) or one word with some case, never its topic.
    for (const q of ["宪法宣誓仪式怎么组织", "规范性文件备案审查", "地方性法规清理", "人事任免表决办法", "司法机关专项工作报告", "人大信访工作", "乡镇人大主席团换届选举"]) {
      expect(unitOf(q), q).toEqual([]);
    }
  });

  it("a number alone does not make an unrelated question relevant, but counts next to Chinese words", () => {
    expect(unitOf("比特币 94")).toEqual([]);
    expect(unitOf("94个联络站")[0]).toBe("邵东市");
  });

  it("a quantity question gets the sentence counting in its measure, in Chinese numerals too; a date question the dated one", () => {
    const text = [
      "青松县人大常委会：规范建设代表联络站",
      "青松县人大常委会高度重视代表联络站的工作规范建设，把工作规范作为阵地建设的基础。",
      "常委会先后印发两个工作规范，明确站点职责。",
      "常委会组织代表交流学习联络站运行管理的经验，代表们表示收获很大。",
      "每周二，常委会组织代表赴邻县交流学习。",
    ].join("\n\n");
    const { answerer } = answererOver([parseArticle({ text, sourceFile: "qingsong.txt" })]);
    expect(analyzeQuery("印发了几个工作规范", index.df).askedMeasure).toBe("个");
    expect(answerer.ask("青松县有几个工作规范").hits[0]!.passage.text).toContain("两个工作规范");
    expect(analyzeQuery("去邻县交流学习是几月几号", index.df).wantsDate).toBe(true);
    expect(answerer.ask("青松县组织代表交流学习是哪天").hits[0]!.passage.text).toContain("每周二");
  });

  it("marks the matched words of the chosen passage", () => {
    const result = searchCases(index, "投入5万元升级联络站");
    const top = { passage: result.passageOf(result.ranked[0]!) };
    expect(top.passage.text).toBe("投入5万元升级仙人井联络站。");
    expect(top.passage.terms).toEqual(["投入5万元升级", "联络站"]); // adjacent matches merge into one mark
  });

  it("pages through hits with offset and limit", () => {
    const answerer = createAnswerer(library, index);
    const all = answerer.ask("联络站", { limit: 10 });
    expect(all.total).toBeGreaterThan(2);
    const page2 = answerer.ask("联络站", { limit: 1, offset: 1 });
    expect(page2.hits.map((h) => h.case.id)).toEqual([all.hits[1]!.case.id]);
    expect(page2.total).toBe(all.total);
  });
});

describe("SEARCH_OPTIONS", () => {
  it("is all MiniSearch.loadJSON needs to restore an index that answers the same", () => {
    const built = new MiniSearch<CaseDocument>(SEARCH_OPTIONS);
    built.addAll(library.cases.map((c) => ({ id: c.id, unit: normalizeAligned(c.unit), title: normalizeAligned(c.headline), text: normalizeAligned(c.paragraphs.map((p) => p.text).join("\n")), captions: "" })));
    const restored = MiniSearch.loadJSON<CaseDocument>(JSON.stringify(built), SEARCH_OPTIONS);
    const q = "联络 络站 集市";
    expect(restored.search(q).length).toBeGreaterThan(0);
    expect(restored.search(q).map((r) => [r.id, r.score])).toEqual(built.search(q).map((r) => [r.id, r.score]));
  });
});

describe("one passage that answers", () => {
  it("ranks the case with the whole question (and the figure asked) in one sentence above one with its words spread out", () => {
    const text = [
      "各地简报",
      "",
      "青川县人大常委会",
      "",
      "规范乡镇人代会",
      "",
      "今年以来，县人大常委会印发操作指引，对民生实事项目的征集、审议等环节逐一细化。组建督导小组，逐项核对票决办法等文件材料。派员列席会议，确保民生实事工作于法有据。常委会还就民生实事的票决程序开展培训，编印票决工作问答，督促各乡镇做好票决准备。",
      "",
      "白石乡人大主席团",
      "",
      "乡人代会顺利召开",
      "",
      "白石乡召开乡人代会，依法完成各项议程，共票决产生民生实事9项。",
    ].join("\n");
    const lib = createLibrary([parseArticle({ text, sourceFile: "votes.txt" })]);
    const result = createAnswerer(lib).ask("票决出了几项民生实事");
    expect(result.hits.map((h) => h.case.unit)).toEqual(["白石乡人大主席团", "青川县人大常委会"]);
    expect(result.hits[0]!.passage.text).toContain("民生实事9项");
  });
});

describe("the answering passage", () => {
  it("inside a case, prefers the sentence with the question's rarer words over one repeating words every sentence has", () => {
    const text = [
      "联络站简介",
      "",
      "石门镇人大代表联络站",
      "",
      "石门镇人大代表联络站简介",
      "",
      "石门镇人大代表联络站设在镇便民服务中心，占地约260平方米，设有接待室、议事室等功能室。",
      "站内配备站长1名，专职联络员3名。进站履职的省、市、镇三级人大代表共86名，辖区代表已全部编组进站。",
      "进站代表依托联络站开展政策宣讲、民意收集、专题调研等活动，使联络站成为代表联系选民的主阵地。",
      "联络站实行代表轮流进站接待，进站代表每月接待选民不少于一次。",
    ].join("\n");
    const lib = createLibrary([parseArticle({ text, sourceFile: "station.txt" })]);
    const ask = (q: string) => createAnswerer(lib).ask(q).hits[0]!.passage.text;
    expect(ask("石门镇联络站进站代表有多少名")).toContain("共86名");
    expect(ask("石门镇代表联络站占地多大")).toContain("占地约260平方米");
  });
});

describe("asides", () => {
  const df = () => 1;
  it("are the clauses without a question word, when the clause that asks has words of its own", () => {
    const plan = analyzeQuery("种白茶出名的那个镇，代表之家占地多大", df);
    expect(plan.segments.map((s) => [s.text, s.aside ?? false])).toEqual([["种白茶出名的那个镇", true], ["代表之家占地", false]]);
  });

  it("are none when the asking clause is only a question word (平阴 联络站 多少个)", () => {
    expect(analyzeQuery("平阴 联络站 多少个", df).segments.some((s) => s.aside)).toBe(false);
    expect(analyzeQuery("平阴联络站有多少个", df).segments.some((s) => s.aside)).toBe(false);
  });
});

describe("a question with a clause that only says which case is meant", () => {
  const text = [
    "代表之家简介",
    "",
    "柏林镇人大代表之家",
    "",
    "柏林镇人大代表之家简介",
    "",
    "柏林镇以白茶闻名，镇人大主席团组织代表之家的代表围绕白茶种植开展专题调研，助推白茶品牌建设。",
    "代表之家设在镇政府东侧，占地约150平方米，设有接待室、议事室、学习室。",
    "代表之家实行代表轮值制度，每周三为固定接待日。",
  ].join("\n");
  const lib = createLibrary([parseArticle({ text, sourceFile: "home.txt" })]);

  it("answers from the sentence the asking clause is about, not the one repeating the description", () => {
    const hit = createAnswerer(lib).ask("种白茶出名的那个镇，代表之家占地多大").hits[0]!;
    expect(hit.case.unit).toBe("柏林镇人大代表之家");
    expect(hit.passage.text).toContain("占地约150平方米");
  });

  it("does not take two words run together (家占 of 代表之家占地) for a word the library never writes", () => {
    expect(createAnswerer(lib).ask("烧白茶出名的那个镇，代表之家占地多大").hits.map((h) => h.case.unit)).toEqual(["柏林镇人大代表之家"]);
  });
});

describe("a question that asks for a list", () => {
  it("is answered by the sentence that enumerates, not the opening one repeating the topic", () => {
    const text = [
      "各地简报",
      "",
      "平阴县人大常委会",
      "",
      "平阴县人大常委会就城乡供水一体化开展专题询问",
      "",
      "5月8日，平阴县人大常委会举行专题询问会，围绕城乡供水一体化工作开展专题询问。",
      "会上，常委会组成人员围绕水厂扩建、管网改造、水价核定、二次供水等方面逐一发问，有关部门负责人现场作答。",
      "县人大常委会将跟踪督办询问中提出的问题。",
    ].join("\n");
    const lib = createLibrary([parseArticle({ text, sourceFile: "inquiry.txt" })]);
    expect(createAnswerer(lib).ask("城乡供水专题询问主要问了哪些方面").hits[0]!.passage.text).toContain("水厂扩建、管网改造");
  });
});

describe("modal verbs", () => {
  it("do not count as words the library never writes (必须, 应当)", () => {
    const text = [
      "各地简报",
      "",
      "章丘区人大常委会",
      "",
      "阵地建设全覆盖",
      "",
      "区人大常委会推动镇街全部建站，有3名以上代表的村全部设立代表联络室，做到就近联系群众。",
    ].join("\n");
    const lib = createLibrary([parseArticle({ text, sourceFile: "rooms.txt" })]);
    expect(createAnswerer(lib).ask("村里代表有几个以上就必须设联络室").hits.map((h) => h.case.unit)).toEqual(["章丘区人大常委会"]);
  });
});

describe("questions from outside the library's world", () => {
  it("says nothing matches when a long run of the question's words is never written in the library", () => {
    const text = [
      "各地简报",
      "",
      "青川县人大常委会",
      "",
      "指导乡镇人代会",
      "",
      "县人大常委会提前谋划、靠前指导，组建督导小组按片包乡，逐项核对会议议程、票决办法等文件材料，确保每个环节于法有据。",
    ].join("\n");
    const lib = createLibrary([parseArticle({ text, sourceFile: "guide.txt" })]);
    expect(createAnswerer(lib).ask("公积金贷款提前还款要带哪些材料").hits).toEqual([]);
    expect(createAnswerer(lib).ask("乡镇人代会的文件材料怎么核对").hits.map((h) => h.case.unit)).toEqual(["青川县人大常委会"]);
  });
});
