import type { Gazetteer } from "../gazetteer.ts";
import type { Case } from "../types.ts";
import { placeSuffix } from "../units.ts";
import type { ActorFinder } from "./actors.ts";

/**
 * Where each unit lies, as the gazetteer's chain of divisions (省 → 市 → 县 → 乡镇), decided with
 * the page: a town's name the country has many times (城关镇, 甘泉镇) is the one inside a county,
 * city or province the page names anywhere — its title, its source line, its text. Questions
 * about a region find the unit through it (答 天水 with 甘泉镇's case).
 */
export function regionsOf(cases: Case[], pageTexts: readonly string[], finder: ActorFinder, gazetteer: Gazetteer): void {
  let named: Set<string> | undefined;
  const pageNames = () => {
    if (named) return named;
    named = new Set<string>();
    for (const t of pageTexts) {
      for (const a of [...finder.actors(t), ...finder.owners(t)]) for (const l of a.unit?.place ?? []) named.add(l.name + l.suffix);
    }
    return named;
  };
  for (const c of cases) {
    if (!c.unit || !c.place) continue;
    const links = chainOf(c.place);
    const inner = links[links.length - 1]!;
    if (!placeSuffix(inner)) continue;
    let found = gazetteer.lookup(inner);
    const outer = links.slice(0, -1);
    if (found.length > 1 && outer.length) found = narrow(found, (p) => outer.some((o) => p.parents.includes(o)));
    if (found.length > 1) found = narrow(found, (p) => p.parents.some((x) => pageNames().has(x)));
    if (found.length === 1) c.region = [...found[0]!.parents, found[0]!.name];
  }
}

function narrow<T>(list: T[], keep: (x: T) => boolean): T[] {
  const kept = list.filter(keep);
  return kept.length ? kept : list;
}

/** 甘肃省天水市麦积区甘泉镇 → its links, each with its suffix. */
function chainOf(place: string): string[] {
  const out: string[] = [];
  let rest = place;
  for (;;) {
    const m = /^(.+?(?:特别行政区|自治区|自治州|自治县|自治旗|新区|街道|[省市州盟县区旗镇乡]))(.+)$/.exec(rest);
    if (!m || !placeSuffix(m[2]!)) break;
    out.push(m[1]!);
    rest = m[2]!;
  }
  return [...out, rest];
}
