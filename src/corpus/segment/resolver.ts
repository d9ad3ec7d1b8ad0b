import type { Gazetteer } from "../gazetteer.ts";
import { createActorFinder, type ActorFinder } from "./actors.ts";
import { findUnitMentions, innermost, placeSuffix, placeText, type PlaceLink, type UnitMention } from "../units.ts";

/**
 * What one document establishes about place names. A mention whose left edge is delimited
 * (line start, punctuation) fixes a place's spelling; the gazetteer knows real places. Both let a
 * mention inside running text be read to the right length (组织鹤溪镇人大主席团 → 鹤溪镇).
 */
export interface UnitResolver {
  /** Trusted mentions of 人大 bodies in `text` (generic ones — 县人大常委会 — included, with no place). */
  mentions(text: string): UnitMention[];
  /** `text` is a place name and nothing else (柏川市, 柘溪镇, 浙江): as a mention without a body. */
  asPlace(text: string): UnitMention | undefined;
  /** Places named by the document's own delimited mentions. */
  readonly places: ReadonlySet<string>;
  gazetteer: Gazetteer;
  /** Everything that can name who acted: bodies, stations, organs, bare places, references (actors.ts). */
  actors: ActorFinder;
}

export function createResolver(texts: readonly string[], gazetteer: Gazetteer): UnitResolver {
  const places = new Set<string>();
  for (const t of texts) {
    for (const m of findUnitMentions(t)) if (m.delimited && m.place.length) places.add(innermost(m));
  }
  const known = (place: string) => places.has(place) || (placeSuffix(place) !== undefined && gazetteer.has(place));
  return {
    places,
    gazetteer,
    actors: createActorFinder(gazetteer, known),
    mentions: (text) => findUnitMentions(text, known).filter((m) => m.delimited || m.place.length === 0 || known(innermost(m))),
    asPlace(text) {
      const t = text.trim();
      const m = findUnitMentions(`${t}人大`, known)[0];
      if (m && m.start === 0 && m.place.length && placeText(m) === t && (m.delimited || known(innermost(m)))) {
        const [first] = m.place;
        // A one-character name (全市, 本县) is only a place when the gazetteer says so.
        if (m.place.length === 1 && first!.name.length < 2 && !known(t)) return undefined;
        return { ...m, text: t, end: t.length, body: "" };
      }
      // 浙江, 长沙: the short name of a province or city is that division, under its full name.
      const short = gazetteer.byShortName(t)[0];
      const suffix = short ? placeSuffix(short.name) : undefined;
      if (short && suffix) return placeMention(t, [{ name: short.name.slice(0, -suffix.length), suffix }]);
      // 浦东, 城步: a county's short name, when it names exactly one county (the caller has a whole
      // line or a kicker, not running text, where such names are often words).
      const counties = gazetteer.countiesByShortName(t);
      const county = counties.length === 1 ? counties[0]! : undefined;
      const cs = county ? placeSuffix(county.name) : undefined;
      if (county && cs) return placeMention(t, [{ name: county.name.slice(0, -cs.length), suffix: cs }]);
      return undefined;
    },
  };
}

function placeMention(text: string, place: PlaceLink[]): UnitMention {
  return { text, start: 0, end: text.length, place, body: "", committee: "", delimited: true };
}
