import type { Gazetteer, GazetteerPlace } from "../corpus/gazetteer.ts";
import type { Case, CaseLibrary } from "../corpus/types.ts";
import { placeAliases, placeSuffix } from "../corpus/units.ts";
import { normalizeText, type NormalQuestion } from "../search/normalize.ts";
import {
  ALIAS_KEY,
  ancestorsOf,
  caseRegions,
  keyOf,
  LEVEL_DEPTH,
  regionLookup,
  shortWithSuffix,
  storedLookup,
  textOf,
  type RegionLookup,
  type StoredRegions,
} from "./case-regions.ts";

/** A place a question names, and whether the library has any case from it. */
export interface PlaceInQuestion {
  /** As the question writes it: 历下区, 济南, 回龙寺. */
  name: string;
  /** Some case comes from this place or from a place inside it. */
  covered: boolean;
  /**
   * "unit": a unit's own place (城步) or a place only the cases' text names (a street in a
   * county's report), found as words; "region": a division the cases lie in (邵阳, 历下区).
   */
  kind: "unit" | "region";
  /** The question without the place name: what is asked about the place. */
  rest: string;
  /** Whether a case comes from this place (or from inside it). */
  contains(c: Case): boolean;
  /** Every case `contains` accepts, in library order, found without asking every case. */
  cases(): Case[];
  /** How deep the place is: 1 province, 2 prefecture city, 3 county, 4 township or street. */
  depth: number;
}

export interface PlaceFinder {
  /** The place a question (in normal form, English domain words already in Chinese) names. */
  find(question: NormalQuestion): PlaceInQuestion | undefined;
  /** How deep a case's own place is (as PlaceInQuestion.depth; 0 when unknown). */
  depthOf(c: Case): number;
}

const SUFFIX_END = new Set(Array.from("省市县区镇乡旗州盟道木"));

/** Names that end like a place but are ordinary words in questions (小区, 社区, 城区 …). */
const COMMON_ENDINGS = /^(?:小区|社区|园区|城区|辖区|景区|山区|市区|郊区|林区|矿区|新区|片区|街区|灾区|校区|开发区|乡镇|城镇|村镇|全[省市县区镇乡]|本[省市县区镇乡]|该[省市县区镇乡]|各[省市县区镇乡]|我[省市县区镇乡])$/;
/** A place's suffix that begins a word with the next character (新乐乡镇 is 新乐 + 乡镇, not 新乐乡). */
const SUFFIX_IN_WORD = /^(?:乡镇|县乡|县区|县市|区县|市县|镇街|镇村)/;
/**
 * A county's bare short name (新宁, 浦东) is often an ordinary word too (和平, 公安, 平安): it is
 * read as a place only where a place stands — before a body, a level or a question about it,
 * and not inside a longer word.
 */
const AFTER_COUNTY_SHORT = /^(?:$|[\s，,。？?！!、：:]|人大|代表|常委|的|县|区|市|旗|乡镇|镇街|街道|有|在|是|那|这|哪|怎|如何|去|到|赴|来|和|与|跟|联络|立法|民生|基层|做法|经验|案例|典型|好做法)/;
const BEFORE_COUNTY_SHORT = /(?:^|[^\p{Script=Han}]|[在和与及跟到去从给看问说对向省市州]|关于)$/u;

/**
 * Finds the place a question is about: a place of the library's own units (城步, 城北路), or a
 * division the gazetteer knows (历下区, 济南, 山东, 新宁). Several places in one question
 * (山东济南章丘区): the innermost is meant. Each case's place is resolved in the gazetteer once,
 * on first use, into division keys (see keysOf), so that 邵阳 covers the counties and towns of
 * 邵阳市 and 新宁县 covers 新宁回龙寺 — by code, so that 邵阳县 never covers 邵阳市's others.
 */
export function createPlaceFinder(
  library: CaseLibrary,
  gazetteer: Gazetteer,
  mentioning?: (phrase: string) => readonly Case[],
  stored?: StoredRegions,
): PlaceFinder {
  let regions: RegionLookup | undefined;
  // A saved index resolved each case's place when its newsletter was written and keeps them
  // looked up by division key and alias (stored); otherwise the library is resolved here, once.
  const lookup = () => (regions ??= stored ? storedLookup(library, stored) : regionLookup(library, caseRegions(library, gazetteer)));
  // The units' own place names, from the cases alone: a question without a place never waits
  // for the cases' places to be resolved in the gazetteer.
  let own: OwnPlaces | undefined;
  let longestAlias = 0;
  const ownPlaces = (): OwnPlaces => {
    if (own) return own;
    if (stored) {
      // A saved index is asked for each piece of the question (a library of a province has
      // a hundred thousand aliases: reading them all would hold up the first answer).
      longestAlias = Math.max(0, stored.longest(ALIAS_KEY) - ALIAS_KEY.length);
      const asked = new Map<string, Mention | undefined>();
      return (own = {
        get: (alias) => asked.get(alias),
        lookUp(pieces) {
          if (asked.size + pieces.length > ASKED_ALIASES) asked.clear();
          const unknown = [...new Set(pieces)].filter((p) => !asked.has(p));
          if (unknown.length === 0) return;
          const depths = stored.largest(unknown.map((p) => ALIAS_KEY + p));
          for (const alias of unknown) {
            const depth = depths.get(ALIAS_KEY + alias);
            asked.set(alias, depth === undefined ? undefined : { written: alias, at: 0, depth, keys: NO_KEYS, alias, gazetteer: [] });
          }
        },
      });
    }
    const all = new Map<string, Mention>();
    const add = (alias: string, depth: number) => {
      const m = all.get(alias) ?? { written: alias, at: 0, depth: 0, keys: NO_KEYS, alias, gazetteer: [] };
      m.depth = Math.max(m.depth, depth);
      all.set(alias, m);
      longestAlias = Math.max(longestAlias, alias.length);
    };
    for (const c of library.cases) for (const alias of placeAliases(normalizeText(c.place), c.level)) add(alias, LEVEL_DEPTH[c.level] ?? 0);
    return (own = all);
  };
  /** The divisions of the units whose place goes by an alias. */
  const aliasKeys = (alias: string) => {
    const keys = new Set<string>();
    for (const c of lookup().withAlias(alias)) {
      const own = lookup().region(c)?.own;
      if (own) keys.add(own);
    }
    return keys;
  };
  let allText: string | undefined;
  // With a search index to ask (`mentioning`: the cases whose text has the phrase, a superset of
  // those that say it verbatim), a question never reads every case's text.
  const mentioned = (name: string) =>
    mentioning ? mentioning(name).some((c) => textOf(c).includes(name)) : (allText ??= library.allCases.map(textOf).join("\n")).includes(name);
  return {
    find(question) {
      const q = question.normalized;
      const hit = innermost(outermostSpans([...libraryMentions(q, ownPlaces(), longestAlias, gazetteer), ...gazetteerMentions(q, gazetteer)]));
      if (!hit) return undefined;
      const keys = hit.alias !== undefined ? aliasKeys(hit.alias) : hit.keys;
      const inRegion = (c: Case): boolean => {
        const r = lookup().region(c);
        if (!r) return false;
        if (hit.alias !== undefined && r.aliases.includes(hit.alias)) return true;
        for (const k of keys) if (r.keys.has(k)) return true;
        return false;
      };
      // A place inside a unit's own place that the case names (a street in a county's report),
      // or that an article's own text names (no unit was found for it: it is still about there).
      // The divisions the named place lies in, gathered once: a question may test thousands of cases.
      let around: Set<string> | undefined;
      const named = (c: Case): boolean => {
        if (!c.unit) return textOf(c).includes(hit.written);
        // A unit's own place name (no division) lies in nothing: no case's region is read for it.
        if (hit.gazetteer.length === 0) return false;
        around ??= new Set(hit.gazetteer.flatMap((p) => ancestorsOf(p)));
        const own = lookup().region(c)?.own;
        return own !== undefined && around.has(own) && textOf(c).includes(hit.written);
      };
      const contains = (c: Case) => inRegion(c) || named(c);
      // The cases inRegion accepts, looked up by alias and division key instead of asking every case.
      const inRegionCases = new Set<Case>(hit.alias !== undefined ? lookup().withAlias(hit.alias) : []);
      for (const k of keys) for (const c of lookup().inDivision(k)) inRegionCases.add(c);
      const byRegion = inRegionCases.size > 0;
      const asWords = hit.alias !== undefined || (!byRegion && mentioned(hit.written));
      // A county's short name (历下) is shown in full (历下区), so the reader sees how it was taken.
      const shown = hit.county && hit.gazetteer.length === 1 ? hit.gazetteer[0]!.name : hit.written;
      return {
        name: shown,
        kind: asWords ? "unit" : "region",
        covered: byRegion || (mentioning ? mentioning(hit.written) : library.allCases).some(named),
        // 城步的代表… asks about 代表…: the particle joined the place, not the topic.
        rest: q.replace(hit.written, " ").replace(/\s+/g, " ").trim().replace(/^[的之在]+/, ""),
        contains,
        cases() {
          const found = new Set(inRegionCases);
          for (const c of mentioning ? mentioning(hit.written) : library.allCases) if (!found.has(c) && named(c)) found.add(c);
          const at = lookup().position;
          return [...found].sort((a, b) => at(a) - at(b));
        },
        depth: hit.depth,
      };
    },
    depthOf: (c) => lookup().region(c)?.depth ?? 0,
  };
}

/** An alias's keys are its units' own (aliasKeys), worked out when a question names it. */
const NO_KEYS: ReadonlySet<string> = new Set();

/** A place named in a question. */
interface Mention {
  written: string;
  /** Where the question writes it. */
  at: number;
  depth: number;
  /** Division keys (see keysOf) of what it may denote; a case inside one of them is inside it. */
  keys: ReadonlySet<string>;
  /** A library unit's place alias (城步, 回龙寺): a case with this alias is inside it. */
  alias?: string;
  /** The divisions it may denote. */
  gazetteer: GazetteerPlace[];
  /** Written as a county's bare short name (历下 for 历下区). */
  county?: boolean;
}

/**
 * The innermost place named (山东济南章丘区 is about 章丘区); among places of one level the first
 * (the subject: 平阴去章丘区交流 is about 平阴), and where two names start together the longer.
 */
function innermost(mentions: Mention[]): Mention | undefined {
  let best: Mention | undefined;
  for (const m of mentions) {
    if (!best || m.depth > best.depth) best = m;
    else if (m.depth === best.depth && (m.at < best.at || (m.at === best.at && m.written.length > best.written.length))) best = m;
  }
  return best;
}

/**
 * A name inside a longer one the question writes is part of it, not a place of its own: a
 * province written in full is the province, though its short name alone may also be a city's
 * (the deeper of the two, which would win).
 */
function outermostSpans(mentions: Mention[]): Mention[] {
  const end = (m: Mention) => m.at + m.written.length;
  return mentions.filter((m) => !mentions.some((o) => o.written.length > m.written.length && o.at <= m.at && end(o) >= end(m)));
}

/** The library's own place aliases, each with its deepest level; `lookUp` first where they are asked for. */
type OwnPlaces = Pick<Map<string, Mention>, "get"> & { lookUp?(pieces: readonly string[]): void };

/** Pieces of questions looked up in a saved index's aliases, kept (found or not) for the next question. */
const ASKED_ALIASES = 100_000;

function libraryMentions(question: string, own: OwnPlaces, longest: number, gazetteer: Gazetteer): Mention[] {
  const out: Mention[] = [];
  if (own.lookUp) {
    // Every piece the loop below may look at, asked for at once.
    const pieces: string[] = [];
    for (let start = 0; start < question.length; start++) {
      for (let len = Math.min(longest, question.length - start); len >= 2; len--) pieces.push(question.slice(start, start + len));
    }
    own.lookUp(pieces);
  }
  for (let start = 0; start < question.length; start++) {
    for (let len = Math.min(longest, question.length - start); len >= 2; len--) {
      const hit = own.get(question.slice(start, start + len));
      // A place written short (城步, 回龙寺) stands where a county's bare short name would.
      if (hit && (placeSuffix(hit.written) || placeCanStand(question.slice(0, start), question.slice(start + len), gazetteer))) {
        out.push({ ...hit, at: start });
        break;
      }
    }
  }
  return out;
}

function gazetteerMentions(question: string, gazetteer: Gazetteer): Mention[] {
  const out: Mention[] = [];
  const chars = Array.from(question);
  for (let end = chars.length; end >= 2; end--) {
    // Only a name ending in an administrative suffix character can be a division's full name.
    if (!SUFFIX_END.has(chars[end - 1]!) || SUFFIX_IN_WORD.test(chars.slice(end - 1, end + 1).join(""))) continue;
    for (let start = Math.max(0, end - LONGEST_NAME); start <= end - 2; start++) {
      const name = chars.slice(start, end).join("");
      if (!placeSuffix(name) || COMMON_ENDINGS.test(name)) continue;
      // A county of one character and its suffix (藤县, 沛县) only where a place can stand: 提高县级, 建成县城 are not 高县, 成县.
      if (end - start === 2) {
        const stands = /[县市]$/.test(name) && gazetteer.has(name) && placeCanStand(chars.slice(0, start).join(""), chars.slice(end).join(""), gazetteer);
        if (!stands) continue;
      }
      const found = gazetteer.has(name) ? gazetteer.lookup(name) : shortWithSuffix(name, gazetteer);
      if (found.length) {
        out.push(mentionOf(name, start, found));
        break;
      }
    }
  }
  for (const short of gazetteer.shortNames) {
    const at = question.indexOf(short);
    if (at !== -1) out.push(mentionOf(short, at, gazetteer.byShortName(short)));
  }
  for (let start = 0; start < chars.length; start++) {
    for (let len = 4; len >= 2; len--) {
      if (start + len > chars.length) continue;
      const short = chars.slice(start, start + len).join("");
      // 邵阳 is 邵阳市 (a county is written with its suffix when a city has its name: 邵阳县).
      const found = gazetteer.byShortName(short).length ? [] : gazetteer.countiesByShortName(short);
      if (!found.length) continue;
      const before = chars.slice(0, start).join("");
      const after = chars.slice(start + len).join("");
      if (!placeCanStand(before, after, gazetteer)) continue;
      out.push({ ...mentionOf(short, start, found), county: true });
      break;
    }
  }
  return out;
}

/**
 * Whether a name that is also a word (a county's bare short name 和平, a town's short name 民生, a
 * one-character county 高县) stands as a place here: at the start, after a word such as 在, 去 or a
 * province's or city's name, and before 代表, 人大, 的 …; not inside 民生实事 or 提高县级.
 */
function placeCanStand(before: string, after: string, gazetteer: Gazetteer): boolean {
  return AFTER_COUNTY_SHORT.test(after) && (BEFORE_COUNTY_SHORT.test(before) || gazetteer.shortNames.some((s) => before.endsWith(s)));
}

/** The longest full division name looked for (如皋高新技术产业开发区). */
const LONGEST_NAME = 14;

function mentionOf(written: string, at: number, places: GazetteerPlace[]): Mention {
  return { written, at, depth: Math.max(...places.map((p) => LEVEL_DEPTH[p.level])), keys: new Set(places.map(keyOf)), gazetteer: places };
}
