/**
 * Publication dates as the pages write them → ISO 8601. A date alone stays a date
 * ("2025-06-12"); a date with a time, or a Unix timestamp, is given in China time (+08:00),
 * which is what Chinese sites and WeChat display. Full ISO values with an offset are kept.
 */
const CHINA_OFFSET_MS = 8 * 3600_000;

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
/** 2025-06-12, 2025/6/12, 2025.06.12, 2025年6月12日, optionally followed by 10:30 or 10时30分. */
export const DATE_PATTERN =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*(\d{1,2})\s*[:：时]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?/u;

/** The first date in `text`, as ISO; undefined when there is none or it is impossible. */
export function parseDate(text: string | null | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  if (ISO_WITH_ZONE.test(value) && !Number.isNaN(Date.parse(value))) return value;
  const m = value.match(DATE_PATTERN);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1990 || year > 2100 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  const ymd = `${year}-${pad(month)}-${pad(day)}`;
  if (m[4] === undefined) return ymd;
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return ymd;
  return `${ymd}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}
