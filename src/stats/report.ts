import type { QuestionEntry, Reason } from "../store/question-log.ts";
import { dayIn, inZone, mondayOf } from "../time/zones.ts";

/** The figures /stats, `cli stats` and the editors' weekly digest show: one pure function of the log. */
export interface StatsReport {
  /** The window, [from, to]: from is midnight (in the zone) `days - 1` days before to's day. */
  from: string;
  to: string;
  days: number;
  total: number;
  answered: number;
  noMatch: number;
  /** Per day for short windows, per week (starting Monday) for long ones; dates in `timezone`. */
  period: "day" | "week";
  buckets: Array<{ start: string; questions: number; answered: number }>;
  /** Grouped by normalised text, most asked first. */
  topQuestions: Array<{ question: string; count: number; answered: number }>;
  topUnanswered: Array<{ question: string; count: number }>;
  /** Cases by how often they were the top answer, with the feedback they got. */
  cases: CaseFigures[];
  /** Cases that got any 👍/👎, most 👎 first. */
  rated: CaseFigures[];
  feedback: Votes;
}

export interface Votes {
  up: number;
  down: number;
  reasons: Record<Reason, number>;
}

export interface CaseFigures extends Votes {
  caseId: string;
  shown: number;
}

export interface ReportOptions {
  now: Date;
  days: number;
  /** IANA zone the days are counted in (DIGEST_TZ). */
  timezone: string;
  /** Rows in each top list. */
  top?: number;
}

const DAY_MS = 86_400_000;
/** Windows longer than this are shown per week. */
const DAILY_UP_TO = 14;

const noVotes = (): Votes => ({ up: 0, down: 0, reasons: { "off-topic": 0, outdated: 0, other: 0 } });

export function buildReport(entries: readonly QuestionEntry[], opts: ReportOptions): StatsReport {
  // The last `days` calendar days in the zone, today included: 近 7 天 lists seven dates.
  const to = opts.now.getTime();
  const from = inZone(to, opts.timezone).minus({ days: opts.days - 1 }).startOf("day").toMillis();
  const top = opts.top ?? 10;
  const inWindow = entries.filter((e) => {
    const t = Date.parse(e.at);
    return t >= from && t <= to;
  });
  const period = opts.days > DAILY_UP_TO ? "week" : "day";
  const dayOf = (d: Date): string => dayIn(d, opts.timezone);
  // Entries of one minute share a day in every zone: formatting once per minute keeps a large log quick.
  const memo = new Map<string, string>();
  const bucketOf = (at: string): string => {
    const minute = at.slice(0, 16);
    let key = memo.get(minute);
    if (key === undefined) memo.set(minute, (key = period === "day" ? dayOf(new Date(at)) : mondayOf(dayOf(new Date(at)))));
    return key;
  };

  const buckets = new Map<string, { start: string; questions: number; answered: number }>();
  // Every day (or week) of the window is listed, quiet ones with 0.
  for (let t = from; t < to + DAY_MS; t += DAY_MS) {
    const key = bucketOf(new Date(Math.min(t, to)).toISOString());
    if (!buckets.has(key)) buckets.set(key, { start: key, questions: 0, answered: 0 });
  }
  const questions = new Map<string, { question: string; count: number; answered: number }>();
  const cases = new Map<string, CaseFigures>();
  const feedback = noVotes();
  let answered = 0;
  for (const e of inWindow) {
    const ok = e.hits > 0;
    if (ok) answered += 1;
    const b = buckets.get(bucketOf(e.at));
    if (b) {
      b.questions += 1;
      if (ok) b.answered += 1;
    }
    const q = questions.get(e.question) ?? { question: e.question, count: 0, answered: 0 };
    q.count += 1;
    if (ok) q.answered += 1;
    questions.set(e.question, q);
    if (e.top) {
      const c = cases.get(e.top.caseId) ?? { caseId: e.top.caseId, shown: 0, ...noVotes() };
      c.shown += 1;
      for (const v of Object.values(e.votes ?? {})) addVote(c, v.vote, v.reason);
      cases.set(e.top.caseId, c);
    }
    for (const v of Object.values(e.votes ?? {})) addVote(feedback, v.vote, v.reason);
  }
  const byCount = <T extends { count: number; question: string }>(a: T, b: T) => b.count - a.count || a.question.localeCompare(b.question);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    days: opts.days,
    total: inWindow.length,
    answered,
    noMatch: inWindow.length - answered,
    period,
    buckets: [...buckets.values()].sort((a, b) => a.start.localeCompare(b.start)),
    topQuestions: [...questions.values()].sort(byCount).slice(0, top),
    topUnanswered: [...questions.values()]
      .filter((q) => q.answered === 0)
      .sort(byCount)
      .slice(0, top)
      .map(({ question, count }) => ({ question, count })),
    cases: [...cases.values()].sort((a, b) => b.shown - a.shown || b.down - a.down || a.caseId.localeCompare(b.caseId)).slice(0, top),
    rated: [...cases.values()]
      .filter((c) => c.up + c.down > 0)
      .sort((a, b) => b.down - a.down || b.up - a.up || a.caseId.localeCompare(b.caseId))
      .slice(0, top),
    feedback,
  };
}

function addVote(v: Votes, vote: "up" | "down", reason: Reason | undefined): void {
  if (vote === "up") v.up += 1;
  else {
    v.down += 1;
    if (reason) v.reasons[reason] += 1;
  }
}
