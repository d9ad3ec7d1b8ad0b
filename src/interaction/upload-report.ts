import type { AddReport, DocumentEntry, RemoveReport } from "../corpus/collection.ts";
import { firstWords } from "../corpus/corrections/passages.ts";
import { passagesByCase } from "../corpus/report.ts";
import type { Article } from "../corpus/types.ts";
import { dayOf, newestFirst, shownDay } from "../corpus/dates.ts";
import { LEVEL_LABEL } from "../corpus/units.ts";
import { heading, list, para, reply, span } from "../reply/build.ts";
import type { Block, Reply } from "../reply/types.ts";

/** Every user-visible text of chat uploads and the editors' commands (tests assert them). */
export const UPLOAD_TEXT = {
  notEditor: "抱歉，只有编辑可以向案例库添加新闻稿。如需收录，请把文件交给编辑。",
  notEditorCommand: "抱歉，只有编辑可以查看和管理收录的新闻稿。",
  sendPrivately: "请在与我的私聊（单聊）中发送文件；群聊里的文件不会收录。",
  unavailable: "当前无法在聊天中收录新闻稿，请联系维护人员用命令行收录。",
  downloadFailed: "文件下载失败，请稍后重新发送。",
  storeFailed: "保存文件时出错，未能收录。请联系维护人员检查服务器的数据目录。",
  undoLabel: "撤销",
  removeLabel: "删除这篇",
  refused: (name: string, why: string) => `无法收录“${name}”：${why}`,
  ready: "现在就可以提问了。",
  noUnits: "没有识别出单位；全文仍可检索，按文章和小标题引用。",
  addHint: "添加：在私聊中把文件（.docx .pdf .html .txt .md，20 MB 以内）发给我。",
  addHintCli: "添加：在服务器上运行 npm run -s cli -- ingest <文件、目录或网址>。",
  unitsFound: (n: number) => `识别出 ${n} 个单位（方括号里是段落编号）：`,
  unattributed: (n: number) => `另有 ${n} 段未归属单位，仍可检索：`,
  corrections: (n: number) => `更正（${n} 条）：`,
  stale: (why: string) => `⚠ 已失效：${why}`,
  correctHint: (word: string, id: string) => `识别有误可以更正，例如：${word} ${id} 移动 <段落编号> <单位>；${word} ${id} 改名 <单位> <新名称>。发送“${word}”查看全部写法。`,
} as const;

const dateOf = (iso: string | undefined) => (iso ? `${dayOf(iso)}（文中日期）` : "文中未写日期（排在有日期的新闻稿之后）");

/**
 * What the bot understood of a document: each unit with its headline(s) and its passages' first
 * words, numbered (what 更正 names them by), the passages no unit was found for, and the
 * editors' corrections with whether each still applies. One block per unit, so a long report
 * splits between units.
 */
export function understoodBlocks(a: Article): Block[] {
  const units = a.cases.filter((c) => c.unit);
  const passages = passagesByCase(a);
  const lines = (order: number) => (passages.get(order) ?? []).map((p) => `\n[${p.n}] ${firstWords(p.text)}`);
  const blocks = [units.length ? para(UPLOAD_TEXT.unitsFound(units.length)) : para(UPLOAD_TEXT.noUnits)];
  for (const c of units) {
    const headlines = [...new Set(c.sections.map((s) => s.headline).filter(Boolean))].join("；") || c.headline || "（无标题）";
    blocks.push(list([[span(c.unit), span(`（${LEVEL_LABEL[c.level]}）：${headlines}`), ...lines(c.order).map((l) => span(l))]]));
  }
  const own = a.cases.find((c) => !c.unit);
  if (a.report.unattributed && own) blocks.push(para(UPLOAD_TEXT.unattributed(a.report.unattributed)), list(lines(own.order).map((l) => l.slice(1))));
  const corrections = a.report.corrections ?? [];
  if (corrections.length) {
    blocks.push(
      para(UPLOAD_TEXT.corrections(corrections.length)),
      list(corrections.map((c) => `${c.n}. ${c.text}${c.stale ? ` ${UPLOAD_TEXT.stale(c.stale)}` : ""}`)),
    );
  }
  return blocks;
}

/**
 * The ingest report an editor gets after sending a document: title, date, what was understood
 * (understoodBlocks), warnings, how to correct it (`correctWord`: 更正 or /correct), and 撤销.
 */
export function uploadReply(r: AddReport, correctWord: string): Reply {
  const a = r.article;
  const title = `《${a.title || "（无标题）"}》`;
  const units = a.cases.filter((c) => c.unit);
  if (r.status === "duplicate") {
    const same = r.duplicateOf === r.file ? "这份文件已收录，内容没有变化" : `内容与已收录的 ${r.duplicateOf ?? ""} 相同`;
    // The units still tell the editor which document the library already holds.
    return reply("info", [para(`${title}${same}，未重复收录。`), ...(units.length ? [para(`其中的单位：${units.map((c) => c.unit).join("、")}。`)] : [])]);
  }
  const blocks = [
    heading(r.status === "added" ? `已收录${title}` : `已替换${title}（旧版本已保存）`),
    para(`文件：${r.file} · 日期：${dateOf(a.publishedAt)}`),
    ...understoodBlocks(a),
  ];
  if (a.report.warnings.length) blocks.push(para("提示："), list(a.report.warnings.map((w) => `⚠ ${w}`)));
  blocks.push(para(UPLOAD_TEXT.ready), para(UPLOAD_TEXT.correctHint(correctWord, a.id)));
  // Undoing a replacement would have to bring the old version back; until it does, the button says what it does.
  const label = r.status === "added" ? UPLOAD_TEXT.undoLabel : UPLOAD_TEXT.removeLabel;
  return reply("info", blocks, { buttons: [[{ label, action: { type: "command", command: "remove", args: a.id } }]] });
}

export function removedReply(r: RemoveReport): Reply {
  const title = r.article?.title ? `《${r.article.title}》` : "";
  return reply("info", [para(`已从案例库删除${title}（${r.file}）。原文件已移入数据目录的 removed 文件夹，可以恢复。`)]);
}

/** /文档: every newsletter with its date and case count, newest first (undated last), and what was left out and why. */
export function documentsReply(entries: readonly DocumentEntry[], words: { remove: string; correct: string }, canUpload: boolean): Reply {
  const ok = entries.filter((e) => e.status === "ok");
  const cases = ok.reduce((n, e) => n + e.units, 0);
  const sorted = [...entries].sort((a, b) => newestFirst(a.publishedAt, b.publishedAt) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const items = sorted.map((e) => {
    const date = shownDay(e.publishedAt);
    const title = e.title ? `《${e.title}》` : e.file;
    const state =
      e.status === "ok" ? `${e.units} 个案例` : e.status === "quarantined" ? `已隔离：${e.reason ?? "无法读取"}（文件已移到数据目录的 quarantine 文件夹）` : `未收录：${e.reason ?? "无法读取"}`;
    return [span(`${date} ${title} · ${state} · `), span(e.id, "code")];
  });
  return reply("info", [
    heading(`案例库共 ${ok.length} 篇新闻稿，${cases} 个案例`),
    ...(items.length ? [list(items)] : []),
    para(`删除一篇：${words.remove} <编号>。查看或更正识别结果：${words.correct} <编号>。${canUpload ? UPLOAD_TEXT.addHint : UPLOAD_TEXT.addHintCli}`),
  ]);
}
