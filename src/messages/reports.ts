/**
 * What an editor reads about the library's documents: the ingest report (rules, units, passages,
 * corrections), what happened to an added, removed, skipped or quarantined file, and the
 * collection's refusals. Part of the message catalog (catalog.ts); a leaf like it.
 */

/** Human names of the layout and clean-up rules (segment/anchors.ts, refine/index.ts). */
export const RULE_LABEL: Readonly<Record<string, string>> = {
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

export const REPORT_TEXT = {
  articleLine: (file: string, title: string, day: string | undefined) =>
    `${file}  《${title || "（无标题）"}》  日期：${day ? `${day}（文中日期）` : "文中未注明（排在有日期的新闻稿之后）"}`,
  rules: (labels: string) => `  规则：${labels || "（无）"}`,
  units: (n: number) => `  单位（${n}）：`,
  unitLine: (u: {
    id: string;
    unit: string;
    level: string;
    headlines: string;
    paragraphs: number;
    truncated: number;
    practices: number;
    figures: number;
    captions: number;
  }) =>
    `    ${u.id}  ${u.unit}（${u.level}）  ${u.headlines || "（无标题）"}  段落 ${u.paragraphs}` +
    `${u.truncated ? `（${u.truncated} 段不完整）` : ""}  做法 ${u.practices}  数据 ${u.figures}  图片说明 ${u.captions}`,
  unattributed: (n: number) => `  未归属单位的段落：${n}（仍可检索，按文章和小标题引用）`,
  corrections: (n: number) => `  更正（${n}）：`,
  correction: (n: number, text: string, stale: string | undefined) => `    ${n}. ${text}${stale ? `  ⚠ 已失效：${stale}` : ""}`,
  origin: (from: string | undefined) => (from ? `（来自 ${from}）` : ""),
  unchanged: (file: string, origin: string) => `已收录，与 ${file} 相同（内容未变）${origin}`,
  duplicateDryRun: (of: string | undefined, file: string, origin: string) => `（试运行）已收录，与 ${of} 相同：${file}${origin}（不会保存，不重复收录）`,
  duplicate: (of: string | undefined, file: string, origin: string) => `已收录，与 ${of} 相同：${file}${origin}（未保存这份文件，不重复收录）`,
  added: "收录",
  replaced: "替换",
  oldKept: (keptAt: string | undefined) => (keptAt ? `（旧版本已移到 ${keptAt}）` : ""),
  willDo: (verb: string, file: string, origin: string) => `（试运行）将${verb} ${file}${origin}`,
  done: (verb: string, file: string, origin: string, kept: string) => `${verb} ${file}${origin}${kept}`,
  carriedTaken: (n: number) => `  带入旁边的更正文件（${n} 条）`,
  carriedNotTaken: (why: string) => `  未带入旁边的更正文件：${why}`,
  removed: (file: string, title: string | undefined, keptAt: string) => `已删除 ${file}${title ? `《${title}》` : ""}（原文件已移到 ${keptAt}）`,
  skipped: (file: string, reason: string) => `未收录 ${file}：${reason}`,
  quarantined: (file: string, reason: string, keptAt: string) => `已隔离 ${file}：${reason}（已移到 ${keptAt}，不再自动读取）`,
  /** 201 篇文章，992 个单位 */
  summary: (articles: number, units: number) => `${articles} 篇文章，${units} 个单位`,
} as const;

/** The collection's refusals and the reasons a file is not part of the library (corpus/collection.ts). */
export const COLLECTION_TEXT = {
  carriedNotTaken: "案例库里已有这篇文章的更正，保留案例库的",
  idClash: (name: string, file: string, id: string) => `“${name}”与已收录的 ${file} 文章编号相同（${id}），请改个文件名再发送。`,
  notFound: (asked: string, example: { id: string; file: string } | undefined) =>
    `没有找到文章“${asked}”。可用文章编号或文件名，例如 ${example ? `${example.id} 或 ${example.file}` : "简报.docx"}。`,
  ambiguous: (asked: string, files: readonly string[]) => `“${asked}”对应多篇文章：${files.join("、")}。请给出完整的文件路径。`,
  askDocument: "请给出文章：文章编号或文件名。",
  askRemove: "请给出要删除的文章：文章编号或文件名。",
  unreadable: "无法读取",
  sameAs: (file: string | undefined) => `与 ${file} 内容相同`,
  sameIdAs: (file: string | undefined) => `与 ${file} 的文章编号相同`,
  notInLibrary: (file: string, why: string | undefined) => `${file} 没有收录进案例库（${why}），无法查看或更正。`,
} as const;

/** Under `cli ingest`'s reports: what to do when one is wrong. */
export const CORRECT_HINT = "识别有误可以更正：npm run -s cli -- correct <文件名> 移动 <段落编号> <单位>（全部写法：npm run -s cli -- correct --help）";
