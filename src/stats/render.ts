import { shorten } from "../answer/cards.ts";
import { bold, heading, list, para, reply, span } from "../reply/build.ts";
import type { Block, Reply, Span } from "../reply/types.ts";
import type { Reason } from "../store/question-log.ts";
import type { StatsReport, Votes } from "./report.ts";
import { STATS_REPORT_TEXT as T } from "../messages/catalog.ts";

export const REASON_LABELS: Record<Reason, string> = T.reasons;

/** Pages of /stats; each fits one phone screen (about 15 short lines). */
export const STATS_PAGES = ["overview", "questions", "unanswered", "cases", "feedback"] as const;
export type StatsPage = (typeof STATS_PAGES)[number];

const PAGE_TITLES: Record<StatsPage, string> = T.pages;

export interface RenderStatsOptions {
  /** 1-based page. */
  page: number;
  /** A case's title for the lists (unit · headline), or undefined when it left the library. */
  titleOf(caseId: string): string | undefined;
  /** The command args that show page `n` of the same window (the 下一页 button). */
  argsFor(page: number): string;
}

export function percent(part: number, whole: number): string {
  return whole ? `${Math.round((part / whole) * 100)}%` : "0%";
}

export function votesText(v: Votes): string {
  const reasons = (Object.keys(REASON_LABELS) as Reason[]).filter((r) => v.reasons[r] > 0).map((r) => `${REASON_LABELS[r]} ${v.reasons[r]}`);
  return `👍 ${v.up} · 👎 ${v.down}${reasons.length ? `（${reasons.join("、")}）` : ""}`;
}

/** One page of the statistics as a neutral Reply, with a 下一页 button while pages remain. */
export function renderStatsPage(report: StatsReport, opts: RenderStatsOptions): Reply {
  const page = Math.min(Math.max(1, opts.page), STATS_PAGES.length);
  const name = STATS_PAGES[page - 1] as StatsPage;
  const blocks: Block[] = [
    heading(T.heading(report.days, PAGE_TITLES[name], page, STATS_PAGES.length)),
    ...pageBlocks(report, name, opts),
  ];
  const buttons =
    page < STATS_PAGES.length
      ? [
          [
            {
              label: T.next(PAGE_TITLES[STATS_PAGES[page] as StatsPage]),
              action: { type: "command" as const, command: "stats", args: opts.argsFor(page + 1) },
            },
          ],
        ]
      : [];
  return reply("info", blocks, { buttons });
}

function pageBlocks(r: StatsReport, page: StatsPage, opts: RenderStatsOptions): Block[] {
  const none = (text: string): Block[] => [para(text)];
  switch (page) {
    case "overview": {
      return [
        para(bold(T.asked(r.total)), T.found(r.answered, percent(r.answered, r.total), r.noMatch, percent(r.noMatch, r.total))),
        para(T.feedback, votesText(r.feedback)),
        para(bold(r.period === "day" ? T.perDay : T.perWeek)),
        list(r.buckets.map((b) => T.bucket(b.start.slice(5), b.questions, b.answered))),
      ];
    }
    case "questions":
      return r.topQuestions.length
        ? [list(r.topQuestions.map((q) => [span(T.times(q.count)), span(shorten(q.question, 30)), span(q.answered ? "" : T.noAnswer)]))]
        : none(T.noQuestions);
    case "unanswered":
      return r.topUnanswered.length
        ? [para(T.fillIn), list(r.topUnanswered.map((q) => T.times(q.count) + shorten(q.question, 30)))]
        : none(T.allAnswered);
    case "cases":
      return r.cases.length ? [list(r.cases.map((c) => caseLine(c.caseId, T.shown(c.shown), opts)))] : none(T.noneShown);
    case "feedback": {
      return r.rated.length ? [para(T.total, votesText(r.feedback)), list(r.rated.map((c) => caseLine(c.caseId, votesText(c), opts)))] : none(T.noFeedback);
    }
  }
}

function caseLine(caseId: string, figures: string, opts: RenderStatsOptions): Span[] {
  const title = opts.titleOf(caseId);
  return [span(shorten(title ?? T.removedCase, 28)), span(" "), span(caseId, "code"), span(`\n${figures}`)];
}
