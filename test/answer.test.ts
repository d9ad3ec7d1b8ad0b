import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { ask } from "../commands/ask.ts";
import { createAnswerer } from "../src/answer/answerer.ts";
import { keyFigures, renderFullCase } from "../src/answer/cards.ts";
import { extractFigures } from "../src/corpus/figures.ts";
import { MAX_ANSWER_CHARS, markTerms, renderAnswer, renderEmptyQuestion } from "../src/answer/render.ts";
import type { Answerer } from "../src/answer/types.ts";
import type { CommandContext, Services } from "../src/dispatch/types.ts";
import { createLibrary } from "../src/corpus/library.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { parseArticle } from "../src/corpus/parse.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { renderPlain } from "../src/reply/plain.ts";
import type { Reply } from "../src/reply/types.ts";
import { CONSOLE_CAPABILITIES } from "../src/platforms/console/profile.ts";

let library: CaseLibrary;
let answerer: Answerer;
beforeAll(async () => {
  library = await loadLibrary("data/articles");
  answerer = createAnswerer(library);
});

function ctxFor(lib: CaseLibrary, ans: Answerer): CommandContext {
  const services = { library: lib, answerer: ans } as Partial<Services> as Services;
  return {
    chat: { platform: "console", chatId: "t", type: "group" },
    user: { id: "u" },
    services,
    capabilities: CONSOLE_CAPABILITIES,
    isEditor: false,
    isAdmin: async () => true,
    now: () => new Date(0),
    bot: {},
  };
}

const askText = async (q: string): Promise<{ reply: Reply; text: string }> => {
  const reply = await ask.run(ctxFor(library, answerer), q);
  return { reply, text: renderPlain(reply) };
};

describe("answer reply", () => {
  it("shows unit · headline, the passage with marked terms, key figures, source and follow-ups", async () => {
    const { reply, text } = await askText("投入5万元升级联络站");
    expect(reply.kind).toBe("answer");
    expect(reply.blocks[0]).toEqual({ kind: "heading", spans: [{ text: "大祥区城北路街道人大工委 · 深化基层民主实践 打造文旅融合新样板" }] });
    const quote = reply.blocks.find((b) => b.kind === "quote");
    expect(quote?.kind === "quote" && quote.spans.filter((s) => s.style === "mark").map((s) => s.text)).toEqual(["投入5万元升级", "联络站"]);
    expect(text).toContain("关键数据：投入5万元升级仙人井联络站；");
    expect(text).toContain("来源：《凝心聚力抓落实 锐意进取谱新篇》");
    expect(text).toContain("其他相关单位：");
  });

  it("offers the full case, sharing, and more units when there are more hits than shown", () => {
    const result = answerer.ask("联络站", { limit: 2 });
    const reply = renderAnswer(result, library);
    const id = result.hits[0]!.case.id;
    expect(reply.caseId).toBe(id);
    expect(reply.buttons).toEqual([
      [
        { label: "查看全文", action: { type: "command", command: "case", args: id } },
        { label: "分享", action: { type: "share", caseId: id, query: "联络站" } },
      ],
      [{ label: "其他单位", action: { type: "more", query: "联络站", page: 1 } }],
    ]);
    const single = renderAnswer(answerer.ask("码上找代表"), library);
    expect(single.buttons?.flat().map((b) => b.label)).toEqual(["查看全文", "分享"]);
  });

  it("stays within 1,000 characters for every dev and held-out question", () => {
    for (const file of ["dev-queries.json", "heldout-queries.json"]) {
      const set = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), "utf8")) as { queries: Array<{ q: string }> };
      for (const { q } of set.queries) expect(renderPlain(renderAnswer(answerer.ask(q), library)).length, q).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
    }
  });

  it("shrinks an answer from a very long case to fit", () => {
    const long = "推动代表联络站提质增效，" + "开展活动联系群众收集意见建议，".repeat(200) + "。";
    const text = `标题\n\n某某县人大常委会\n\n联络站提质增效\n\n今年以来，${long}\n\n${long}\n`;
    const lib = createLibrary([parseArticle({ text, sourceFile: "long.txt" })]);
    const reply = renderAnswer(createAnswerer(lib).ask("联络站提质增效"), lib);
    expect(reply.kind).toBe("answer");
    expect(renderPlain(reply).length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
  });

  it("heads a passage from a document with neither title nor unit by what it has, never an empty 《》", () => {
    const opening = "人民当家作主是我国政治制度最鲜明的特色，各地立足基层实际大胆创新，推出了民生实事票决、代表履职积分等一批务实管用的载体，让民主实践在城乡社区落地生根。";
    const lib = createLibrary([parseArticle({ text: `${opening}\n${opening.replace("各地", "许多地方")}\n`, sourceFile: "pasted.txt" })]);
    const text = renderPlain(renderAnswer(createAnswerer(lib).ask("民生实事票决 代表履职积分"), lib));
    expect(text.split("\n")[0]).toBe("【（无标题文档）】");
    expect(text).toContain("来源：pasted.txt");
    expect(text).not.toContain("《》");
  });

  it("marks every occurrence of the matched terms", () => {
    expect(markTerms("联络站建在联络站", ["联络站"])).toEqual([
      { text: "联络站", style: "mark" },
      { text: "建在" },
      { text: "联络站", style: "mark" },
    ]);
  });
});

describe("labels in replies read as written", () => {
  const figures = (text: string) => keyFigures(extractFigures(text), 5);

  it("key figures are their clauses as the text writes them, each clause once; a cut sentence's tail is left out", () => {
    expect(figures("代表活动经费由400元/人/年增至1000元/人/年。")).toEqual(["代表活动经费由400元/人/年增至1000元/人/年"]);
    expect(figures("400元/人/年增至1000元/人/年。")).toEqual(["400元/人/年增至1000元/人/年"]);
    expect(figures("站10个。建成4个基层立法联系点。")).toEqual(["建成4个基层立法联系点"]);
    expect(figures("开展调研11场，收集物流堵等问题34个。")).toEqual(["开展调研11场", "收集物流堵等问题34个"]);
    expect(figures("收集“急难愁盼”问题236条。")).toEqual(["收集“急难愁盼”问题236条"]);
    // A long clause is cut around its figure, at most 30 characters.
    expect(figures("在全市范围内依托党群服务中心和新时代文明实践站建立94个代表联络站。")).toEqual(["…范围内依托党群服务中心和新时代文明实践站建立94个代表联络站"]);
  });

  it("the full case of a labelled case block says 主要做法 once, as the text does", () => {
    const a = parseArticle({ text: "通报\n\n案例一：预算“开放日”\n申报单位：白杨县人大常委会\n主要做法：每年设立“预算开放日”，邀请群众旁听。\n取得成效：提出意见20条。\n", sourceFile: "f.txt" });
    const text = renderPlain(renderFullCase(a.cases[0]!, a));
    expect(text.match(/主要做法：/g)).toHaveLength(1);
    expect(text).toContain("特色做法：“预算开放日”");
  });
});

describe("factual questions get the sentence that holds the answer", () => {
  it.each([
    ["代表联络站的运行经费是多少", "代表联络站的运行经费1.5万元/站/年"],
    ["城北路投入多少钱升级联络站", "投入5万元升级仙人井联络站"],
    ["城步收集了多少条立法建议", "收集立法建议56条"],
    ["武冈对几个部门开展了专题询问", "对9个部门开展专题询问"],
    ["哪个县市设立了邵商日", "设立邵东市“邵商日”的决定"],
    ["回龙寺每名代表联系几户群众", "确定每名代表联系群众5户至10户"],
  ])("%s", async (q, sentence) => {
    const { reply, text } = await askText(q);
    expect(reply.kind).toBe("answer");
    expect(text).toContain(sentence);
  });
});

describe("no match", () => {
  it.each(["天气怎么样", "比特币价格", "asdfgh", "🙂🙂", "？？？", "<b>hi</b>"])("%j gets the no-match reply with hints", async (q) => {
    const { reply, text } = await askText(q);
    expect(reply.kind).toBe("nomatch");
    expect(text.startsWith(`没有找到与“${q}”相关的案例。`)).toBe(true);
    expect(text).toContain("已收录：邵东市、洞口县、城步苗族自治县、武冈市、新宁回龙寺、大祥区城北路街道。输入“单位”查看全部单位及编号。");
    expect(text).toMatch(/试试这些关键词：.*逢6进站/);
  });

  it("an empty question gets the prompt with examples", async () => {
    const { reply, text } = await askText("   ");
    expect(reply.kind).toBe("info");
    expect(text).toBe("请输入问题或关键词，例如：怎么激发代表履职活力？\n\n也可以直接输入做法名称：一要点五计划、四个年、四盘驱动");
    expect(renderPlain(renderEmptyQuestion(library))).toBe(text);
  });
});

describe("bad input is answered or refused cleanly", () => {
  it("a 10,000-character question", async () => {
    const { reply, text } = await askText("联络站进集市".repeat(1700));
    expect(["answer", "nomatch"]).toContain(reply.kind);
    expect(text.length).toBeLessThanOrEqual(MAX_ANSWER_CHARS);
  });

  it("a long, chatty question is answered from its meaningful part", async () => {
    const { reply } = await askText("领导让我准备一份材料，关于乡镇人大规范化建设方面的，有没有哪个县做得比较好的，可以参考借鉴一下");
    expect(reply.caseId).toBe(library.find("洞口")!.id);
  });

  it("a 10,000-character question of noise", async () => {
    const { reply } = await askText("啊".repeat(10_000));
    expect(reply.kind).toBe("nomatch");
  });

  it("control characters", async () => {
    const { reply, text } = await askText("\u0000码上\u0007找代表\u001b[31m");
    expect(reply.kind).toBe("answer");
    for (const ch of ["\u0000", "\u0007", "\u001b"]) expect(text).not.toContain(ch);
  });

  it("HTML and markdown metacharacters are text, not markup", async () => {
    const { reply, text } = await askText("<script>alert(1)</script> **逢6进站** [x](http://a) `y`");
    expect(reply.kind).toBe("answer");
    expect(reply.caseId).toBe(library.find("城北路")!.id);
    expect(text).not.toContain("<script>");
  });

  it("punctuation only", async () => {
    const { text } = await askText("……！！？？。。，，");
    expect(text.startsWith("没有找到与“……！！？？。。，，”相关的案例。")).toBe(true);
  });
});
