/**
 * The one date parser: publication dates as newsletters and pages write them → ISO 8601.
 * Every place that reads a date (metadata lines and signatures in refine/meta.ts, web pages and
 * WeChat articles in extract/) goes through here, so they agree on the forms, the calendar and
 * the range. A date alone stays a date ("2025-06-12"); a date with a time, or a Unix timestamp,
 * is given in China time (+08:00), which is what Chinese sites and WeChat display. Full ISO values
 * with an offset are kept. An impossible date (2025年2月31日, month 13) is no date at all: the
 * document is then dated by another line, or undated — never by a guess.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;
/** Years a newsletter can carry; anything else is a number that looks like a date. */
const FIRST_YEAR = 1950;
const LAST_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, "0");

/** Unix seconds → "2025-06-12T10:30:00+08:00". */
export function isoFromUnix(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds <= 0) return undefined;
  const d = new Date(seconds * 1000 + CHINA_OFFSET_MS); // read its UTC fields as China time
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`
  );
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** 2025-06-12, 2025/6/12, 2025.06.12, 2025年6月12日, 2025 06/12 (a mirror's garbled stamp), optionally followed by 10:30 or 10时30分. */
export const DATE_PATTERN =
  /(\d{4})(?:\s*[-/.年]\s*|\s+)(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?/u;
/** 2025年6月 (an issue dated by its month). */
const MONTH_PATTERN = /(\d{4})\s*年\s*(\d{1,2})\s*月/u;

/** Whether year-month-day exists on the calendar (and in the range of newsletters). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export interface ParseDateOptions {
  /** Also take a month alone (2025年6月 → 2025-06-01) when the text has no full date. */
  month?: boolean;
}

/** The first date in `text`, as ISO; undefined when there is none or it is impossible. */
export function parseDate(text: string | null | undefined, opts: ParseDateOptions = {}): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (ISO_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value))) {
    const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
    return isCalendarDate(year, month, day) ? value : undefined;
  }
  const m = value.match(DATE_PATTERN);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isCalendarDate(year, month, day)) return undefined;
    const ymd = `${year}-${pad(month)}-${pad(day)}`;
    if (m[4] === undefined) return ymd;
    const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (hour > 23 || minute > 59 || second > 59) return ymd;
    return `${ymd}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
  }
  const month = opts.month ? value.match(MONTH_PATTERN) : null;
  if (month && isCalendarDate(Number(month[1]), Number(month[2]), 1)) return `${month[1]}-${pad(Number(month[2]))}-01`;
  return undefined;
}

/** The calendar day of an ISO date or date-time as written ("2025-06-12T23:30:00+08:00" → "2025-06-12"). */
export const dayOf = (iso: string): string => iso.slice(0, 10);

/** What a list shows for a document without a date. */
export const UNDATED = "未注明日期";

/** The day a list shows: the date, or 未注明日期. */
export const shownDay = (iso: string | undefined): string => (iso ? dayOf(iso) : UNDATED);

/** localeCompare's order, from one collator (sorting a province's library compares tens of thousands of dates). */
const collate = new Intl.Collator().compare;

/** Newest first; undated after every dated one (0 between two undated: the caller breaks the tie). */
export function newestFirst(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return collate(b, a);
}
