import { describe, expect, it } from "vitest";
import { createLibrary } from "../src/corpus/library.ts";
import { articleIdOf, parseArticle } from "../src/corpus/parse.ts";
import type { Article } from "../src/corpus/types.ts";

/** Small newsletters written for these tests (invented places), one per layout rule. */
function parse(text: string, sourceFile = "t.txt"): Article {
  return parseArticle({ text, sourceFile });
}
const units = (a: Article) => a.cases.filter((c) => c.unit).map((c) => c.unit);
const rows = (a: Article) => a.cases.filter((c) => c.unit).flatMap((c) => c.sections.map((s) => `${c.unit}|${s.headline}`));

describe("unit attribution by layout", () => {
  it("a unit line, then its headline", () => {
    const a = parse("某刊\n\n白杨县人大常委会\n\n推动代表小组进村 提升履职实效\n\n今年以来，白杨县人大常委会组织代表小组进村开展活动12场。\n");
    expect(rows(a)).toEqual(["白杨县人大常委会|推动代表小组进村 提升履职实效"]);
    expect(a.cases[0]!.lead).toBe("今年以来，白杨县人大常委会组织代表小组进村开展活动12场。");
  });

  it("numbered headlines with the unit after a dash, and unit：headline lines", () => {
    const dash = parse("选编\n\n一、夜间接待让群众有处说——白杨县人大常委会\n\n白杨县推行夜间接待。\n\n二、议事会开进院坝——青松镇人大主席团\n\n青松镇设立院坝议事会。\n");
    expect(rows(dash)).toEqual(["白杨县人大常委会|夜间接待让群众有处说", "青松镇人大主席团|议事会开进院坝"]);
    const colon = parse("交流\n\n青松镇人大主席团：院坝议事会上听民意\n青松镇设立院坝议事会8个。\n红柳街道人大工委：楼道议事角\n红柳街道在楼道设议事角。\n");
    expect(rows(colon)).toEqual(["青松镇人大主席团|院坝议事会上听民意", "红柳街道人大工委|楼道议事角"]);
  });

  it("【unit】 and 【place】 brackets; a category heading above them is a topic, not text of the unit before", () => {
    const a = parse("信息\n\n■ 县乡动态\n\n【白杨县】代表讲堂开进园区\n白杨县人大常委会在园区设立代表讲堂。\n■ 乡镇之窗\n【青松镇人大主席团】院坝议事会\n青松镇设立院坝议事会。\n");
    expect(rows(a)).toEqual(["白杨县人大常委会|代表讲堂开进园区", "青松镇人大主席团|院坝议事会"]);
    expect(a.cases[0]!.paragraphs.map((p) => p.text).join("")).not.toContain("乡镇之窗");
  });

  it("labelled case blocks: 案例一： headline, 申报单位：", () => {
    const a = parse("通报\n\n案例一：预算“开放日”\n申报单位：白杨县人大常委会\n主要做法：每年设立预算开放日。\n取得成效：提出意见20条。\n\n案例二：院坝议事会\n申报单位：青松镇人大主席团\n主要做法：设立院坝议事会。\n");
    expect(rows(a)).toEqual(["白杨县人大常委会|预算“开放日”", "青松镇人大主席团|院坝议事会"]);
    expect(a.cases[0]!.lead).toBe("主要做法：每年设立预算开放日。");
  });

  it("a table of cases with a unit column (tab-separated export)", () => {
    const a = parse("汇总表\n\n序号\t推荐单位\t品牌名称\t主要做法\n1\t白杨县人大常委会\t“夜访团”\t组建夜访团走访商户。\n2\t青松镇人大主席团\t院坝议事\t设立院坝议事会。\n");
    expect(rows(a)).toEqual(["白杨县人大常委会|“夜访团”", "青松镇人大主席团|院坝议事"]);
    expect(a.report.rules).toContain("table");
  });

  it("paragraphs opening with `unit：`, continued by the next paragraph; the closing paragraph is the article's", () => {
    const a = parse("参考\n\n白杨市人大：建设云上联络站。群众扫码留言。\n\n平台上线一年来收集意见2300条。\n\n青松市人大：推行代表进站考核。\n\n从各地情况看，联络站建设正从数量转向质量。\n");
    expect(rows(a)).toEqual(["白杨市人大|", "青松市人大|"]);
    expect(a.cases[0]!.paragraphs.map((p) => p.text)).toEqual(["平台上线一年来收集意见2300条。"]);
    expect(a.cases.find((c) => !c.unit)!.paragraphs.map((p) => p.text)).toEqual(["从各地情况看，联络站建设正从数量转向质量。"]);
  });

  it("round-ups signed after each block, one unit twice", () => {
    const a = parse("周报\n\n\n\n8月1日，街道人大工委召开议事会。\n（供稿：红柳街道人大工委）\n\n\n\n8月2日，镇人大主席团组织视察。\n（供稿：青松镇人大主席团）\n\n\n\n8月3日，街道人大工委回访群众。\n（红柳街道人大工委供稿）\n");
    expect(rows(a)).toEqual(["红柳街道人大工委|", "红柳街道人大工委|", "青松镇人大主席团|"]);
    expect(a.cases[0]!.sections).toHaveLength(2);
  });

  it("topic-first digests: subjects under topics, 该县 continues, a unit under two topics is one case", () => {
    const a = parse(
      "综述\n\n一、代表工作\n\n白杨县人大常委会推行履职积分。该县还公示积分结果。青松镇人大主席团则组织代表述职。\n\n二、监督工作\n\n白杨县人大常委会开展专题询问。\n\n以上做法供各地学习借鉴。\n",
    );
    expect(rows(a)).toEqual(["白杨县人大常委会|代表工作", "白杨县人大常委会|监督工作", "青松镇人大主席团|代表工作"]);
    const baiyang = a.cases.find((c) => c.unit === "白杨县人大常委会")!;
    expect([baiyang.lead, ...baiyang.paragraphs.map((p) => p.text)]).toEqual(["白杨县人大常委会推行履职积分。该县还公示积分结果。", "白杨县人大常委会开展专题询问。"]);
    expect(a.cases.find((c) => !c.unit)!.paragraphs.map((p) => p.text)).toEqual(["以上做法供各地学习借鉴。"]);
  });

  it("bare province names as subjects of a topic-first digest", () => {
    const a = parse("综述\n\n一、联络站\n\n浙江推行联络站星级评定。江苏建立线上联络站。\n");
    expect(units(a)).toEqual(["浙江", "江苏"]);
  });

  it("single-unit articles: kicker above the title, or the only subject of the text", () => {
    const kicker = parse("青松镇人大主席团\n\n小小联络站 撑起大服务\n\n今年以来，镇人大主席团推进联络站建设。\n\n主席团还推行民情联系卡。\n");
    expect(rows(kicker)).toEqual(["青松镇人大主席团|小小联络站 撑起大服务"]);
    const lead = parse("白杨人大网\n\n晒出账本 监督接地气\n\n近日，白杨县人大常委会组织代表核对补贴资金。\n\n代表们逐户核对，发现问题3个。\n");
    expect(units(lead)).toEqual(["白杨县人大常委会"]);
    expect(lead.cases[0]!.paragraphs.map((p) => p.text)).toEqual(["代表们逐户核对，发现问题3个。"]);
  });

  it("short and long forms of one body are one unit, shown in the fullest form", () => {
    const a = parse("综述\n\n一、议事\n\n青松镇人大探索两山议事会。青松镇人大主席团还组织代表回访。\n");
    expect(units(a)).toEqual(["青松镇人大主席团"]);
    expect(a.cases[0]!.unitKey).toBe("青松镇");
  });

  it("a document with no unit stays searchable as the article's own text, with a warning", () => {
    const a = parse("通知\n\n请各单位于本周五前报送材料。\n");
    expect(units(a)).toEqual([]);
    expect(a.cases[0]!.paragraphs.map((p) => p.text)).toEqual(["请各单位于本周五前报送材料。"]);
    expect(a.report.warnings[0]).toMatch(/没有识别到任何单位/);
  });
});

describe("clean-up of real-world text", () => {
  it("metadata lines become metadata and date the article; image lines go; ▲ lines are captions", () => {
    const a = parse(
      "青松镇人大主席团\n\n小小联络站\n\n■通讯员 张三\n\n本报讯 今年以来，镇人大主席团推进联络站建设，投入资金28万元。\n\nIMG_20250312_0932.jpg\n\n▲代表在联络站接待群众。通讯员 张三 摄\n\n编辑：李四　责任编辑：王五\n",
    );
    const c = a.cases[0]!;
    expect(c.lead).toBe("今年以来，镇人大主席团推进联络站建设，投入资金28万元。");
    expect(c.captions).toEqual(["▲代表在联络站接待群众。通讯员 张三 摄"]);
    expect(JSON.stringify(a)).not.toContain("IMG_");
    const dated = parse("参考（第3期）\n\n来源：某研究室　　时间：2025-05-20\n\n白杨市人大：建设云上联络站。\n");
    expect(dated.publishedAt).toBe("2025-05-20T00:00:00.000Z");
    expect(parse("白杨县人大常委会\n\n标题一个\n\n正文。\n").publishedAt).toBeUndefined();
  });

  it("text out of Word/PDF: contents dropped, glued headings cut, hard wraps and page numbers joined, number spaces removed", () => {
    const line = "今年以来，青松镇人大主席团把全镇代表编入92 个网格，每名代表联系1 至 2 个网格，";
    const a = parse(
      [
        "汇编",
        "",
        "目　录",
        "一、青松镇人大主席团：代表加网格……………………1",
        "二、红柳街道人大工委：议政会……………………2",
        "",
        `一、青松镇人大主席团：代表加网格${line}`,
        "与网格员一起走访住户，排查问题，走访住户3 860 户，化解纠纷37 起，推动解决问题58个，主",
        "",
        "- 1 -",
        "",
        "席团每月汇总走访情况并召开协调会，推动4 个小区更换了物业企业，群众满意率明显提升。",
        "二、红柳街道人大工委：议政会今年以来，红柳街道人大工委以议政会为平台推动背街小巷改造，",
        "累计提出意见建议140条，被采纳112条，目前已完成改造21 条，惠及居民6 200余户，群众",
        "满意度持续提高，议政代表全程参与方案设计、施工监督和竣工验收，效果明显得到认可。",
        "为了方便居民反映问题，街道人大工委还在巷口设立代表公示牌，公开代表姓名和电话号码，",
        "公示牌设立以来，居民通过电话反映问题86件，已办结80件，其余正在办理中，件件有回音，",
        "街道人大工委每季度召开一次议政会，听取背街小巷改造进展情况汇报，并组织代表实地察看，",
        "对发现的问题形成清单交街道办事处限期整改，整改结果在下一次议政会上向代表通报说明。",
      ].join("\n"),
    );
    expect(rows(a)).toEqual(["青松镇人大主席团|代表加网格", "红柳街道人大工委|议政会"]);
    const first = a.cases[0]!;
    expect(first.lead).toMatch(/^今年以来，青松镇人大主席团把全镇代表编入92个网格，每名代表联系1至2个网格，与网格员一起走访住户/);
    expect(first.lead).toContain("走访住户3860户");
    expect(first.lead).toContain("主席团每月汇总走访情况");
    expect(a.report.rules).toEqual(expect.arrayContaining(["toc", "hard-wraps", "noise"]));
  });

  it("traditional-character sources: parsed as simplified, shown as written, one unit key", () => {
    const a = parse("簡報\n\n青松鎮人大主席團：院壩議事會上聽民意\n青松鎮設立院壩議事會8個。\n");
    expect(a.cases[0]!.unit).toBe("青松鎮人大主席團");
    expect(a.cases[0]!.headline).toBe("院壩議事會上聽民意");
    expect(a.cases[0]!.unitKey).toBe("青松镇");
  });
});

describe("many newsletters", () => {
  it("the same unit across newsletters is one unit with its cases newest first; ids are stable", () => {
    const older = parseArticle({ text: "一期\n2025年1月1日\n\n青松镇人大：院坝议事会\n青松镇设立院坝议事会。\n", sourceFile: "002.txt" });
    const newer = parseArticle({ text: "二期\n2025年6月1日\n\n青松镇人大主席团：民情联系卡\n青松镇推行民情联系卡。\n", sourceFile: "001.txt" });
    const library = createLibrary([older, newer]);
    // By the dates they carry, not by their file names.
    expect(library.units.map((u) => [u.key, u.cases.map((c) => c.articleId)])).toEqual([["青松镇", ["001", "002"]]]);
    expect(library.casesOf("青松镇").map((c) => c.headline)).toEqual(["民情联系卡", "院坝议事会"]);
    const again = parseArticle({ text: "二期\n2025年6月1日\n\n青松镇人大主席团：民情联系卡\n青松镇推行民情联系卡。\n", sourceFile: "001.txt" });
    expect(again.cases[0]!.id).toBe(newer.cases[0]!.id);
  });

  it("files with the same name and different extensions are different articles", () => {
    expect(articleIdOf("a.txt")).toBe("a");
    expect(articleIdOf("a.md")).toBe("a_md");
    expect(articleIdOf("sub/a.docx")).toBe("a_docx");
  });

  it("names in any script keep their letters; a long one is cut with a hash so two never meet", () => {
    expect(articleIdOf("第3期 简报.docx")).toBe("第3期_简报_docx");
    expect(articleIdOf("通报.docx")).not.toBe(articleIdOf("简报.docx"));
    const long = articleIdOf(`${"基层人大工作典型案例".repeat(3)}一.docx`);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(48);
    expect(long).not.toBe(articleIdOf(`${"基层人大工作典型案例".repeat(3)}二.docx`));
  });
});
