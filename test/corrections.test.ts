/**
 * Editors' corrections applied to a parse (src/corpus/corrections/): made through the edit
 * grammar against the article as parsed, applied to that parse and to other parses of the same
 * document (an edited version, a parser that reads it differently), stale when their target is
 * gone. An invented newsletter; no parser internals are assumed beyond what the report shows.
 */
import { describe, expect, it } from "vitest";
import { caseId } from "../src/corpus/cases.ts";
import { applyCorrections } from "../src/corpus/corrections/apply.ts";
import { parseEdit, resolveEdit } from "../src/corpus/corrections/edit.ts";
import { listPassages } from "../src/corpus/corrections/passages.ts";
import type { Correction } from "../src/corpus/corrections/types.ts";
import { unitOfName } from "../src/corpus/corrections/unit-name.ts";
import { defaultGazetteer } from "../src/corpus/gazetteer.ts";
import { parseArticle } from "../src/corpus/parse.ts";
import type { Article } from "../src/corpus/types.ts";
import { UserInputError } from "../src/errors.ts";
import { NEWSLETTER } from "./corrections.fixture.ts";

const parse = (text = NEWSLETTER) => parseArticle({ text, sourceFile: "桐川简报.md" });
const NOW = new Date("2026-03-02T09:30:00.000Z");

/** Runs edits (as typed after the document's name) one by one, each against the article corrected so far. */
function edit(article: Article, ...commands: string[]): { corrections: Correction[]; article: Article; said: string[] } {
  let corrections: Correction[] = [];
  const said: string[] = [];
  let current = article;
  for (const command of commands) {
    const e = parseEdit(command.split(" "));
    if (e.kind === "list") continue;
    const r = resolveEdit(current, corrections, e, { by: "test", now: NOW });
    corrections = r.corrections;
    said.push(...r.said);
    current = applyCorrections(article, corrections, defaultGazetteer());
  }
  return { corrections, article: current, said };
}

/** Each unit (or "" for the article's own text) with its passages' numbers. */
const layout = (a: Article) => {
  const passages = listPassages(a);
  return a.cases.map((c, i) => `${c.unit || "（未归属）"}: ${passages.filter((p) => p.caseIndex === i).map((p) => p.n).join(" ")}`);
};

describe("the parse the corrections are made against", () => {
  it("has two units, four passages of theirs and one of the article's own", () => {
    expect(layout(parse())).toEqual(["柳湾镇人大主席团: 1 2", "石岭街道人大工委: 3 4", "（未归属）: 5"]);
  });
});

describe("corrections", () => {
  it("move a passage to a new unit: a case of its own, the numbers the editor saw stay", () => {
    const original = parse();
    const { article, said, corrections } = edit(original, "移动 4 枣林社区代表联络站");
    expect(said).toEqual(["已更正：把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”。"]);
    expect(corrections).toEqual([
      {
        op: "move",
        passage: { hash: expect.stringMatching(/^[0-9a-f]{12}$/), start: "枣林社区代表联络站每月开放两次,由代表轮流值守,", text: "枣林社区代表联络站每月开放两次，由代表轮…" },
        to: { key: "枣林社区代表联络站", name: "枣林社区代表联络站" },
        at: NOW.toISOString(),
        by: "test",
      },
    ]);
    expect(layout(article)).toEqual(["柳湾镇人大主席团: 1 2", "石岭街道人大工委: 3", "枣林社区代表联络站: 4", "（未归属）: 5"]);
    const station = article.cases[2]!;
    expect(station).toMatchObject({ unit: "枣林社区代表联络站", unitKey: "枣林社区代表联络站", id: caseId(original.id, "枣林社区代表联络站"), order: 2 });
    expect(station.lead).toBe("枣林社区代表联络站每月开放两次，由代表轮流值守，去年接待群众410人次。");
    expect(station.figures.map((f) => f.value)).toEqual(["410人次"]);
    // The headline it stood under was the other unit's: a topic now. A station has no place of its
    // own to tell its level: it takes that of the unit it was found in.
    expect(station.sections).toEqual([{ headline: "", topics: ["“楼长代表”解决停车难"], rule: "correction" }]);
    expect(station).toMatchObject({ headline: "桐川县人大工作简报（第8期）", level: "street", place: "" });
    // The unit it left keeps its id and loses the figure.
    expect(article.cases[1]).toMatchObject({ id: original.cases[1]!.id, paragraphs: [] });
    expect(article.cases[1]!.figures.map((f) => f.value)).toEqual(["8个", "260个"]);
    expect(article.report).toMatchObject({ unattributed: 1, corrections: [{ n: 1, text: said[0]!.slice(4, -1) }] });
    expect(article.report.rules).toContain("correction");
    // Cases no correction touched are the parser's own objects.
    expect(article.cases[0]).toBe(original.cases[0]);
  });

  it("rename keeps the identity when the name is another form of the same unit, and changes it when not", () => {
    const original = parse();
    const same = edit(original, "改名 柳湾镇人大主席团 柳湾镇人大");
    expect(same.article.cases[0]).toMatchObject({ unit: "柳湾镇人大", unitKey: "柳湾镇", id: original.cases[0]!.id, lead: original.cases[0]!.lead });
    const other = edit(original, "改名 石岭 石岭街道人大工作委员会办公室");
    expect(other.said).toEqual(["已更正：把“石岭街道人大工委”改名为“石岭街道人大工作委员会办公室”。"]);
    expect(other.article.cases[1]).toMatchObject({ unit: "石岭街道人大工作委员会办公室", level: "street" });
  });

  it("rename onto another unit's name, and merge, make one unit in reading order", () => {
    const original = parse();
    const merged = edit(original, "合并 石岭街道人大工委 柳湾镇人大主席团").article;
    expect(layout(merged)).toEqual(["柳湾镇人大主席团: 1 2 3 4", "（未归属）: 5"]);
    expect(merged.cases[0]).toMatchObject({ id: original.cases[0]!.id, lead: original.cases[0]!.lead, practices: ["田间议事", "楼长代表"] });
    const renamed = edit(original, "改名 石岭街道人大工委 柳湾镇人大").article;
    expect(layout(renamed)).toEqual(["柳湾镇人大主席团: 1 2 3 4", "（未归属）: 5"]);
  });

  it("a unit that is no unit, the article's own text given to a unit, a passage taken out of any unit", () => {
    const original = parse();
    expect(layout(edit(original, "合并 柳湾 -").article)).toEqual(["石岭街道人大工委: 3 4", "（未归属）: 1 2 5"]);
    const county = edit(original, "改名 未归属 桐川县人大常委会");
    expect(county.said).toEqual(["已更正：把未归属单位的段落（1 段）归入“桐川县人大常委会”。"]);
    expect(layout(county.article)).toEqual(["柳湾镇人大主席团: 1 2", "石岭街道人大工委: 3 4", "桐川县人大常委会: 5"]);
    expect(county.article.cases[2]).toMatchObject({ unitKey: "桐川县", place: "桐川县", level: "county" });
    expect(county.article.report.unattributed).toBe(0);
    expect(layout(edit(original, "移动 2 -").article)).toEqual(["柳湾镇人大主席团: 1", "石岭街道人大工委: 3 4", "（未归属）: 2 5"]);
    expect(layout(edit(original, "移动 1-2 石岭街道人大工委").article)).toEqual(["石岭街道人大工委: 1 2 3 4", "（未归属）: 5"]);
  });

  it("names a passage by the words it starts with, or words it contains", () => {
    const original = parse();
    expect(layout(edit(original, "移动 代表们还把议事结果 石岭街道人大工委").article)).toEqual(["柳湾镇人大主席团: 1", "石岭街道人大工委: 2 3 4", "（未归属）: 5"]);
    expect(layout(edit(original, "移动 张贴在村务公开栏 -").article)).toEqual(["柳湾镇人大主席团: 1", "石岭街道人大工委: 3 4", "（未归属）: 2 5"]);
  });

  it("undo takes a correction out; the others still apply", () => {
    const { corrections, said } = edit(parse(), "移动 4 枣林社区代表联络站", "合并 柳湾 石岭街道人大工委", "撤销 1");
    expect(said.at(-1)).toBe("已撤销：把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”。");
    expect(corrections.map((c) => c.op)).toEqual(["merge"]);
    expect(layout(applyCorrections(parse(), corrections, defaultGazetteer()))).toEqual(["石岭街道人大工委: 1 2 3 4", "（未归属）: 5"]);
  });

  it("refuses what does not name a unit, passage or correction of the document, saying what there is", () => {
    const original = parse();
    const refusal = (...commands: string[]) => {
      try {
        edit(original, ...commands);
      } catch (err) {
        return (err as UserInputError).userMessage;
      }
      return "accepted";
    };
    expect(refusal("改名 青石县人大 新名称")).toBe("这篇文章里没有单位“青石县人大”。文中的单位：柳湾镇人大主席团、石岭街道人大工委。");
    expect(refusal("合并 柳湾 新单位")).toBe("“新单位”不是这篇文章里的单位。要给段落起新的单位名，请用“改名”或“移动”。");
    expect(refusal("移动 9 柳湾")).toBe("没有第 9 段（这篇文章共 5 段，编号见报告方括号）。");
    expect(refusal("移动 人大 柳湾")).toBe("有 2 段包含“人大”，请多写几个字或用段落编号。");
    expect(refusal("移动 没有这句话 柳湾")).toBe("没有以“没有这句话”开头的段落。");
    expect(refusal("改名 柳湾 X")).toBe("新名称要有 2 到 40 个字，不能含换行或特殊符号。");
    expect(refusal("撤销 1")).toBe("这篇文章还没有更正。");
    expect(refusal("移动 4 枣林社区代表联络站", "撤销 2")).toBe("没有第 2 条更正（共 1 条）。");
    expect(refusal("换位 1 2")).toBe("不认识的操作“换位”。可用：查看、改名、合并、移动、撤销。");
    expect(refusal("改名 柳湾")).toBe("改名需要两项：原单位和新名称。");
    expect(refusal("移动 4")).toBe("移动需要段落编号（或段落开头几个字）和目标单位。");
  });
});

describe("corrections made on one parse, applied to another", () => {
  const made = edit(parse(), "移动 4 枣林社区代表联络站", "改名 柳湾镇人大主席团 柳湾镇人大", "合并 未归属 石岭街道人大工委").corrections;

  it("a re-parse of the same text gives the same result", () => {
    expect(layout(applyCorrections(parse(), made, defaultGazetteer()))).toEqual(["柳湾镇人大", "石岭街道人大工委", "枣林社区代表联络站"].map((u, i) => `${u}: ${["1 2", "3 5", "4"][i]}`));
  });

  it("find passages whose text changed at the end and units written in another form; report what is gone as stale", () => {
    // What a parser upgrade or an edited version can do: a wrapped line joined to the passage,
    // the unit written in its long form, the closing paragraph gone.
    const other = parse(
      NEWSLETTER.replace("去年接待群众410人次。", "去年接待群众410人次，\n办结率95%。")
        .replace("## 柳湾镇人大主席团：", "## 柳湾镇人民代表大会主席团：")
        .replace("\n\n各地要结合实际，学习借鉴以上做法。", ""),
    );
    const article = applyCorrections(other, made, defaultGazetteer());
    expect(article.cases.map((c) => c.unit)).toEqual(["柳湾镇人大", "石岭街道人大工委", "枣林社区代表联络站"]);
    expect(article.cases[2]!.lead).toMatch(/^枣林社区代表联络站每月开放两次/);
    expect(article.report.corrections).toEqual([
      { n: 1, text: "把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”" },
      { n: 2, text: "把“柳湾镇人大主席团”改名为“柳湾镇人大”" },
      { n: 3, text: "把未归属单位的段落（1 段）归入“石岭街道人大工委”", stale: "文中找不到这些段落" },
    ]);
  });

  it("the article's own text given to a unit is the passages the editor saw, not what a later parse leaves without a unit", () => {
    const county = edit(parse(), "改名 未归属 桐川县人大常委会").corrections;
    const later = parse(NEWSLETTER.replace("各地要结合实际", "本期编发两个典型案例，供参考。\n\n各地要结合实际"));
    expect(layout(applyCorrections(later, county, defaultGazetteer()))).toEqual(["柳湾镇人大主席团: 1 2", "石岭街道人大工委: 3 4", "桐川县人大常委会: 6", "（未归属）: 5"]);
    expect(listPassages(applyCorrections(later, county, defaultGazetteer())).find((p) => p.n === 5)?.text).toBe("本期编发两个典型案例，供参考。");
  });

  it("a passage the parser gave to each unit it names is one passage again when those units are merged", () => {
    const shared = "柳湾镇和石岭街道共同组织代表开展联合视察，形成调研报告2份。";
    const listed = parse(NEWSLETTER).cases.slice(0, 2);
    const article = parse();
    // As a parser that hands a passage naming two units to both would: the same paragraph in each case.
    const copies = { ...article, cases: article.cases.map((c, i) => (i < 2 ? { ...c, paragraphs: [...listed[i]!.paragraphs, { text: shared, section: 0, truncatedStart: false, truncatedEnd: false }] } : c)) };
    const merged = edit(copies, "合并 石岭街道人大工委 柳湾镇人大主席团").article;
    expect(merged.cases[0]!.paragraphs.map((p) => p.text).filter((t) => t === shared)).toHaveLength(1);
    expect(layout(merged)).toEqual(["柳湾镇人大主席团: 1 2 3 4 5", "（未归属）: 7"]);
  });

  it("the same text twice in the article's own text is two passages, both given to the unit", () => {
    const twice = parse(NEWSLETTER.replace("各地要结合实际，学习借鉴以上做法。", "各地要结合实际，学习借鉴以上做法。\n\n各地要结合实际，学习借鉴以上做法。"));
    expect(layout(twice)).toEqual(["柳湾镇人大主席团: 1 2", "石岭街道人大工委: 3 4", "（未归属）: 5 6"]);
    expect(layout(edit(twice, "改名 未归属 桐川县人大常委会").article)).toEqual(["柳湾镇人大主席团: 1 2", "石岭街道人大工委: 3 4", "桐川县人大常委会: 5 6"]);
  });

  it("a unit the document no longer has and a passage that is not there any more are stale; nothing else changes", () => {
    const other = parse(NEWSLETTER.replace(/## 柳湾镇[\s\S]*?## 石岭/, "## 石岭").replace(/枣林社区[^\n]*\n\n/, ""));
    const article = applyCorrections(other, made, defaultGazetteer());
    expect(article.cases.map((c) => c.unit)).toEqual(["石岭街道人大工委"]);
    expect(article.report.corrections?.map((c) => c.stale)).toEqual(["文中找不到这一段", "文中找不到单位“柳湾镇人大主席团”", undefined]);
  });

  it("a passage that no longer tells itself apart from another is stale, not guessed", () => {
    const start = "枣林社区代表联络站每月开放两次，由代表轮流值守，";
    const twice = parse(NEWSLETTER.replace("去年接待群众410人次。", "去年接待群众410人次，办结率95%。").replace("各地要结合实际", `${start}今年接待群众200人次。\n\n各地要结合实际`));
    const article = applyCorrections(twice, made.slice(0, 1), defaultGazetteer());
    expect(article.report.corrections).toEqual([
      { n: 1, text: "把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”", stale: "有 2 段与“枣林社区代表联络站每月开放两次，由代表轮…”相符，无法确定是哪一段" },
    ]);
  });
});

describe("unit names an editor types", () => {
  it("are keyed as the parser keys them, in either script", () => {
    const g = defaultGazetteer();
    expect(unitOfName("柳湾镇人大主席团", g)).toEqual({ name: "柳湾镇人大主席团", key: "柳湾镇", place: "柳湾镇", level: "township" });
    expect(unitOfName("柳灣鎮人大主席團", g)).toMatchObject({ key: "柳湾镇", place: "柳灣鎮", level: "township" });
    expect(unitOfName("桐川县人大常委会代表工委", g)).toMatchObject({ key: "桐川县/代表工委" });
    expect(unitOfName("枣林社区代表联络站", g)).toEqual({ name: "枣林社区代表联络站", key: "枣林社区代表联络站", place: "", level: "county" });
  });
});
