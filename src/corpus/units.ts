import type { UnitLevel } from "./types.ts";

/**
 * Unit headings in these newsletters are the name of a People's Congress body on a line of its
 * own. They are recognised by the body's suffix and the shape of the line, not by a list of names.
 */
const UNIT_SUFFIX = /(人大常委会|人大常务委员会|人大主席团|人大工委|人大工作委员会|人大办公室|人大办|人民代表大会常务委员会|人大代表工作委员会)$/;
const SENTENCE_PUNCT = /[。，；！？：:,;!?、“”]/;

/** How a level is named to users (lists, CLI tables). */
export const LEVEL_LABEL: Readonly<Record<UnitLevel, string>> = { county: "县市区", township: "乡镇", street: "街道" };

export function isUnitHeading(line: string): boolean {
  const t = line.trim();
  return t.length >= 5 && t.length <= 32 && UNIT_SUFFIX.test(t) && !SENTENCE_PUNCT.test(t);
}

/** 邵东市人大常委会 → 邵东市; 大祥区城北路街道人大工委 → 大祥区城北路街道. */
export function placeOf(unit: string): string {
  return unit.replace(UNIT_SUFFIX, "").trim() || unit;
}

export function levelOf(unit: string): UnitLevel {
  const place = placeOf(unit);
  if (/街道$|社区$/.test(place) || /人大工委$|人大工作委员会$/.test(unit)) return "street";
  if (/[镇乡]$/.test(place) || /人大主席团$/.test(unit)) return "township";
  return "county";
}

/**
 * Short names people type for a place: 城步苗族自治县 → 城步, 大祥区城北路街道 → 城北路,
 * 新宁回龙寺 → 回龙寺. Used as extra search keys, never as a lookup table.
 */
export function placeAliases(place: string, level: UnitLevel): string[] {
  const out = new Set<string>([place]);
  const base = place
    .replace(/(苗族|土家族|瑶族|侗族|回族|彝族|壮族|藏族|满族|蒙古族|白族|傣族)*自治[县州旗]$/, "")
    .replace(/(街道|[市县区镇乡])$/, "");
  out.add(base);
  // A district or county prefix before a street/township: 大祥区城北路 → 城北路.
  const inner = /^.{2,4}?[区县市](.{2,})$/.exec(base);
  if (inner?.[1]) out.add(inner[1]);
  // Townships are often written "county + township" without 镇: 新宁回龙寺 → 回龙寺.
  else if (level === "township" && base.length >= 4) out.add(base.slice(2));
  return [...out].filter((a) => a.length >= 2);
}
