import { shorten } from "../answer/cards.ts";
import { bold, heading, list, para, reply, span } from "../reply/build.ts";
import type { Block, Reply, Span } from "../reply/types.ts";
import type { Reason } from "../store/question-log.ts";
import type { StatsReport, Votes } from "./report.ts";

export const REASON_LABELS: Record<Reason, string> = { "off-topic": "答非所问", outdated: "信息过时", other: "其他" };

/** Pages of /stats; each fits one phone screen (about 15 short lines). */
export const STATS_PAGES = ["overview", "questions", "unanswered", "cases", "feedback"] as const;
export type StatsPage = (typeof STATS_PAGES)[number];

const PAGE_TITLES: Record<StatsPage, string> = {
  overview: "概览",
  questions: "问得最多的问题",
  unanswered: "没有找到答案的问题",
  cases: "展示最多的案例",
  feedback: "答案反馈",
};

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
    heading(`📊 提问统计（近 ${report.days} 天）· ${PAGE_TITLES[name]} ${page}/${STATS_PAGES.length}`),
    ...pageBlocks(report, name, opts),
  ];
  const buttons =
    page < STATS_PAGES.length
      ? [
          [
            {
              label: `下一页：${PAGE_TITLES[STATS_PAGES[page] as StatsPage]}`,
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
      const unit = r.period === "day" ? "每天" : "每周（自周一起）";
      return [
        para(bold(`提问 ${r.total} 次`), `：找到答案 ${r.answered}（${percent(r.answered, r.total)}），没有找到 ${r.noMatch}（${percent(r.noMatch, r.total)}）`),
        para("反馈：", votesText(r.feedback)),
        para(bold(`${unit}提问数：`)),
        list(r.buckets.map((b) => `${b.start.slice(5)}：${b.questions}${b.questions ? `（找到 ${b.answered}）` : ""}`)),
      ];
    }
    case "questions":
      return r.topQuestions.length
        ? [list(r.topQuestions.map((q) => [span(`${q.count} 次 `), span(shorten(q.question, 30)), span(q.answered ? "" : " · 无答案")]))]
        : none("这段时间没有人提问。");
    case "unanswered":
      return r.topUnanswered.length
        ? [para("下一期简报可以补上这些："), list(r.topUnanswered.map((q) => `${q.count} 次 ${shorten(q.question, 30)}`))]
        : none("这段时间的问题都找到了答案。");
    case "cases":
      return r.cases.length ? [list(r.cases.map((c) => caseLine(c.caseId, `展示 ${c.shown} 次`, opts)))] : none("这段时间没有展示过案例。");
    case "feedback": {
      return r.rated.length ? [para("总计：", votesText(r.feedback)), list(r.rated.map((c) => caseLine(c.caseId, votesText(c), opts)))] : none("这段时间没有收到 👍/👎 反馈。");
    }
  }
}

function caseLine(caseId: string, figures: string, opts: RenderStatsOptions): Span[] {
  const title = opts.titleOf(caseId);
  return [span(shorten(title ?? "（已移除的案例）", 28)), span(" "), span(caseId, "code"), span(`\n${figures}`)];
}
