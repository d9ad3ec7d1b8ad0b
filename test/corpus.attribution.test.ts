import { describe, expect, it } from "vitest";
import { parseArticle } from "../src/corpus/parse.ts";
import type { Article } from "../src/corpus/types.ts";

/**
 * Who did what on pages laid out the way real ones are (segment/attribute.ts). Real places, so
 * the gazetteer can confirm them; the text is invented for these tests.
 */
const parse = (text: string) => parseArticle({ text, sourceFile: "t.txt" });
const units = (a: Article) => a.cases.filter((c) => c.unit).map((c) => c.unit);
const caseOf = (a: Article, unit: string) => a.cases.find((c) => c.unit === unit || c.unitKey === unit);
const textOf = (a: Article, unit: string) => {
  const c = caseOf(a, unit);
  return c ? [c.lead, ...c.paragraphs.map((p) => p.text)].join("") : "";
};

describe("attribution: who did what", () => {
  it("a page about one unit is that unit's case, whole, with no unit-less case beside it", () => {
    const a = parse(
      [
        "浏阳市人大常委会开展专题询问",
        "",
        "6月18日，浏阳市人大常委会举行专题询问会，聚焦农村饮水安全。",
        "",
        "会上，七位常委会组成人员围绕水源地保护逐一发问，政府分管领导现场作答。",
        "",
        "下一步，市人大常委会将建立问题清单、跟踪督办。",
      ].join("\n"),
    );
    expect(units(a)).toEqual(["浏阳市人大常委会"]);
    expect(a.cases.some((c) => !c.unit)).toBe(false);
    expect(textOf(a, "浏阳市人大常委会")).toContain("七位常委会组成人员");
  });

  it("a station, a village room or a bare town can be the acting unit", () => {
    const a = parse(
      [
        "近日，在长沙市的一处茶楼，浏阳市大瑶镇人大代表联络站正式启用，站内设有接待室、议事室。",
        "",
        "醴陵市推出“代表夜访”制度，每月安排代表夜间接待。",
      ].join("\n"),
    );
    expect(units(a)).toEqual(["浏阳市大瑶镇人大代表联络站", "醴陵市"]);
  });

  it("resolves 该县 to the county named before it, and 该县某镇 to the town", () => {
    const a = parse(
      [
        "近年来，平江县把人大工作摆上重要议事日程。该县人大常委会立足县情、大胆探索。该县安定镇推出“三联五访”工作机制，在全省推介。该县还在全市率先推行“季度集中活动日”制度。",
      ].join("\n"),
    );
    expect(a.cases.filter((c) => c.unit).map((c) => c.unitKey).sort()).toEqual(["安定镇", "平江县"].sort());
    expect(textOf(a, "安定镇")).toContain("三联五访");
    expect(textOf(a, "平江县人大常委会")).toContain("季度集中活动日");
  });

  it("县人大常委会 on a county's own site is that county's, even when the page is about a visit elsewhere", () => {
    const a = parse(
      [
        "欢迎光临平江人大网",
        "您的位置：首页 -> 工作动态",
        "县人大常委会组团赴浏阳市交流学习",
        "",
        "5月21日，由县人大常委会主任带领部分人大代表赴浏阳市，就代表联络站运行管理开展交流学习，浏阳市人大常委会主任全程陪同。",
        "",
        "交流学习组先后走进大瑶镇人大代表联络站、永安镇人大代表之家，深入了解浏阳市的经验做法。",
        "",
        "大家一致认为，浏阳市人大常委会思路清晰、举措务实。",
        "",
        "版权所有 © 平江县人大常委会办公室",
      ].join("\n"),
    );
    expect(a.title).toBe("县人大常委会组团赴浏阳市交流学习");
    expect(units(a).sort()).toEqual(["平江县人大常委会", "浏阳市人大常委会"].sort());
    expect(textOf(a, "平江县人大常委会")).toContain("5月21日");
    expect(textOf(a, "浏阳市人大常委会")).toContain("永安镇人大代表之家");
  });

  it("an award list names each unit with its project, and never makes a unit of a phrase (按照省人大常委会, 希望两县)", () => {
    const a = parse(
      [
        "按照省人大常委会工作要点，评出浏阳市人大常委会“‘代表夜访’工作法”，醴陵市人大常委会“民生实事票决”，平江县安定镇人大“屋场恳谈会”共3个案例。",
        "",
        "希望两县人大常委会加强交流。",
      ].join("\n"),
    );
    const names = units(a);
    expect(names).toEqual(expect.arrayContaining(["浏阳市人大常委会", "醴陵市人大常委会", "平江县安定镇人大"]));
    expect(names.some((u) => /按照|希望|两县/.test(u))).toBe(false);
    expect(textOf(a, "醴陵市人大常委会")).toContain("民生实事票决");
    expect(textOf(a, "浏阳市人大常委会")).not.toContain("民生实事票决");
  });

  it("the speaker after a quotation is the subject; towns listed together share their sentence", () => {
    const a = parse(
      [
        "“全市已经有七成村建了代表之家。”浏阳市人大常委会副主任介绍，全市累计建成代表之家236个。",
        "",
        "平江县安定镇、瓮江镇陆续召开镇人代会，票决产生民生实事9项。",
      ].join("\n"),
    );
    expect(textOf(a, "浏阳市人大常委会")).toContain("236个");
    expect(textOf(a, "安定镇")).toContain("票决产生民生实事9项");
    expect(textOf(a, "瓮江镇")).toContain("票决产生民生实事9项");
  });
});

describe("real pages: what surrounds the text", () => {
  it("site chrome: the greeting and footer say whose page it is; breadcrumbs, widgets, spam title suffixes and teasers after the footer go", () => {
    const a = parse(
      [
        "某某体育",
        "欢迎光临平江人大网",
        "今天是：",
        "您的位置：首页 >> 工作动态 >> 正文",
        "县人大常委会开展农村饮水安全专题调研-某某官网登录入口",
        "【发布时间：2024-05-22】 【字体：大 中 小】",
        "",
        "5月21日，县人大常委会副主任带领调研组深入三个乡镇，实地察看农村饮水工程运行情况。",
        "",
        "发表评论前请先登录 | 立即注册",
        "某地出土宋代窑址群，部分器型罕见2025-03-18",
        "版权所有 © 平江县人大常委会办公室",
      ].join("\n"),
    );
    expect(a.title).toBe("县人大常委会开展农村饮水安全专题调研");
    expect(units(a)).toEqual(["平江县人大常委会"]);
    expect(textOf(a, "平江县人大常委会")).not.toMatch(/窑址|登录|今天是/);
  });

  it("an author's name above a signed article is a byline; 某镇： above a headline is the unit it is about", () => {
    const signed = parse(["陈 明", "", "今年以来，平江县人大常委会推行代表“季度活动日”。", ""].join("\n"));
    expect(signed.title).toBe("");
    expect(units(signed)).toEqual(["平江县人大常委会"]);
    const kicker = parse(["平江县安定镇：", "人大代表当好“三种角色”", "", "镇人大主席团组织代表开展视察。", ""].join("\n"));
    expect(kicker.title).toBe("人大代表当好“三种角色”");
    expect(kicker.cases.map((c) => c.unitKey)).toEqual(["安定镇"]);
  });

  it("a title over several short lines is one title; a term (第十八届) is not part of a body's name; pinyin added by a mirror goes", () => {
    const a = parse(
      ["提升幸福指数", "共建“品质小区”", "瓮江镇敲定年度民生实事清单", "", "近日，平江县第十八届人大常委会第二十次会议听取代表联络站（lián luò zhàn）建设情况报告。", ""].join("\n"),
    );
    expect(a.title).toBe("提升幸福指数 共建“品质小区” 瓮江镇敲定年度民生实事清单");
    expect(units(a)).toContain("平江县人大常委会");
    expect(textOf(a, "平江县人大常委会")).toContain("代表联络站建设情况报告");
  });
});

describe("real pages: how 公众号 posts name their unit", () => {
  it("a title `某某人大｜headline` or `county short name：headline` names the page's unit, keyed by its full place", () => {
    const pipe = parse("浦东人大｜代表家站点开进商务楼宇\n\n近日，区人大常委会推动代表家站点进驻商务楼宇。\n");
    expect(pipe.cases.map((c) => c.unitKey)).toEqual(["浦东新区"]);
    const kicker = parse("城步：代表进圩场\n\n代表们每逢圩日进站接待群众。\n");
    expect(kicker.cases.map((c) => c.unitKey)).toEqual(["城步苗族自治县"]);
  });
});

describe("bulletins and round-ups as real offices send them", () => {
  it("本期要目 lists the items the bulletin repeats; a heading whose subject is another unit starts its story; a town named by one character is a town", () => {
    const a = parse(
      [
        "人大工作简报",
        "第12期",
        "本期要目",
        "县人大常委会开展专项视察",
        "瓮江镇召开人民代表大会第五次会议",
        "县人大常委会开展专项视察",
        "8月14日，平江县人大常委会副主任带领部分代表开展专项视察。",
        "瓮江镇召开人民代表大会第五次会议",
        "8月16日，瓮江镇第十九届人民代表大会第五次会议召开，票决产生民生实事5项。",
        "淮镇人大主席团：“代表接待日”搬到田间",
        "入夏以来，淮镇人大主席团把代表接待日搬到田间地头。",
        "PAGE \\* MERGEFORMAT 2",
      ].join("\n\n"),
    );
    expect(a.cases.filter((c) => c.unit).map((c) => c.unitKey)).toEqual(["平江县", "瓮江镇", "淮镇"]);
    expect(textOf(a, "瓮江镇")).toContain("票决产生民生实事5项");
    expect(textOf(a, "平江县")).not.toContain("瓮江镇");
    expect(a.cases.flatMap((c) => c.paragraphs.map((p) => p.text)).join("")).not.toContain("MERGEFORMAT");
  });

  it("a round-up under ■ short names credits the place its text names in full; a newspaper masthead line is metadata; 下一条 links are chrome", () => {
    const a = parse(
      [
        "玉溪日报　2025年03月20日　第03版：要闻",
        "联络站里听民声",
        "■ 双江：",
        "峨山彝族自治县双江街道人大代表联络站每周三下午开设“法律门诊”。",
        "■ 杨广：",
        "通海县杨广镇人大代表联络站推出“码上说”二维码。",
        "下一条：某某街道人大工委开展“代表进网格”活动",
      ].join("\n\n"),
    );
    expect(a.title).toBe("联络站里听民声");
    expect(a.publishedAt).toMatch(/^2025-03-20/);
    expect(a.cases.filter((c) => c.unit).map((c) => c.unitKey)).toEqual(["双江街道", "杨广镇"]);
  });
});
