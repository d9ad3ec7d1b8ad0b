/**
 * A big document's upload report (every unit with its numbered passages) stays within each
 * platform's message limit: Telegram splits it between units into several messages, WeCom
 * into parts of at most its byte limit; no passage number is lost on the way.
 */
import { describe, expect, it } from "vitest";
import type { AddReport } from "../src/corpus/collection-types.ts";
import { listPassages } from "../src/corpus/corrections/passages.ts";
import { parseArticle } from "../src/corpus/parse.ts";
import { uploadReply } from "../src/interaction/upload-report.ts";
import { renderTelegram, TELEGRAM_TEXT_LIMIT } from "../src/platforms/telegram/render.ts";
import { renderWecomMarkdown, splitWecomMarkdown, WECOM_MARKDOWN_MAX_BYTES } from "../src/platforms/wecom/markdown.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";

/** 80 invented townships, four passages each. */
const FIRST = Array.from("禾苗桑麻菱藕莲荷芦苇");
const SECOND = Array.from("塘湾坪岗坝垸圩洲");
const units = FIRST.flatMap((a) => SECOND.map((b) => `${a}${b}镇人大主席团`));
const text = [
  "# 某县基层人大工作汇编",
  ...units.flatMap((u, i) => [`## ${u}：第${i + 1}项做法`, ...[1, 2, 3, 4].map((k) => `${u}推进第${k}项工作，组织代表走访群众${10 + k}户，收集意见建议${k}条，均已办结。`)]),
].join("\n\n");
const article = parseArticle({ text, sourceFile: "汇编.txt" });
const report: AddReport = { status: "added", file: "汇编.txt", article, dryRun: false };
const numbers = (s: string) => [...s.matchAll(/[[［](\d+)[\]］]/g)].map((m) => Number(m[1]));
const all = listPassages(article).map((p) => p.n);

describe("a long upload report", () => {
  it("has every unit and numbered passage", () => {
    expect(article.cases.filter((c) => c.unit)).toHaveLength(80);
    expect(all.length).toBeGreaterThan(300);
  });

  it("splits into Telegram messages of at most 4096 visible characters, between units", () => {
    const chunks = renderTelegram(uploadReply(report, "/correct")).map((c) => parseTelegramHtml(c.text).text);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(numbers(chunks.join("\n"))).toEqual(all);
    // Each message after the first starts with a unit, never inside one.
    for (const c of chunks.slice(1, -1)) expect(c).toMatch(/^• /);
  });

  it("splits into WeCom markdown messages of at most 4096 bytes", () => {
    const parts = splitWecomMarkdown(renderWecomMarkdown(uploadReply(report, "更正"), { colors: false }), WECOM_MARKDOWN_MAX_BYTES);
    expect(parts.length).toBeGreaterThan(3);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(WECOM_MARKDOWN_MAX_BYTES);
    expect(numbers(parts.join("\n"))).toEqual(all);
  });
});
