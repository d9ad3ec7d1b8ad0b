import type { AddReport, RemoveReport } from "./collection.ts";
import { firstWords, listPassages, type ListedPassage } from "./corrections/passages.ts";
import type { QuarantineNote } from "./quarantine.ts";
import { dayOf } from "./dates.ts";
import type { LibraryScan, SkippedSource } from "./scan-articles.ts";
import type { Article } from "./types.ts";
import { LEVEL_LABEL } from "./units.ts";

/** Human names of the layout and clean-up rules (segment/anchors.ts, refine/index.ts). */
const RULE_LABEL: Readonly<Record<string, string>> = {
  noise: "去除页码/图片占位/页面杂项",
  toc: "去除目录",
  table: "案例汇总表（表头含单位列）",
  "hard-wraps": "合并硬换行",
  metadata: "识别来源/日期/编辑等信息行",
  "unit-line": "单位名独占一行",
  bracket: "【单位】",
  "dash-unit": "标题——单位",
  "unit-colon": "单位：标题",
  "colon-paragraph": "段首“单位：”",
  field: "申报单位：",
  trailer: "供稿/来源署名",
  kicker: "标题上方的单位名",
  "title-unit": "标题中的单位",
  subject: "句子主语中的单位",
  "single-unit": "全文只写一个单位",
  signature: "文末署名",
  correction: "编辑更正",
};

/**
 * What parsing understood of each document: the rules that fired, the units with their
 * headlines, counts and their passages' first words (numbered: what `correct` names them by),
 * the passages no unit was found for, the editors' corrections, the date and where it came
 * from, warnings.
 */
export function formatIngestReport(articles: readonly Article[]): string {
  const out: string[] = [];
  for (const a of articles) {
    const date = a.publishedAt ? `${dayOf(a.publishedAt)}（文中日期）` : "文中未注明（排在有日期的新闻稿之后）";
    out.push(`${a.sourceFile}  《${a.title || "（无标题）"}》  日期：${date}`);
    out.push(`  规则：${a.report.rules.map((r) => RULE_LABEL[r] ?? r).join("、") || "（无）"}`);
    const units = a.cases.filter((c) => c.unit);
    const passages = passagesByCase(a);
    out.push(`  单位（${units.length}）：`);
    for (const c of units) {
      const truncated = c.paragraphs.filter((p) => p.truncatedStart || p.truncatedEnd).length;
      const headlines = [...new Set(c.sections.map((s) => s.headline).filter(Boolean))].join("；") || "（无标题）";
      out.push(
        `    ${c.id}  ${c.unit}（${LEVEL_LABEL[c.level]}）  ${headlines}  段落 ${c.paragraphs.length + (c.lead ? 1 : 0)}` +
          `${truncated ? `（${truncated} 段不完整）` : ""}  做法 ${c.practices.length}  数据 ${c.figures.length}  图片说明 ${c.captions.length}`,
      );
      out.push(...passageLines(passages.get(c.order)));
    }
    if (a.report.unattributed) {
      out.push(`  未归属单位的段落：${a.report.unattributed}（仍可检索，按文章和小标题引用）`);
      out.push(...passageLines(passages.get(a.cases.find((c) => !c.unit)?.order ?? -1)));
    }
    if (a.report.corrections?.length) {
      out.push(`  更正（${a.report.corrections.length}）：`);
      for (const c of a.report.corrections) out.push(`    ${c.n}. ${c.text}${c.stale ? `  ⚠ 已失效：${c.stale}` : ""}`);
    }
    for (const w of a.report.warnings) out.push(`  ⚠ ${w}`);
  }
  return out.join("\n");
}

/** An article's numbered passages by the order of their case. */
export function passagesByCase(a: Article): Map<number, ListedPassage[]> {
  const by = new Map<number, ListedPassage[]>();
  for (const p of listPassages(a)) {
    const order = a.cases[p.caseIndex]!.order;
    by.set(order, [...(by.get(order) ?? []), p]);
  }
  return by;
}

const passageLines = (passages: readonly ListedPassage[] = []) => passages.map((p) => `      [${p.n}] ${firstWords(p.text)}`);

/** Under `cli ingest`'s reports: what to do when one is wrong. */
export const CORRECT_HINT = "识别有误可以更正：npm run -s cli -- correct <文件名> 移动 <段落编号> <单位>（全部写法：npm run -s cli -- correct --help）";

/** What happened to one document given to `ingest`, then (unless it was a duplicate) its report. */
export function formatAddReport(r: AddReport, from?: string): string {
  const origin = from ? `（来自 ${from}）` : "";
  if (r.status === "duplicate") {
    if (r.duplicateOf === r.file) return `已收录，与 ${r.file} 相同（内容未变）${origin}`;
    // Nothing is stored for a duplicate, dry run or not: the report must not say otherwise.
    if (r.dryRun) return `（试运行）已收录，与 ${r.duplicateOf} 相同：${r.file}${origin}（不会保存，不重复收录）`;
    return `已收录，与 ${r.duplicateOf} 相同：${r.file}${origin}（未保存这份文件，不重复收录）`;
  }
  const verb = r.status === "added" ? "收录" : "替换";
  const kept = r.replaced?.keptAt ? `（旧版本已移到 ${r.replaced.keptAt}）` : "";
  const head = r.dryRun ? `（试运行）将${verb} ${r.file}${origin}` : `${verb} ${r.file}${origin}${kept}`;
  const carried = !r.carried ? [] : r.carried.taken ? [`  带入旁边的更正文件（${r.article.report.corrections?.length ?? 0} 条）`] : [`  未带入旁边的更正文件：${r.carried.why ?? ""}`];
  return [head, formatIngestReport([r.article]), ...carried].join("\n");
}

export function formatRemoveReport(r: RemoveReport): string {
  const title = r.article?.title ? `《${r.article.title}》` : "";
  return `已删除 ${r.file}${title}（原文件已移到 ${r.keptAt}）`;
}

/** Files left out of the library, one line each. */
export function formatSkipped(skipped: readonly SkippedSource[]): string {
  return skipped.map((s) => `未收录 ${s.file}：${s.reason}`).join("\n");
}

/** Files moved to quarantine, one line each, with where they are now. */
export function formatQuarantined(notes: readonly QuarantineNote[]): string {
  return notes.map((n) => `已隔离 ${n.file}：${n.reason}（已移到 ${n.keptAt}，不再自动读取）`).join("\n");
}

/** 201 篇文章，992 个单位: from the scan's summaries, without reading any article. */
export function librarySummary(scan: Pick<LibraryScan, "kept">): string {
  return `${scan.kept.length} 篇文章，${scan.kept.reduce((n, s) => n + (s.summary?.units ?? 0), 0)} 个单位`;
}
