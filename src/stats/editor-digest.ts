import { shorten } from "../answer/cards.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import type { PushContents } from "../digest/content.ts";
import { bold, heading, list, para, reply } from "../reply/build.ts";
import type { Reply } from "../reply/types.ts";
import type { QuestionLog } from "../store/question-log.ts";
import { buildReport, type StatsReport } from "./report.ts";
import { dayIn } from "../time/zones.ts";
import { percent, votesText } from "./render.ts";
import { STATS_REPORT_TEXT as T } from "../messages/catalog.ts";

/** The content name of the editors' weekly statistics in subscriptions (see src/digest/content.ts). */
export const EDITOR_DIGEST = "editor-stats";
/** Monday morning, 08:30 in DIGEST_TZ: before the week's work starts (and before the 09:00 case push). */
export const EDITOR_DIGEST_CRON = "30 8 * * 1";
const WEEK_DAYS = 7;
const UNANSWERED = 10;

/**
 * The editors' weekly digest as a push content: every Monday the past week's figures and the ten
 * most asked questions that found nothing. Rendered from the log when the entry is sent, for the
 * week (Monday to Sunday) before its period's fire day, so a resumed entry carries the same figures.
 */
export function editorDigestContents(questions: QuestionLog, library: CaseLibrary, timezone: string): PushContents {
  return {
    [EDITOR_DIGEST]: {
      pick: () => "stats",
      render(entry) {
        const at = weekEnd(entry.period);
        if (!at) return undefined;
        // The last instant of Sunday: the seven calendar days Monday to Sunday.
        const report = buildReport(questions.entries(), { now: new Date(at.getTime() - 1), days: WEEK_DAYS, timezone, top: UNANSWERED });
        return renderEditorDigest(report, timezone, (id) => library.byId(id)?.unit);
      },
    },
  };
}

/**
 * The end of the week a period reports on: midnight starting the fire's day in its zone
 * ("2026-11-30T08:30+08:00" → Monday 00:00 +08:00), so the digest covers Monday to Sunday.
 */
function weekEnd(period: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.exec(period);
  const t = m ? Date.parse(`${m[1]}T00:00${m[2]}`) : Date.parse(period);
  return Number.isNaN(t) ? undefined : new Date(t);
}

export function renderEditorDigest(r: StatsReport, timezone: string, unitOf: (caseId: string) => string | undefined): Reply {
  const day = (d: Date): string => dayIn(d, timezone);
  const range = `${day(new Date(r.from)).slice(5)}—${day(new Date(r.to)).slice(5)}`;
  const mostShown = r.cases[0];
  const shownUnit = mostShown ? unitOf(mostShown.caseId) : undefined;
  return reply("digest", [
    heading(T.digestHeading(range)),
    para(bold(T.asked(r.total)), T.found(r.answered, percent(r.answered, r.total), r.noMatch, percent(r.noMatch, r.total))),
    para(T.feedback, votesText(r.feedback)),
    ...(mostShown ? [para(T.mostShown(shorten(shownUnit ?? mostShown.caseId, 24), mostShown.shown))] : []),
    ...(r.topUnanswered.length
      ? [para(bold(T.topUnanswered)), list(r.topUnanswered.map((q) => T.times(q.count) + shorten(q.question, 30)))]
      : [para(T.lastWeekAnswered)]),
    para(T.digestFooter),
  ]);
}
