import type { AddReport, RemoveReport } from "./collection-types.ts";
import { firstWords, listPassages, type ListedPassage } from "./corrections/passages.ts";
import type { QuarantineNote } from "./quarantine.ts";
import { dayOf } from "./dates.ts";
import type { LibraryScan, SkippedSource } from "./scan-types.ts";
import type { Article } from "./types.ts";
import { LEVEL_LABEL } from "./units.ts";
import { REPORT_TEXT as T, RULE_LABEL } from "../messages/reports.ts";

/**
 * What parsing understood of each document: the rules that fired, the units with their
 * headlines, counts and their passages' first words (numbered: what `correct` names them by),
 * the passages no unit was found for, the editors' corrections, the date and where it came
 * from, warnings.
 */
export function formatIngestReport(articles: readonly Article[]): string {
  const out: string[] = [];
  for (const a of articles) {
    out.push(T.articleLine(a.sourceFile, a.title, a.publishedAt ? dayOf(a.publishedAt) : undefined));
    out.push(T.rules(a.report.rules.map((r) => RULE_LABEL[r] ?? r).join("、")));
    const units = a.cases.filter((c) => c.unit);
    const passages = passagesByCase(a);
    out.push(T.units(units.length));
    for (const c of units) {
      const truncated = c.paragraphs.filter((p) => p.truncatedStart || p.truncatedEnd).length;
      const headlines = [...new Set(c.sections.map((s) => s.headline).filter(Boolean))].join("；");
      out.push(
        T.unitLine({
          id: c.id,
          unit: c.unit,
          level: LEVEL_LABEL[c.level],
          headlines,
          paragraphs: c.paragraphs.length + (c.lead ? 1 : 0),
          truncated,
          practices: c.practices.length,
          figures: c.figures.length,
          captions: c.captions.length,
        }),
      );
      out.push(...passageLines(passages.get(c.order)));
    }
    if (a.report.unattributed) {
      out.push(T.unattributed(a.report.unattributed));
      out.push(...passageLines(passages.get(a.cases.find((c) => !c.unit)?.order ?? -1)));
    }
    if (a.report.corrections?.length) {
      out.push(T.corrections(a.report.corrections.length));
      for (const c of a.report.corrections) out.push(T.correction(c.n, c.text, c.stale));
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

/** What happened to one document given to `ingest`, then (unless it was a duplicate) its report. */
export function formatAddReport(r: AddReport, from?: string): string {
  const origin = T.origin(from);
  if (r.status === "duplicate") {
    if (r.duplicateOf === r.file) return T.unchanged(r.file, origin);
    // Nothing is stored for a duplicate, dry run or not: the report must not say otherwise.
    if (r.dryRun) return T.duplicateDryRun(r.duplicateOf, r.file, origin);
    return T.duplicate(r.duplicateOf, r.file, origin);
  }
  const verb = r.status === "added" ? T.added : T.replaced;
  const kept = T.oldKept(r.replaced?.keptAt);
  const head = r.dryRun ? T.willDo(verb, r.file, origin) : T.done(verb, r.file, origin, kept);
  const carried = !r.carried
    ? []
    : r.carried.taken
      ? [T.carriedTaken(r.article.report.corrections?.length ?? 0)]
      : [T.carriedNotTaken(r.carried.why ?? "")];
  return [head, formatIngestReport([r.article]), ...carried].join("\n");
}

export function formatRemoveReport(r: RemoveReport): string {
  return T.removed(r.file, r.article?.title, r.keptAt);
}

/** Files left out of the library, one line each. */
export function formatSkipped(skipped: readonly SkippedSource[]): string {
  return skipped.map((s) => T.skipped(s.file, s.reason)).join("\n");
}

/** Files moved to quarantine, one line each, with where they are now. */
export function formatQuarantined(notes: readonly QuarantineNote[]): string {
  return notes.map((n) => T.quarantined(n.file, n.reason, n.keptAt)).join("\n");
}

/** 201 篇文章，992 个单位: from the scan's summaries, without reading any article. */
export function librarySummary(scan: Pick<LibraryScan, "kept">): string {
  return T.summary(scan.kept.length, scan.kept.reduce((n, s) => n + (s.summary?.units ?? 0), 0));
}
