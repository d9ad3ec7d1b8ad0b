import { levelOf } from "../cases.ts";
import type { Gazetteer } from "../gazetteer.ts";
import { simplifyHan } from "../script.ts";
import type { UnitLevel } from "../types.ts";
import { findUnitMentions, placeSuffix, placeText, unitKeyOf, type UnitMention } from "../units.ts";

export interface UnitIdentity {
  name: string;
  key: string;
  place: string;
  level: UnitLevel;
}

/**
 * The unit an editor's name denotes, read the way the parser reads names in text: `place + 人大
 * body` has the parser's key (洞口县人大 and 洞口县人大常委会 are one unit, here and across
 * newsletters). Any other name — a station, a street written bare, the editor's own wording —
 * is its own key, with the longest real place it opens with as its place. Keys are simplified,
 * as the parser's are (a traditional-character name is the same unit); the place is as written.
 */
export function unitOfName(name: string, gazetteer: Gazetteer): UnitIdentity {
  const simple = simplifyHan(name);
  const asWritten = (s: string) => (simple.startsWith(s) ? name.slice(0, s.length) : s);
  const known = (p: string) => placeSuffix(p) !== undefined && gazetteer.lookup(p).length > 0;
  const whole = findUnitMentions(simple, known).find((m) => m.start === 0 && m.end === simple.length && m.place.length > 0);
  if (whole) return { name, key: unitKeyOf(whole), place: asWritten(placeText(whole)), level: levelOf(whole, gazetteer) };
  const place = leadingPlace(simple, gazetteer);
  return { name, key: simple, place: place ? asWritten(place.text) : "", level: place ? levelOf(place, gazetteer) : "county" };
}

function leadingPlace(name: string, gazetteer: Gazetteer): UnitMention | undefined {
  for (let len = Math.min(name.length, 12); len >= 2; len--) {
    const text = name.slice(0, len);
    const suffix = placeSuffix(text);
    if (!suffix || gazetteer.lookup(text).length === 0) continue;
    return { text, start: 0, end: len, place: [{ name: text.slice(0, -suffix.length), suffix }], body: "", committee: "", delimited: true };
  }
  return undefined;
}
