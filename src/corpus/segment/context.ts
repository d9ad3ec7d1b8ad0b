import type { Gazetteer } from "../gazetteer.ts";
import { placeSuffix, placeText, type PlaceLink, type UnitMention } from "../units.ts";
import type { Reference } from "./actors.ts";

/**
 * Whom 该县, 我省, 市人大常委会 or 自治区人大常委会 mean is written elsewhere on the page: in the
 * title, the source line, the site's name and footer, the byline, or earlier in the text. Every
 * place the document names is noted with where it stood; a reference resolves to the place of
 * its level that the page is about (the page's own lines weigh most), and 该X to the last X named
 * before it. The gazetteer adds the divisions above each named place, so 省人大常委会 on a page
 * about a county in 山东 is 山东省's.
 */
export interface PlaceNote {
  links: readonly PlaceLink[];
  /** Reading position (sentence index); -1 for the title and the page's own lines. */
  at: number;
  weight: number;
}

/** How much a place named in each part of the page says about whose page it is. */
export const NOTE_WEIGHT = { page: 8, title: 4, subject: 2, mention: 1 } as const;

export interface DocumentContext {
  /** The unit (or area, when the reference has no body) a reference means at reading position `at`. */
  resolve(ref: Reference, at: number): UnitMention | undefined;
}

interface Candidate {
  links: PlaceLink[];
  weight: number;
  /** Weight from the page's own lines (source, byline, site, footer). */
  own: number;
  /** Reading positions where this place was named itself (not as a parent). */
  seen: number[];
}

export function createContext(notes: readonly PlaceNote[], gazetteer: Gazetteer): DocumentContext {
  const byName = new Map<string, Candidate>();
  const add = (links: readonly PlaceLink[], weight: number, at: number | undefined) => {
    const key = placeText({ place: [...links.slice(-1)] });
    const c = byName.get(key) ?? { links: [...links], weight: 0, own: 0, seen: [] };
    if (links.length > c.links.length) c.links = [...links];
    c.weight += weight;
    if (at === -1 && weight >= NOTE_WEIGHT.page) c.own += weight;
    if (at !== undefined) c.seen.push(at);
    byName.set(key, c);
  };
  for (const n of notes) {
    // Each link of a chain is a place of its own level: 花垣县双龙镇 names 花垣县 too.
    n.links.forEach((_, i) => add(n.links.slice(0, i + 1), n.weight, n.at));
    for (const parent of parentsOf(n.links, gazetteer)) add([parent], n.weight / 2, undefined);
  }
  const candidates = [...byName.values()];
  const ofLevel = (suffix: string) => candidates.filter((c) => fits(c.links[c.links.length - 1]!.suffix, suffix));
  const best = (list: Candidate[]) => list.reduce<Candidate | undefined>((a, c) => (!a || c.weight > a.weight ? c : a), undefined);
  return {
    resolve(ref, at) {
      const asUnit = (links: readonly PlaceLink[] | undefined): UnitMention | undefined =>
        links?.length
          ? {
            text: placeText({ place: [...links] }) + ref.body + ref.committee,
            start: 0,
            end: 0,
            place: [...links],
            body: ref.body,
            committee: ref.committee,
            delimited: true,
          }
          : undefined;
      if (ref.kind === "plural") return ref.outer ? { ...asUnit(ref.outer)!, text: ref.written } : undefined;
      if (!ref.suffix) return undefined;
      const level = ofLevel(ref.suffix);
      // 县人大常委会 and 我县 on a county's own page (its site, its byline) are that county's.
      const owner = best(level.filter((c) => c.own > 0).map((c) => ({ ...c, weight: c.own })));
      if (ref.kind !== "this" && owner) return asUnit(owner.links);
      {
        const before = level.filter((c) => c.seen.some((s) => s >= 0 && s <= at));
        const lastSeen = (c: Candidate) => Math.max(...c.seen.filter((s) => s <= at));
        const last = before.reduce<Candidate | undefined>((a, c) => (!a || lastSeen(c) > lastSeen(a) ? c : a), undefined);
        if (last) return asUnit(last.links);
      }
      // Otherwise only a place the page plainly centres on: the one of its level, or one named far more than the rest.
      const [top, second] = [...level].sort((a, b) => b.weight - a.weight);
      return top && (!second || top.weight >= 2 * second.weight) ? asUnit(top.links) : undefined;
    },
  };
}

/** 县 fits 平阴县 and 城步苗族自治县; 区 fits 历下区 but not 自治区; 市 fits both kinds of 市. */
function fits(placeSuffixWritten: string, refSuffix: string): boolean {
  if (placeSuffixWritten === refSuffix) return true;
  return (
    (refSuffix === "区" && placeSuffixWritten === "新区") ||
    (refSuffix === "县" && placeSuffixWritten === "自治县") ||
    (refSuffix === "州" && placeSuffixWritten === "自治州") ||
    (refSuffix === "旗" && placeSuffixWritten === "自治旗")
  );
}

/** The divisions above a chain's innermost place, when the gazetteer places it unambiguously. */
function parentsOf(links: readonly PlaceLink[], gazetteer: Gazetteer): PlaceLink[] {
  const name = placeText({ place: [...links.slice(-1)] });
  if (!placeSuffix(name)) return [];
  const outer = new Set(links.slice(0, -1).map((l) => l.name + l.suffix));
  const hits = gazetteer.lookup(name).filter((p) => outer.size === 0 || p.parents.some((x) => outer.has(x)));
  if (hits.length !== 1) return [];
  return hits[0]!.parents.flatMap((p) => {
    const s = placeSuffix(p);
    return s ? [{ name: p.slice(0, -s.length), suffix: s }] : [];
  });
}
