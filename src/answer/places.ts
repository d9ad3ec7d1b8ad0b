import type { Gazetteer } from "../corpus/gazetteer.ts";
import type { Case, CaseLibrary } from "../corpus/types.ts";
import { placeAliases, placeSuffix, withoutEthnicNames } from "../corpus/units.ts";

/** A place a question names, and whether the library has any case from it. */
export interface PlaceInQuestion {
  /** As the question writes it: 芙蓉区, 长沙, 回龙寺. */
  name: string;
  /** Some case comes from this place or from a place inside it. */
  covered: boolean;
  /** The name is a unit's place or words of the library (searched as part of the question), or a wider region (a filter only). */
  kind: "unit" | "region";
  /** The question without the place name (what to search for when the place has no case). */
  rest: string;
  /** Whether a case comes from this place (or from inside it). */
  contains(c: Case): boolean;
}

export interface PlaceFinder {
  find(question: string): PlaceInQuestion | undefined;
}

const SUFFIX_END = new Set(Array.from("省市县区镇乡旗州盟道木"));

/** Names that end like a place but are ordinary words in questions (小区, 社区, 城区 …). */
const COMMON_ENDINGS = /^(?:小区|社区|园区|城区|辖区|景区|山区|市区|郊区|林区|矿区|新区|片区|街区|灾区|校区|开发区|乡镇|城镇|村镇|全[省市县区镇乡]|本[省市县区镇乡]|该[省市县区镇乡]|各[省市县区镇乡]|我[省市县区镇乡])$/;

/**
 * Finds the place a question is about: a place of the library's own units (城步, 城北路), or a
 * division the gazetteer knows (芙蓉区, 长沙, 湖南). Each unit's place is placed in the gazetteer
 * once, on first use, so that 邵阳 covers the counties and towns of 邵阳市.
 */
export function createPlaceFinder(library: CaseLibrary, gazetteer: Gazetteer, mentions?: (name: string) => boolean): PlaceFinder {
  // Names of the places a case is in, by its place: computed for the cases a question looks at,
  // never for the whole library at once (a province's library has tens of thousands of places).
  const regions = new Map<string, Set<string>>();
  const regionsOf = (c: Case) => {
    const key = `${c.level}|${c.place}`;
    let names = regions.get(key);
    if (!names) regions.set(key, (names = placeRegions(c, gazetteer)));
    return names;
  };
  let own: ReturnType<typeof libraryPlaces> | undefined;
  let allText: string | undefined;
  // A place the cases only mention (a street inside a county's report) is found as words: by the
  // search index when it has one to offer (a saved index never holds every text in memory).
  const mentioned = mentions ?? ((name: string) => (allText ??= library.allCases.map((c) => [c.lead, ...c.paragraphs.map((p) => p.text)].join("\n")).join("\n")).includes(name));
  return {
    find(question) {
      const ownHit = libraryPlace(question, (own ??= libraryPlaces(library)));
      const hit = ownHit ?? gazetteerPlace(question, gazetteer);
      if (!hit) return undefined;
      const asWords = ownHit !== undefined || mentioned(hit.written);
      const names = new Set(hit.names);
      const contains = (c: Case) => {
        for (const n of regionsOf(c)) if (names.has(n)) return true;
        return false;
      };
      return {
        name: hit.written,
        kind: asWords ? "unit" : "region",
        covered: asWords || library.cases.some(contains),
        rest: question.replace(hit.written, " ").replace(/\s+/g, " ").trim(),
        contains,
      };
    },
  };
}

interface Hit {
  written: string;
  /** The names this place goes by (full and short): a case in a region with one of them is inside. */
  names: string[];
}

/** The library's place names and aliases (城步, 城北路), built once: a question is scanned by substring. */
function libraryPlaces(library: CaseLibrary): { names: Map<string, Hit>; longest: number } {
  const names = new Map<string, Hit>();
  let longest = 0;
  for (const u of library.units) {
    for (const alias of placeAliases(u.place, u.level)) {
      if (alias.length < 2 || names.has(alias)) continue;
      names.set(alias, { written: alias, names: [u.place, alias] });
      longest = Math.max(longest, alias.length);
    }
  }
  return { names, longest };
}

function libraryPlace(question: string, own: { names: Map<string, Hit>; longest: number }): Hit | undefined {
  let best: Hit | undefined;
  for (let start = 0; start < question.length; start++) {
    for (let len = Math.min(own.longest, question.length - start); len >= 2 && len > (best?.written.length ?? 1); len--) {
      const hit = own.names.get(question.slice(start, start + len));
      if (hit) {
        best = hit;
        break;
      }
    }
  }
  return best;
}

function gazetteerPlace(question: string, gazetteer: Gazetteer): Hit | undefined {
  const chars = Array.from(question);
  let best: Hit | undefined;
  for (let end = chars.length; end >= 2; end--) {
    // Only a name ending in an administrative suffix character can be a division's full name.
    if (!SUFFIX_END.has(chars[end - 1]!)) continue;
    for (let start = Math.max(0, end - 10); start <= end - 2; start++) {
      const name = chars.slice(start, end).join("");
      if (best && name.length <= best.written.length) continue;
      if (name.length < 3 || !placeSuffix(name) || COMMON_ENDINGS.test(name) || !gazetteer.has(name)) continue;
      best = { written: name, names: [name, shortOf(name)] };
    }
  }
  if (best) return best;
  for (const short of gazetteer.shortNames) {
    if (!question.includes(short)) continue;
    const full = gazetteer.byShortName(short).map((p) => p.name);
    return { written: short, names: [short, ...full] };
  }
  return undefined;
}

/** Every name of every place a case's unit is in: its own place's links and the gazetteer's parents. */
function placeRegions(c: Case, gazetteer: Gazetteer): Set<string> {
  if (!c.unit) return new Set(); // an article's own text is in no place
  const names = new Set<string>([c.place, ...placeAliases(c.place, c.level)]);
  for (const link of splitLinks(c.place)) {
    names.add(link);
    names.add(shortOf(link));
    const found = gazetteer.lookup(link);
    // A name the country has once (城步苗族自治县) gives its parents; a common one (城关镇) does not.
    if (found.length === 1) for (const parent of found[0]!.parents) names.add(parent).add(shortOf(parent));
  }
  return names;
}

/** 大祥区城北路街道 → 大祥区, 城北路街道. */
function splitLinks(place: string): string[] {
  return place.match(/.+?(?:街道|自治县|自治州|自治区|[省市县区镇乡旗州盟])(?=.{2,}|$)/g) ?? [place];
}

function shortOf(name: string): string {
  const s = placeSuffix(name);
  return withoutEthnicNames(s ? name.slice(0, -s.length) : name) || name;
}
