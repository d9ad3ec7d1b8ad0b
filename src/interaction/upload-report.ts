import type { AddReport, DocumentEntry, RemoveReport } from "../corpus/collection-types.ts";
import { firstWords } from "../corpus/corrections/passages.ts";
import { passagesByCase } from "../corpus/report.ts";
import type { Article } from "../corpus/types.ts";
import { dayOf, newestFirst, shownDay } from "../corpus/dates.ts";
import { LEVEL_LABEL } from "../corpus/units.ts";
import { heading, list, para, reply, span } from "../reply/build.ts";
import type { Block, Reply } from "../reply/types.ts";
import { UPLOAD_TEXT } from "../messages/catalog.ts";

const dateOf = (iso: string | undefined) => (iso ? UPLOAD_TEXT.dated(dayOf(iso)) : UPLOAD_TEXT.undated);

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
    const headlines = [...new Set(c.sections.map((s) => s.headline).filter(Boolean))].join("；") || c.headline || UPLOAD_TEXT.untitled;
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
  const title = UPLOAD_TEXT.title(a.title || UPLOAD_TEXT.untitled);
  const units = a.cases.filter((c) => c.unit);
  if (r.status === "duplicate") {
    const same = r.duplicateOf === r.file ? UPLOAD_TEXT.sameFile : UPLOAD_TEXT.sameAs(r.duplicateOf ?? "");
    // The units still tell the editor which document the library already holds.
    return reply("info", [para(UPLOAD_TEXT.notAgain(title, same)), ...(units.length ? [para(UPLOAD_TEXT.unitsIn(units.map((c) => c.unit)))] : [])]);
  }
  const blocks = [
    heading(r.status === "added" ? UPLOAD_TEXT.added(title) : UPLOAD_TEXT.replaced(title)),
    para(UPLOAD_TEXT.fileAndDate(r.file, dateOf(a.publishedAt))),
    ...understoodBlocks(a),
  ];
  if (a.report.warnings.length) blocks.push(para(UPLOAD_TEXT.warnings), list(a.report.warnings.map((w) => `⚠ ${w}`)));
  blocks.push(para(UPLOAD_TEXT.ready), para(UPLOAD_TEXT.correctHint(correctWord, a.id)));
  // Undoing a replacement would have to bring the old version back; until it does, the button says what it does.
  const label = r.status === "added" ? UPLOAD_TEXT.undoLabel : UPLOAD_TEXT.removeLabel;
  return reply("info", blocks, { buttons: [[{ label, action: { type: "command", command: "remove", args: a.id } }]] });
}

export function removedReply(r: RemoveReport): Reply {
  const title = r.article?.title ? UPLOAD_TEXT.title(r.article.title) : "";
  return reply("info", [para(UPLOAD_TEXT.removed(title, r.file))]);
}

/** /文档: every newsletter with its date and case count, newest first (undated last), and what was left out and why. */
export function documentsReply(entries: readonly DocumentEntry[], words: { remove: string; correct: string }, canUpload: boolean): Reply {
  const ok = entries.filter((e) => e.status === "ok");
  const cases = ok.reduce((n, e) => n + e.units, 0);
  const sorted = [...entries].sort((a, b) => newestFirst(a.publishedAt, b.publishedAt) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const items = sorted.map((e) => {
    const date = shownDay(e.publishedAt);
    const title = e.title ? UPLOAD_TEXT.title(e.title) : e.file;
    const state =
      e.status === "ok"
        ? UPLOAD_TEXT.caseCount(e.units)
        : e.status === "quarantined" ? UPLOAD_TEXT.quarantined(e.reason) : UPLOAD_TEXT.notIncluded(e.reason);
    return [span(`${date} ${title} · ${state} · `), span(e.id, "code")];
  });
  return reply("info", [
    heading(UPLOAD_TEXT.libraryHeading(ok.length, cases)),
    ...(items.length ? [list(items)] : []),
    para(UPLOAD_TEXT.documentsHint(words.remove, words.correct) + (canUpload ? UPLOAD_TEXT.addHint : UPLOAD_TEXT.addHintCli)),
  ]);
}
