import { CronExpressionParser } from "cron-parser";
import { UserInputError } from "../errors.ts";
import type { Schedule } from "./service-types.ts";
import { inZone } from "../time/zones.ts";
import { SCHEDULE_TEXT } from "../messages/catalog.ts";

const WEEKDAYS = SCHEDULE_TEXT.weekdays;
const DAY_NUMBER: Record<string, number> = {
  日: 0,
  天: 0,
  七: 0,
  "7": 0,
  "0": 0,
  一: 1,
  "1": 1,
  二: 2,
  "2": 2,
  三: 3,
  "3": 3,
  四: 4,
  "4": 4,
  五: 5,
  "5": 5,
  六: 6,
  "6": 6,
};

/** Pushes more often than this would flood a group; refused with an explanation. */
const MIN_GAP_MS = 23 * 3600_000;

export const SCHEDULE_HELP = SCHEDULE_TEXT.help;

/**
 * Reads what users type after /subscribe. Weekday forms become a cron expression; a trailing IANA
 * zone ("周一 09:00 Europe/Berlin") overrides the default zone. Throws UserInputError in Chinese.
 */
export function parseSchedule(text: string | undefined, defaults: { cron: string; timezone: string }): Schedule {
  let rest = (text ?? "").trim().replace(/\s+/g, " ");
  let timezone = defaults.timezone;
  const zone = /\s([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|UTC)$/.exec(" " + rest);
  if (zone?.[1]) {
    if (!isTimeZone(zone[1])) throw new UserInputError(SCHEDULE_TEXT.unknownZone(zone[1]));
    timezone = zone[1];
    rest = rest.slice(0, rest.length - zone[1].length).trim();
  }
  if (!rest) return checked(defaults.cron, timezone);
  const weekly = /^(?:每)?(?:周|星期|礼拜)([一二三四五六日天七0-7])\s*(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?$/.exec(rest);
  if (weekly) {
    const day = DAY_NUMBER[weekly[1] ?? ""];
    const hour = Number(weekly[2]);
    const minute = Number(weekly[3] ?? "0");
    if (day === undefined || hour > 23 || minute > 59) throw new UserInputError(SCHEDULE_TEXT.badTime(rest) + SCHEDULE_HELP);
    return checked(`${minute} ${hour} * * ${day}`, timezone);
  }
  if (/^(?:每)?(?:周|星期|礼拜)/.test(rest)) throw new UserInputError(SCHEDULE_TEXT.notUnderstood(rest) + SCHEDULE_HELP);
  const fields = rest.split(" ");
  if (fields.length !== 5 || !fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f))) {
    throw new UserInputError(SCHEDULE_TEXT.notUnderstood(rest) + SCHEDULE_HELP);
  }
  return checked(rest, timezone);
}

/**
 * Checked schedules by (cron, zone), bounded: the check walks eight fire times through cron-parser
 * (the costly part of a /subscribe), and a bot sees a handful of distinct schedules. Refusals are
 * not kept; they throw again.
 */
const valid = new Map<string, Schedule>();
const MAX_REMEMBERED = 256;

function checked(cron: string, timezone: string): Schedule {
  const key = `${cron}|${timezone}`;
  const known = valid.get(key);
  if (known) return { ...known };
  const schedule = check(cron, timezone);
  if (valid.size >= MAX_REMEMBERED) valid.delete(valid.keys().next().value as string);
  valid.set(key, schedule);
  return { ...schedule };
}

function check(cron: string, timezone: string): Schedule {
  let times: Date[];
  try {
    const expr = CronExpressionParser.parse(cron, { tz: timezone, currentDate: new Date(Date.UTC(2026, 0, 1)) });
    times = expr.take(8).map((d) => d.toDate());
  } catch (err) {
    throw new UserInputError(SCHEDULE_TEXT.badCron(cron, (err as Error).message) + SCHEDULE_HELP);
  }
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as Date).getTime() - (times[i - 1] as Date).getTime() < MIN_GAP_MS) {
      throw new UserInputError(SCHEDULE_TEXT.tooOften(cron) + SCHEDULE_HELP);
    }
  }
  return { cron, timezone, label: describe(cron) };
}

/** "每周一 09:00" for single-weekday schedules, otherwise the expression itself. */
export function describe(cron: string): string {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* ([0-7])$/.exec(cron);
  if (!m) return `cron ${cron}`;
  const day = WEEKDAYS[Number(m[3]) % 7] ?? "";
  return SCHEDULE_TEXT.weekly(day, `${m[2]?.padStart(2, "0")}:${m[1]?.padStart(2, "0")}`);
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The latest fire time <= now (the period that is open now), or undefined if it never fired. */
export function currentFire(s: Pick<Schedule, "cron" | "timezone">, now: Date): Date | undefined {
  // cron-parser's prev() is strictly before currentDate and works in whole seconds, so start a
  // second late and step back once more if that landed after `now`.
  const expr = CronExpressionParser.parse(s.cron, { tz: s.timezone, currentDate: new Date(now.getTime() + 1000) });
  for (let i = 0; i < 3; i++) {
    if (!expr.hasPrev()) return undefined;
    const d = expr.prev().toDate();
    if (d.getTime() <= now.getTime()) return d;
  }
  return undefined;
}

/** The first fire time strictly after `now`. */
export function nextFire(s: Pick<Schedule, "cron" | "timezone">, now: Date): Date {
  return CronExpressionParser.parse(s.cron, { tz: s.timezone, currentDate: now }).next().toDate();
}

export interface Fires {
  /** The latest fire time <= at, and its period id. */
  fire?: Date;
  period?: string;
  /** The first fire time after `at`. */
  next: Date;
}

/**
 * Fire times at one instant, computed once per (cron, zone): thousands of subscriptions share a
 * handful of schedules, and cron arithmetic is the expensive part of planning.
 */
export function fireMemo(at: Date): (s: Pick<Schedule, "cron" | "timezone">) => Fires {
  const cache = new Map<string, Fires>();
  return (s) => {
    const k = `${s.cron}|${s.timezone}`;
    let v = cache.get(k);
    if (!v) {
      const fire = currentFire(s, at);
      v = { next: nextFire(s, at), fire, period: fire ? periodId(fire, s.timezone) : undefined };
      cache.set(k, v);
    }
    return v;
  };
}

/** Fire times in (after, before), oldest first, at most `limit`. */
export function firesBetween(s: Pick<Schedule, "cron" | "timezone">, after: Date, before: Date, limit: number): Date[] {
  const expr = CronExpressionParser.parse(s.cron, { tz: s.timezone, currentDate: after });
  const out: Date[] = [];
  while (out.length < limit) {
    const d = expr.next().toDate();
    if (d.getTime() >= before.getTime()) break;
    out.push(d);
  }
  return out;
}

/** A period id: the fire instant as ISO 8601 with the zone's offset, e.g. 2026-11-30T09:00+08:00. */
export function periodId(fire: Date, timezone: string): string {
  return inZone(fire, timezone).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

/** "2026年11月30日（周一）09:00" in the schedule's zone. */
export function formatTime(d: Date, timezone: string): string {
  const t = inZone(d, timezone);
  const zone = timezone === "Asia/Shanghai" ? "" : ` ${timezone}`;
  // luxon counts Monday 1 … Sunday 7; WEEKDAYS starts on Sunday.
  return SCHEDULE_TEXT.time(t.year, t.month, t.day, WEEKDAYS[t.weekday % 7] ?? "", t.toFormat("HH:mm")) + zone;
}
