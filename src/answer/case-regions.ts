import type { Gazetteer, GazetteerPlace } from "../corpus/gazetteer.ts";
import type { Article, Case, CaseLibrary, UnitLevel } from "../corpus/types.ts";
import { placeAliases, placeSuffix, withoutEthnicNames } from "../corpus/units.ts";
import { normalizeText } from "../search/normalize.ts";

// Each case's place resolved in the gazetteer into division keys, and the lookups the place
// finder (places.ts) asks them through: in memory, or as a saved index keeps them.

export const LEVEL_DEPTH: Record<UnitLevel | GazetteerPlace["level"], number> = { province: 1, city: 2, county: 3, township: 4, street: 4 };

/** 城步县 for 城步苗族自治县, 白沙县 for 白沙黎族自治县: a county's short name with a plain suffix. */
export function shortWithSuffix(name: string, gazetteer: Gazetteer): GazetteerPlace[] {
  const suffix = placeSuffix(name);
  if (!suffix || !/^[县区市旗]$/.test(suffix)) return [];
  return gazetteer.countiesByShortName(name.slice(0, -1)).filter((p) => p.name.endsWith(suffix));
}
/**
 * A division's key: its code for provinces, cities and counties; code/name for a township or
 * street (the gazetteer gives them their county's code).
 */
export function keyOf(p: GazetteerPlace): string {
  return p.level === "township" ? `${p.code}/${p.name}` : p.code;
}

/** Keys of the divisions a place lies in (not its own). */
export function ancestorsOf(p: GazetteerPlace): string[] {
  const province = `${p.code.slice(0, 2)}0000`;
  const city = `${p.code.slice(0, 4)}00`;
  if (p.level === "province") return [];
  if (p.level === "city") return [province];
  if (p.level === "county") return [province, city];
  return [province, city, p.code];
}

export interface CaseRegion {
  /** Its own division's key and those of every division it lies in. */
  keys: Set<string>;
  /** Its own division's key, when the gazetteer knows the place. */
  own?: string;
  depth: number;
  /** The short names people type for the unit's place (placeAliases). */
  aliases: string[];
}

export function textOf(c: Case): string {
  return [c.lead, ...c.paragraphs.map((p) => p.text)].join("\n");
}

/**
 * Every case's place resolved in the gazetteer, link by link (大祥区 → 城北路街道), each link
 * within the one before it. A name the country has more than once (城关镇, 新华区) is decided by
 * the article: the division whose county, city or province the article names, or else the one
 * its other units lie in.
 */
export function caseRegions(library: CaseLibrary, gazetteer: Gazetteer): Map<string, CaseRegion> {
  const out = new Map<string, CaseRegion>();
  for (const a of library.articles) {
    const regions = articleRegions(a, gazetteer);
    a.cases.forEach((c, i) => regions[i] && out.set(c.id, regions[i]));
  }
  return out;
}

/**
 * The regions of one article's units (undefined for a case without a unit), in the order of its
 * cases. Nothing outside the article is read, so a saved index resolves them when it writes the
 * article (saved-index.ts) and a start never does.
 */
function articleRegions(article: Article, gazetteer: Gazetteer): Array<CaseRegion | undefined> {
  const out = new Map<string, CaseRegion>();
  let articleText: string | undefined;
  const textOfArticle = () => (articleText ??= normalizeText([article.title, ...article.cases.map(textOf)].join("\n")));
  const unresolved: Array<{ c: Case; candidates: GazetteerPlace[] }> = [];
  const resolvedIn = new Map<string, GazetteerPlace[]>(); // article id → its units' places
  for (const c of article.cases.filter((x) => x.unit)) {
    const place = normalizeText(c.place);
    const region: CaseRegion = { keys: new Set(), depth: LEVEL_DEPTH[c.level] ?? 0, aliases: placeAliases(place, c.level) };
    out.set(c.id, region);
    // The parser placed the unit with its page's help (corpus/segment/region.ts) when it could.
    let candidates = resolvePlace(c.region ? normalizeText(c.region.join("")) : place, gazetteer);
    if (candidates.length > 1) candidates = narrow(candidates, (p) => mentionsParent(textOfArticle(), p));
    if (candidates.length === 1) {
      setRegion(region, candidates[0]!);
      resolvedIn.set(c.articleId, [...(resolvedIn.get(c.articleId) ?? []), candidates[0]!]);
    } else if (candidates.length > 1) unresolved.push({ c, candidates });
  }
  // By article: each unresolved case looks only at its own article's (a province has thousands).
  const unresolvedIn = new Map<string, typeof unresolved>();
  for (const u of unresolved) {
    const list = unresolvedIn.get(u.c.articleId);
    if (list) list.push(u);
    else unresolvedIn.set(u.c.articleId, [u]);
  }
  for (const { c, candidates } of unresolved) {
    const resolved = resolvedIn.get(c.articleId) ?? [];
    // Units of one article are usually neighbours: the division near its other units' places.
    const others = unresolvedIn.get(c.articleId)!.filter((u) => u.c.id !== c.id).map((u) => u.candidates);
    let left = narrow(candidates, (p) => resolved.some((s) => sharesCity(s, p)));
    if (left.length > 1) left = narrow(left, (p) => others.some((o) => o.some((q) => q.code === p.code)));
    if (left.length > 1) left = narrow(left, (p) => others.some((o) => o.some((q) => sharesCity(q, p))));
    if (left.length === 1) setRegion(out.get(c.id)!, left[0]!);
  }
  return article.cases.map((c) => (c.unit ? out.get(c.id) : undefined));
}

/** How a saved index keys a case by the divisions it lies in, and by its place's aliases. */
const DIVISION_KEY = "d:";
export const ALIAS_KEY = "a:";

/**
 * What a saved index keeps of each case's region (saved-index.ts `annotate`): the region as a
 * note, and the case listed under each division key it lies in and each alias of its place (with
 * the depth of its unit's level, what a question naming the alias is taken to mean).
 */
export function storedRegionsOf(article: Article, gazetteer: Gazetteer): Array<{ note: string; keys: Array<[string, number]> } | undefined> {
  const regions = articleRegions(article, gazetteer);
  return article.cases.map((c, i) => {
    const r = regions[i];
    if (!r) return undefined;
    const keys: Array<[string, number]> = [...r.keys].map((k) => [DIVISION_KEY + k, 0]);
    for (const a of new Set(r.aliases)) keys.push([ALIAS_KEY + a, LEVEL_DEPTH[c.level] ?? 0]);
    return { note: JSON.stringify([r.own ?? "", r.depth, [...r.keys], r.aliases]), keys };
  });
}

/** The regions a saved index keeps (storedRegionsOf), as it answers for them. */
export interface StoredRegions {
  note(id: string): string | undefined;
  /** The cases listed under a key. */
  withKey(key: string): readonly Case[];
  /** The largest number written with each of these keys that some case is listed under. */
  largest(keys: readonly string[]): Map<string, number>;
  /** No key starting with `prefix` is longer than this (in UTF-16 units, `prefix` included). */
  longest(prefix: string): number;
}

/** The library's regions as the place finder asks for them. */
export interface RegionLookup {
  region(c: Case): CaseRegion | undefined;
  /** The cases whose place goes by an alias. */
  withAlias(alias: string): readonly Case[];
  /** The cases whose region lies in (or is) a division. */
  inDivision(key: string): readonly Case[];
  /** Where a case stands in the library (its order in allCases). */
  position(c: Case): number;
}

function positions(library: CaseLibrary): (c: Case) => number {
  let at: Map<Case, number> | undefined;
  return (c) => (at ??= new Map(library.allCases.map((x, i) => [x, i]))).get(c) ?? Infinity;
}

/** Regions worked out in this process: every lookup in memory. */
export function regionLookup(library: CaseLibrary, regions: Map<string, CaseRegion>): RegionLookup {
  const withAlias = new Map<string, Case[]>();
  const inDivision = new Map<string, Case[]>();
  const add = (map: Map<string, Case[]>, key: string, c: Case) => {
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  };
  for (const c of library.cases) {
    const r = regions.get(c.id);
    if (!r) continue;
    for (const a of new Set(r.aliases)) add(withAlias, a, c);
    for (const k of r.keys) add(inDivision, k, c);
  }
  return {
    region: (c) => regions.get(c.id),
    withAlias: (a) => withAlias.get(a) ?? [],
    inDivision: (k) => inDivision.get(k) ?? [],
    position: positions(library),
  };
}

/** Regions a saved index keeps: each looked up when a question needs it. */
export function storedLookup(library: CaseLibrary, stored: StoredRegions): RegionLookup {
  const decoded = new Map<string, CaseRegion | undefined>();
  const casesWith = (key: string) => stored.withKey(key);
  return {
    region(c) {
      if (decoded.has(c.id)) return decoded.get(c.id);
      const note = stored.note(c.id);
      let r: CaseRegion | undefined;
      if (note !== undefined) {
        const [own, depth, keys, aliases] = JSON.parse(note) as [string, number, string[], string[]];
        r = { ...(own ? { own } : {}), depth, keys: new Set(keys), aliases };
      }
      if (decoded.size >= DECODED_REGIONS) decoded.clear();
      decoded.set(c.id, r);
      return r;
    },
    withAlias: (a) => casesWith(ALIAS_KEY + a),
    inDivision: (k) => casesWith(DIVISION_KEY + k),
    position: positions(library),
  };
}

/** Stored regions kept decoded (a question reads those of its place's cases only). */
const DECODED_REGIONS = 20_000;

function setRegion(region: CaseRegion, p: GazetteerPlace): void {
  region.own = keyOf(p);
  region.keys = new Set([...ancestorsOf(p), region.own]);
  region.depth = LEVEL_DEPTH[p.level];
}

/** The candidates that pass `keep`, when some but not all do; else all of them. */
function narrow(candidates: GazetteerPlace[], keep: (p: GazetteerPlace) => boolean): GazetteerPlace[] {
  const kept = candidates.filter(keep);
  return kept.length ? kept : candidates;
}

function mentionsParent(text: string, p: GazetteerPlace): boolean {
  return p.parents.some((parent) => parent && (text.includes(parent) || text.includes(shortOf(parent))));
}

function sharesCity(a: GazetteerPlace, b: GazetteerPlace): boolean {
  const city = (p: GazetteerPlace) => (p.level === "province" ? p.code : p.code.slice(0, 4));
  return city(a) === city(b) || (a.level === "province" && b.code.startsWith(a.code.slice(0, 2)));
}

/** The divisions a unit's place may be: each link within the one before it. */
function resolvePlace(place: string, gazetteer: Gazetteer): GazetteerPlace[] {
  let scope: GazetteerPlace[] = [];
  for (const link of splitLinks(place, gazetteer)) {
    let found = candidatesFor(link, gazetteer);
    if (scope.length) found = found.filter((p) => scope.some((s) => ancestorsOf(p).includes(keyOf(s))));
    if (found.length) scope = found;
  }
  return scope;
}

function candidatesFor(link: string, gazetteer: Gazetteer): GazetteerPlace[] {
  const direct = gazetteer.lookup(link);
  if (direct.length) return direct;
  const short = shortWithSuffix(link, gazetteer);
  if (short.length) return short;
  // A bare township (回龙寺 for 回龙寺镇), or one written after its county's short name (新宁回龙寺).
  if (!placeSuffix(link)) {
    const bare = ["镇", "乡", "街道"].flatMap((s) => gazetteer.lookup(link + s));
    if (bare.length === 1) return bare;
  }
  for (const k of [2, 3]) {
    const head = link.slice(0, k);
    const tail = link.slice(k);
    if (tail.length < 2) continue;
    const outer = [...gazetteer.countiesByShortName(head), ...gazetteer.byShortName(head)];
    if (!outer.length) continue;
    const candidates = placeSuffix(tail) ? gazetteer.lookup(tail) : ["镇", "乡", "街道"].flatMap((s) => gazetteer.lookup(tail + s));
    const inner = candidates.filter((p) => outer.some((o) => ancestorsOf(p).includes(keyOf(o))));
    if (inner.length) return inner;
  }
  return [];
}

/**
 * 大祥区城北路街道 → 大祥区, 城北路街道; 济南市历下区 → 济南市, 历下区: the longest division
 * name the gazetteer knows at each step (苏州 ends in 州 but is not a link), else up to the
 * next suffix.
 */
function splitLinks(place: string, gazetteer: Gazetteer): string[] {
  const out: string[] = [];
  for (let rest = place; rest; ) {
    let len = 0;
    for (let i = rest.length; i >= 2 && !len; i--) if (gazetteer.has(rest.slice(0, i))) len = i;
    if (!len) len = /^.+?(?:街道|自治县|自治州|自治区|[省市县区镇乡旗盟])(?=.{2,})/.exec(rest)?.[0].length ?? rest.length;
    out.push(rest.slice(0, len));
    rest = rest.slice(len);
  }
  return out;
}

function shortOf(name: string): string {
  const s = placeSuffix(name);
  return withoutEthnicNames(s ? name.slice(0, -s.length) : name) || name;
}
