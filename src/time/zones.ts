import { DateTime } from "luxon";

/**
 * Calendar arithmetic in a named time zone (DIGEST_TZ, a subscription's zone), in one place and
 * through luxon: days, weeks and offsets follow the zone's rules, daylight saving included, where
 * hand-written offset sums would drift.
 */
export function inZone(at: Date | number, timezone: string): DateTime {
  return (typeof at === "number" ? DateTime.fromMillis(at) : DateTime.fromJSDate(at)).setZone(timezone);
}

/** YYYY-MM-DD of an instant in a zone. */
export function dayIn(at: Date | number, timezone: string): string {
  return inZone(at, timezone).toFormat("yyyy-MM-dd");
}

/** The instant of midnight starting the day of `at` in a zone. */
export function startOfDayIn(at: Date | number, timezone: string): number {
  return inZone(at, timezone).startOf("day").toMillis();
}

/** The Monday on or before a YYYY-MM-DD date. */
export function mondayOf(day: string): string {
  return DateTime.fromISO(day, { zone: "utc" }).startOf("week").toFormat("yyyy-MM-dd");
}
