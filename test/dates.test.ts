import { describe, expect, it } from "vitest";
import { isCalendarDate, newestFirst, parseDate } from "../src/corpus/dates.ts";
import { createLibrary } from "../src/corpus/library.ts";
import { parseArticle } from "../src/corpus/parse.ts";
import { nextCase } from "../src/digest/select.ts";

describe("the one date parser", () => {
  it("reads the forms newsletters and pages write, as ISO", () => {
    expect(parseDate("2025年7月15日")).toBe("2025-07-15");
    expect(parseDate("发布时间：2025-06-12 10:30")).toBe("2025-06-12T10:30:00+08:00");
    expect(parseDate("2025.6.1")).toBe("2025-06-01");
    expect(parseDate("2025-06-12T02:30:00Z")).toBe("2025-06-12T02:30:00Z");
    expect(parseDate("2025年6月")).toBeUndefined();
    expect(parseDate("2025年6月", { month: true })).toBe("2025-06-01");
  });

  it("rejects impossible dates and years no newsletter carries", () => {
    for (const text of ["2025年2月31日", "2025-13-01", "2024-02-30", "2025-02-29T10:00:00+08:00", "1900年1月1日", "3000-01-01", "2025年13月"]) {
      expect(parseDate(text, { month: true }), text).toBeUndefined();
    }
    expect(parseDate("2024年2月29日")).toBe("2024-02-29");
    expect(isCalendarDate(2025, 2, 28)).toBe(true);
    expect(isCalendarDate(2025, 2, 29)).toBe(false);
  });

  it("sorts newest first and undated last", () => {
    expect([undefined, "2025-01-01", "2026-03-02", undefined].sort(newestFirst)).toEqual(["2026-03-02", "2025-01-01", undefined, undefined]);
  });
});

describe("dating a document", () => {
  const article = (text: string, sourceFile: string) => parseArticle({ text, sourceFile });

  it("an impossible signature date leaves the document undated; a later possible one dates it", () => {
    expect(article("青松镇人大主席团：院坝议事会\n青松镇设立院坝议事会。\n\n青松镇人大主席团\n2025年2月31日\n", "a.txt").publishedAt).toBeUndefined();
    expect(article("时间：2025年2月31日\n\n青松镇人大主席团：院坝议事会\n青松镇设立院坝议事会。\n\n青松镇人大主席团\n2025年3月1日\n", "b.txt").publishedAt).toBe("2025-03-01T00:00:00.000Z");
  });

  it("an undated newsletter is never the newest: it sorts after dated ones and is pushed after them", () => {
    const undated = article("白杨县人大常委会：民情恳谈会\n白杨县人大常委会推行民情恳谈会。\n", "zzz.txt");
    const dated = article("青松镇人大主席团：院坝议事会\n青松镇设立院坝议事会。\n\n青松镇人大主席团\n2024年5月6日\n", "aaa.txt");
    expect(undated.publishedAt).toBeUndefined();
    const library = createLibrary([undated, dated]);
    expect(library.articles.map((a) => a.sourceFile)).toEqual(["aaa.txt", "zzz.txt"]);
    expect(nextCase(library, [])?.case.unit).toBe("青松镇人大主席团");
  });

  it("a mirror's garbled time stamp alone on a line (2024 03/15 09:32:41) dates the page and is not text", () => {
    const a = article("某县人大常委会开展专题询问\n2024 03/15 09:32:41\n\n某县人大常委会举行专题询问会。\n", "c.txt");
    expect(a.publishedAt).toBe("2024-03-15T00:00:00.000Z");
    expect(a.cases.flatMap((c) => c.paragraphs.map((p) => p.text)).join("")).not.toContain("09:32");
  });
});
