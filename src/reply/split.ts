/**
 * Splits text into chunks that each measure at most `limit` (characters, UTF-16 units, bytes —
 * whatever `measure` counts). Prefers paragraph breaks, then line breaks, then sentence ends,
 * and never cuts a surrogate pair.
 */
export type Measure = (s: string) => number;

export const utf16Length: Measure = (s) => s.length;
export const utf8Bytes: Measure = (s) => Buffer.byteLength(s, "utf8");

export function splitText(text: string, limit: number, measure: Measure = utf16Length): string[] {
  if (limit < 4) throw new RangeError(`split limit too small: ${limit}`);
  if (measure(text) <= limit) return [text];
  const out: string[] = [];
  let rest = text;
  while (measure(rest) > limit) {
    const cut = findCut(rest, limit, measure);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, "");
  }
  if (rest) out.push(rest);
  return out.filter((c) => c.length > 0);
}

function findCut(text: string, limit: number, measure: Measure): number {
  const max = maxPrefix(text, limit, measure);
  const window = text.slice(0, max);
  for (const sep of ["\n\n", "\n", "。", "；", "！", "？", ". ", "，", " "]) {
    const at = window.lastIndexOf(sep);
    // A break in the first third would leave a tiny chunk; cutting hard is better then.
    if (at > max / 3) return at + sep.length;
  }
  return max;
}

/** Longest prefix length (in UTF-16 units, not inside a surrogate pair) whose measure fits. */
function maxPrefix(text: string, limit: number, measure: Measure): number {
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(text.slice(0, mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff && cut > 1) cut -= 1;
  return cut;
}
