import { caseId, extractPractices } from "../cases.ts";
import { extractFigures } from "../figures.ts";
import type { Gazetteer } from "../gazetteer.ts";
import type { Article, Case, CaseSection, Paragraph, UnitLevel } from "../types.ts";
import { CORRECTION_TEXT } from "../../messages/corrections.ts";
import { describeCorrection } from "./describe.ts";
import { normalisePassage, passageHash, passageOrder } from "./passages.ts";
import type { Correction, CorrectionOutcome, PassageRef, UnitRef } from "./types.ts";
import { unitOfName, type UnitIdentity } from "./unit-name.ts";

/**
 * An editor's corrections applied to a parsed article: the one place they act, after parsing,
 * whatever parser produced the article (design note: CORRECTIONS.md). Corrections apply in the
 * order they were made; one whose unit or passage the article no longer has is reported stale
 * and changes nothing. Cases no correction touches come out exactly as the parser made them; a
 * case that gains or loses passages is rebuilt the way the parser builds one (lead, practices,
 * figures, id from the article and the unit's key).
 */
export function applyCorrections(article: Article, corrections: readonly Correction[], gazetteer: Gazetteer): Article {
  if (corrections.length === 0) return article;
  const groups = article.cases.map(groupOf);
  const work: Work = { groups, article, gazetteer, retagged: new Map() };
  const outcomes = corrections.map((c, i): CorrectionOutcome => {
    const stale = applyOne(work, c);
    return { n: i + 1, text: describeCorrection(c), ...(stale !== undefined && { stale }) };
  });
  const themes = sharedThemes(article);
  const built = groups
    .filter((g) => !g.gone)
    .map((g) => ({ g, c: caseOf(g, article, themes) }))
    .filter((x): x is { g: Group; c: Case } => x.c !== undefined);
  // Units in reading order (as far as the parse kept it), the article's own text last.
  built.sort((a, b) => Number(a.g.key === "") - Number(b.g.key === "") || firstPos(a.g) - firstPos(b.g));
  const cases = built.map(({ c }, order) => (c.order === order ? c : { ...c, order }));
  const own = cases.find((c) => !c.unit);
  const applied = outcomes.some((o) => o.stale === undefined);
  return {
    ...article,
    cases,
    report: {
      ...article.report,
      rules: applied && !article.report.rules.includes(CORRECTION_RULE) ? [...article.report.rules, CORRECTION_RULE] : article.report.rules,
      unattributed: own ? own.paragraphs.length + (own.lead ? 1 : 0) : 0,
      corrections: outcomes,
      passages: passageOrder(article),
    },
  };
}

/** The rule name of text an editor attributed (report.ts labels it). */
export const CORRECTION_RULE = "correction";

interface Item {
  text: string;
  hash: string;
  norm: string;
  truncatedStart: boolean;
  truncatedEnd: boolean;
  section: CaseSection;
  /** Where it stood in the parse: case order, then place in the case. */
  pos: number;
}

interface Group {
  origin?: Case;
  key: string;
  unit: string;
  place: string;
  level: UnitLevel;
  headline: string;
  items: Item[];
  captions: string[];
  /** Name, key, place or level changed. */
  renamed: boolean;
  /** Passages came or went. */
  changed: boolean;
  /** Merged into another unit: no correction after that finds it. */
  gone: boolean;
}

interface Work {
  groups: Group[];
  article: Article;
  gazetteer: Gazetteer;
  /** One copy per section of the sections whose text an editor moved, marked as the editor's. */
  retagged: Map<CaseSection, CaseSection>;
}

const POS_STEP = 100_000;

function groupOf(c: Case, caseIndex: number): Group {
  const first: CaseSection = c.sections[0] ?? { headline: c.headline, topics: [], rule: "" };
  const item = (text: string, p: Omit<Paragraph, "text" | "section">, section: CaseSection, i: number): Item => {
    const norm = normalisePassage(text);
    return { text, norm, hash: passageHash(text), ...p, section, pos: caseIndex * POS_STEP + i };
  };
  const items = [
    ...(c.lead ? [item(c.lead, { truncatedStart: false, truncatedEnd: false }, first, 0)] : []),
    ...c.paragraphs.map((p, i) => item(p.text, p, c.sections[p.section] ?? first, i + 1)),
  ];
  return {
    origin: c,
    key: c.unitKey,
    unit: c.unit,
    place: c.place,
    level: c.level,
    headline: c.headline,
    items,
    captions: [...c.captions],
    renamed: false,
    changed: false,
    gone: false,
  };
}

/** Applies one correction; returns why it is stale, or undefined when it applied. */
function applyOne(w: Work, c: Correction): string | undefined {
  switch (c.op) {
    case "rename": {
      if (!c.unit && c.passages)
        return giveOwnText(w, c.passages, () => unitWithKey(w, unitOfName(c.to, w.gazetteer).key) ?? newGroup(w, unitOfName(c.to, w.gazetteer)));
      const from = source(w, c.unit);
      if (typeof from === "string") return from;
      const id = unitOfName(c.to, w.gazetteer);
      // A name the article already has for another unit: the two are one (that unit keeps its name).
      const same = unitWithKey(w, id.key, from);
      if (same) moveAll(w, from, same);
      else if (!from.unit) {
        moveAll(w, from, newGroup(w, id));
      } else {
        Object.assign(from, { key: id.key, unit: c.to, place: id.place || from.place, level: id.place ? id.level : from.level, renamed: true });
      }
      return undefined;
    }
    case "merge": {
      const into = c.into ? findUnit(w, c.into) : ownText(w, true);
      if (!into) return CORRECTION_TEXT.unitGone(c.into!.name);
      if (!c.unit && c.passages) return giveOwnText(w, c.passages, () => into);
      const from = source(w, c.unit);
      if (typeof from === "string") return from;
      if (into !== from) moveAll(w, from, into);
      return undefined;
    }
    case "move": {
      const at = locate(w, c.passage);
      if (typeof at === "string") return at;
      const into = c.to ? (findUnit(w, c.to) ?? unitWithKey(w, unitOfName(c.to.name, w.gazetteer).key) ?? newUnit(w, c.to.name, at.group)) : ownText(w, true)!;
      if (into === at.group) return undefined;
      const [item] = at.group.items.splice(at.index, 1);
      into.items.push(retag(w, item!, !at.group.unit));
      at.group.changed = into.changed = true;
      return undefined;
    }
  }
}

/**
 * The passages an editor saw as the article's own text, given to a unit: wherever the parse now
 * puts each of them. Stale only when none of them is in the document any more.
 */
function giveOwnText(w: Work, passages: readonly PassageRef[], target: () => Group): string | undefined {
  // One passage per reference: the same text twice in the document is two passages, taken in turn.
  const taken = new Set<Item>();
  for (const p of passages) {
    const at = locate(w, p, taken);
    if (typeof at !== "string") taken.add(at.group.items[at.index]!);
  }
  if (taken.size === 0) return CORRECTION_TEXT.passagesGone;
  const into = target();
  for (const item of taken) {
    const from = w.groups.find((g) => g.items.includes(item))!;
    if (from === into) continue;
    from.items.splice(from.items.indexOf(item), 1);
    into.items.push(retag(w, item, !from.unit));
    from.changed = into.changed = true;
  }
  return undefined;
}

/** The unit a correction takes text from (null: the article's own text), or why it is stale. */
function source(w: Work, ref: UnitRef | null): Group | string {
  if (ref) return findUnit(w, ref) ?? CORRECTION_TEXT.unitGone(ref.name);
  const own = ownText(w, false);
  return own && own.items.length ? own : CORRECTION_TEXT.noOwnText;
}

function findUnit(w: Work, ref: UnitRef): Group | undefined {
  const units = w.groups.filter((g) => g.unit && !g.gone);
  return units.find((g) => g.key === ref.key) ?? units.find((g) => g.unit === ref.name);
}

function unitWithKey(w: Work, key: string, except?: Group): Group | undefined {
  return w.groups.find((g) => g.unit && !g.gone && g !== except && g.key === key);
}

function ownText(w: Work, create: boolean): Group | undefined {
  const own = w.groups.find((g) => !g.unit);
  if (own || !create) return own;
  return newGroup(w, { name: "", key: "", place: "", level: "county" }, w.article.title);
}

/**
 * A unit an editor named for a passage. Without a place of its own (a station, a community) it
 * is taken to be at the level of the unit whose text it was found in: a body named inside a
 * street's report is a street-level one.
 */
function newUnit(w: Work, name: string, foundIn: Group): Group {
  const id = unitOfName(name, w.gazetteer);
  return newGroup(w, id.place || !foundIn.unit ? id : { ...id, level: foundIn.level });
}

function newGroup(w: Work, id: UnitIdentity, headline = ""): Group {
  const g: Group = {
    key: id.key,
    unit: id.name,
    place: id.place,
    level: id.level,
    headline,
    items: [],
    captions: [],
    renamed: true,
    changed: true,
    gone: false,
  };
  w.groups.push(g);
  return g;
}

function moveAll(w: Work, from: Group, into: Group): void {
  into.items.push(...from.items.map((i) => retag(w, i, true)));
  into.captions.push(...from.captions);
  from.items = [];
  from.captions = [];
  from.changed = into.changed = true;
  // A unit merged away is gone; the article's own text stays (passages may be moved back to it).
  if (from.unit) from.gone = true;
}

/**
 * The section a passage stands under once an editor attributed it. Its headline goes with it
 * when the whole unit (or the article's own text) does; a single passage taken out of another
 * unit's section keeps that headline only as a topic — it was the other unit's headline.
 */
function retag(w: Work, item: Item, keepHeadline: boolean): Item {
  let section = w.retagged.get(item.section);
  if (!section) {
    const s = item.section;
    section = keepHeadline
      ? { ...s, rule: CORRECTION_RULE }
      : { headline: "", topics: s.headline ? [...s.topics, s.headline] : s.topics, rule: CORRECTION_RULE };
    w.retagged.set(item.section, section);
  }
  return { ...item, section };
}

/**
 * A passage by its fingerprint; failing that (a parser that now joins a wrapped line to it, or
 * cuts it differently), the one passage that starts with, or else contains, its start.
 */
function locate(w: Work, ref: PassageRef, skip?: ReadonlySet<Item>): { group: Group; index: number } | string {
  const all = w.groups.filter((g) => !g.gone).flatMap((group) => group.items.map((item, index) => ({ group, index, item }))).filter((x) => !skip?.has(x.item));
  const exact = all.find((x) => x.item.hash === ref.hash);
  if (exact) return exact;
  for (const test of [(n: string) => n.startsWith(ref.start), (n: string) => n.includes(ref.start)]) {
    const found = all.filter((x) => test(x.item.norm));
    if (found.length === 1) return found[0]!;
    if (found.length > 1) return CORRECTION_TEXT.passageAmbiguous(found.length, ref.text);
  }
  return CORRECTION_TEXT.passageGone;
}

const firstPos = (g: Group): number => Math.min(...g.items.map((i) => i.pos), g.origin ? g.origin.order * POS_STEP : Infinity);

/** The case a group stands for now: the parser's own when nothing changed, else rebuilt; undefined when corrections emptied it. */
function caseOf(g: Group, article: Article, themes: ReadonlySet<string>): Case | undefined {
  const origin = g.origin;
  if (origin && !g.changed) {
    if (!g.renamed) return origin;
    return { ...origin, id: caseId(article.id, g.key), unit: g.unit, unitKey: g.key, place: g.place, level: g.level };
  }
  if (g.items.length === 0) return undefined;
  const items = withoutCopies([...g.items].sort((a, b) => a.pos - b.pos));
  const sections: CaseSection[] = [];
  const sectionOf = (s: CaseSection): number => {
    const at = sections.indexOf(s);
    return at !== -1 ? at : sections.push(s) - 1;
  };
  // The parser's rule (cases.ts): a unit's lead is its first passage unless that starts mid-sentence.
  const leadItem = g.unit && !items[0]!.truncatedStart ? items.shift() : undefined;
  if (leadItem) sectionOf(leadItem.section);
  const paragraphs: Paragraph[] = items.map((i) => ({
    text: i.text,
    section: sectionOf(i.section),
    truncatedStart: i.truncatedStart,
    truncatedEnd: i.truncatedEnd,
  }));
  const lead = leadItem?.text ?? "";
  const fullText = [lead, ...paragraphs.map((p) => p.text)].join("\n");
  const headline = g.headline || sections.find((s) => s.headline)?.headline || article.title;
  return {
    id: caseId(article.id, g.key),
    articleId: article.id,
    order: origin?.order ?? 0,
    unit: g.unit,
    unitKey: g.key,
    place: g.place,
    level: g.level,
    headline,
    lead,
    paragraphs,
    practices: extractPractices(fullText).filter((p) => !themes.has(p)),
    figures: extractFigures(fullText),
    captions: g.captions,
    sections,
  };
}

/**
 * A passage the parser gave to several units (one naming them all: 甲县、乙县、丙县…) is one
 * passage again once those units are one: the copies from other cases go, the unit's own repeats stay.
 */
function withoutCopies(items: readonly Item[]): Item[] {
  const from = new Map<string, number>();
  return items.filter((i) => {
    const caseIndex = Math.floor(i.pos / POS_STEP);
    const first = from.get(i.hash);
    if (first === undefined) from.set(i.hash, caseIndex);
    return first === undefined || first === caseIndex;
  });
}

/** Quoted phrases the parser found in a case's text but did not keep: the article's campaign theme (cases.ts). */
function sharedThemes(article: Article): Set<string> {
  const themes = new Set<string>();
  for (const c of article.cases) {
    const kept = new Set(c.practices);
    for (const p of extractPractices([c.lead, ...c.paragraphs.map((x) => x.text)].join("\n"))) if (!kept.has(p)) themes.add(p);
  }
  return themes;
}
