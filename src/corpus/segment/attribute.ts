import type { Gazetteer } from "../gazetteer.ts";
import { innermost, placeText, unitKeyOf, type UnitMention } from "../units.ts";
import type { Actor, ActorFinder } from "./actors.ts";
import { createContext, NOTE_WEIGHT, type DocumentContext, type PlaceNote } from "./context.ts";
import type { RuleName, Section } from "./types.ts";
import { sentencePieces, subjectsOf, type Piece } from "./subjects.ts";

/**
 * Text no layout anchor claims, attributed passage by passage to the body it is about. One model
 * for every page, not a rule per layout:
 *
 * 1. A piece of a sentence whose subject is an actor belongs to that actor (subjects.ts).
 * 2. A paragraph that opens without one belongs to the actor its own text names as subject
 *    later (“……”居民说。……某区人大常委会发动代表…), else to the one it names as an object or
 *    a place inside its area (在某村代表联络室内…; 走进某县的三个站…), else it continues the
 *    actor before it under the same heading.
 * 3. Inside a paragraph, text without a subject continues the actor before it.
 * 4. What is left belongs to the page's main unit, when the page has one: named by the title, by
 *    its own lines (source, byline, site, footer), or the subject of most of its sentences. A page
 *    about one unit is thus that unit's, whole; a digest of many keeps its introduction apart.
 *
 * References (该县, 我省, 市人大常委会, 自治区人大常委会) are resolved against the page (context.ts).
 */
export interface PageLine {
  text: string;
  weight: number;
}

export interface AttributionInput {
  sections: readonly Section[];
  finder: ActorFinder;
  gazetteer: Gazetteer;
  /** The title and the page's own lines (source, byline, site, footer), with their weight. */
  page: readonly PageLine[];
  /** A place written without a body may be an actor (not in pages laid out by unit anchors, where a bare place is the area). */
  bare: boolean;
  /** Paragraphs that speak for the whole page (以上做法…, 希望各地…). */
  closing: (text: string) => boolean;
  /** Whether text nobody claims may go to the page's main unit. */
  mainFallback: boolean;
  /** The page's main unit when its layout names it (a kicker, `unit：headline` as title). */
  main?: UnitMention;
}

export interface Attribution {
  /** What each input section became, in order (one section per run of one unit's text). */
  sections: Section[][];
  rules: Set<RuleName>;
  /** The unit the page is about as a whole, when it has one. */
  main?: UnitMention;
}

interface Rec {
  section: number;
  paragraph: number;
  piece: Piece;
  at: number;
  keys: string[];
  rule?: RuleName;
}

const EVIDENCE = { same: 3, inside: 1 } as const;

export function attribute(input: AttributionInput): Attribution {
  const { sections, finder } = input;
  const recs: Rec[] = [];
  let at = 0;
  sections.forEach((s, si) =>
    s.paragraphs.forEach((p, pi) => {
      for (const sentence of sentencePieces(p, finder)) for (const piece of sentence) recs.push({ section: si, paragraph: pi, piece, at: at++, keys: [] });
    }),
  );
  const pageActors = input.page.map((l) => ({ line: l, actors: l.weight >= NOTE_WEIGHT.page ? finder.owners(l.text) : finder.actors(l.text) }));
  const ctx = createContext(notesOf(pageActors, recs), input.gazetteer);
  const units = new Map<string, UnitMention>();
  const unitOf = (a: Actor, pos: number, subject: boolean): UnitMention | undefined => {
    const u = a.unit ?? (a.ref ? ctx.resolve(a.ref, pos) : undefined);
    if (!u || !u.place.length) return undefined;
    // Where anchors lay the page out, a place named alone is the area, not its 人大.
    if (subject && !input.bare && !u.body) return undefined;
    return u;
  };
  const remember = (u: UnitMention): string => {
    const key = unitKeyOf(u);
    const had = units.get(key);
    if (!had || rank(u) > rank(had)) units.set(key, u);
    return key;
  };

  // Subjects first: they decide which units the page has.
  const subjectCount = new Map<string, number>();
  for (const r of recs) {
    r.keys = unique(r.piece.subjects.flatMap((a) => unitOf(a, r.at, true) ?? []).map(remember));
    for (const k of r.keys) subjectCount.set(k, (subjectCount.get(k) ?? 0) + 1);
  }
  const forced = input.main ? units.get(remember(input.main)) : undefined;
  const main = forced ?? (input.mainFallback ? mainUnit(pageActors, subjectCount, (a) => unitOf(a, -1, true), remember, (k) => units.get(k)) : undefined);

  /** The unit the actors of these pieces name or lie inside, when one stands out. */
  const evidence = (pieces: readonly Rec[]): string | undefined => {
    const score = new Map<string, number>();
    for (const r of pieces) for (const a of r.piece.actors) {
      const u = unitOf(a, r.at, false);
      if (!u) continue;
      const key = unitKeyOf(u);
      if (units.has(key)) score.set(key, (score.get(key) ?? 0) + EVIDENCE.same);
      for (const [k, unit] of units) if (k !== key && contains(unit, u, input.gazetteer)) score.set(k, (score.get(k) ?? 0) + EVIDENCE.inside);
    }
    const ranked = [...score].sort((a, b) => b[1] - a[1]);
    return ranked[0] && ranked[0][1] > (ranked[1]?.[1] ?? 0) ? ranked[0][0] : undefined;
  };

  let current: string[] = [];
  for (let i = 0; i < recs.length; i++) {
    const r = recs[i]!;
    const prev = recs[i - 1];
    const newParagraph = !prev || prev.section !== r.section || prev.paragraph !== r.paragraph;
    if (prev && prev.section !== r.section) current = [];
    if (r.keys.length) {
      r.rule = r.piece.listed ? "listed" : "subject";
      current = r.keys;
      continue;
    }
    if (newParagraph && input.closing(r.piece.text)) {
      current = [];
      continue;
    }
    if (newParagraph && !r.piece.self) {
      const paragraph = recs.slice(i).filter((x) => x.section === r.section && x.paragraph === r.paragraph);
      const forward = paragraph.find((x) => x.keys.length);
      // What the paragraph names before its first subject (its opening scene, its quotation).
      const named = evidence(forward ? paragraph.slice(0, paragraph.indexOf(forward)) : paragraph);
      const found = forward?.keys ?? (named ? [named] : undefined);
      if (found) current = found;
    }
    r.keys = current;
    if (r.keys.length) r.rule = "subject";
  }
  const rules = new Set<RuleName>();
  if (main) {
    const key = unitKeyOf(main);
    for (const r of recs) {
      if (r.keys.length || input.closing(r.piece.text)) continue;
      r.keys = [key];
      r.rule = "context";
    }
  }
  const used = new Set(recs.flatMap((r) => r.keys));
  if (used.size === 1 && main && recs.every((r) => r.keys.length)) for (const r of recs) r.rule = "single-unit";
  for (const r of recs) if (r.rule && r.keys.length) rules.add(r.rule);
  return { sections: rebuild(sections, recs, units), rules, main };
}

/** Places named on the page, for resolving references: the page's own lines weigh most. */
function notesOf(page: ReadonlyArray<{ line: PageLine; actors: Actor[] }>, recs: readonly Rec[]): PlaceNote[] {
  const notes: PlaceNote[] = [];
  for (const { line, actors } of page) for (const a of actors) if (a.unit) notes.push({ links: a.unit.place, at: -1, weight: line.weight });
  for (const r of recs) {
    for (const a of r.piece.actors) {
      if (!a.unit) continue;
      notes.push({ links: a.unit.place, at: r.at, weight: r.piece.subjects.includes(a) ? NOTE_WEIGHT.subject : NOTE_WEIGHT.mention });
    }
  }
  return notes;
}

/**
 * The unit a page is about as a whole: the subject of its title or named by its own lines, or
 * the subject of most of its sentences. Votes: title and page lines by their weight, each
 * sentence by one.
 */
function mainUnit(
  page: ReadonlyArray<{ line: PageLine; actors: Actor[] }>,
  subjectCount: ReadonlyMap<string, number>,
  unitOf: (a: Actor) => UnitMention | undefined,
  remember: (u: UnitMention) => string,
  unitByKey: (key: string) => UnitMention | undefined,
): UnitMention | undefined {
  const votes = new Map<string, number>();
  const byKey = new Map<string, UnitMention>();
  for (const { line, actors } of page) {
    // A title by its subject; the page's own lines by the 人大 body they name (a newspaper's or a
    // site's place says where the page is, not who acted).
    const own = line.weight >= NOTE_WEIGHT.page;
    const subject = own
      ? actors.find((a) => a.kind !== "place" && (a.unit?.body || a.ref?.body))
      : (subjectsOf(line.text, actors)[0] ?? (actors.length === 1 ? actors[0] : undefined));
    const u = subject ? unitOf(subject) : undefined;
    if (!u) continue;
    const key = remember(u);
    byKey.set(key, u);
    votes.set(key, (votes.get(key) ?? 0) + line.weight);
  }
  const total = [...subjectCount.values()].reduce((a, b) => a + b, 0);
  for (const [k, n] of subjectCount) votes.set(k, (votes.get(k) ?? 0) + n);
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top) return undefined;
  const fromPage = byKey.has(top[0]);
  // The subject of most sentences, or the only one the page has.
  const count = subjectCount.get(top[0]) ?? 0;
  const dominant = count >= total * 0.6 && (count >= 2 || subjectCount.size === 1);
  if (!(fromPage || dominant) || (second && second[1] >= top[1])) return undefined;
  return unitByKey(top[0]);
}

/** Whether place `inner` lies inside unit `outer`'s place (by its own chain, or the gazetteer). */
function contains(outer: UnitMention, inner: UnitMention, gazetteer: Gazetteer): boolean {
  const place = innermost(outer);
  if (inner.place.slice(0, -1).some((l) => l.name + l.suffix === place)) return true;
  const hits = gazetteer.lookup(innermost(inner));
  return hits.length > 0 && hits.every((p) => p.parents.includes(place));
}

/** Bodies named in full outrank 人大 alone, which outranks a bare place; longer chains outrank shorter. */
function rank(u: UnitMention): number {
  const body = u.body && u.body !== "人大" ? 2 : u.body ? 1 : 0;
  return body * 10 + Math.min(u.place.length, 9);
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

/** Pieces back into sections: a run of one unit's pieces under one heading is one section. */
function rebuild(sections: readonly Section[], recs: readonly Rec[], units: ReadonlyMap<string, UnitMention>): Section[][] {
  return sections.map((s, si) => {
    const out: Section[] = [];
    const own = recs.filter((r) => r.section === si);
    if (!own.length) return [s];
    let run: { keys: string[]; rule?: RuleName; paragraphs: string[]; lastParagraph: number } | undefined;
    const runs: Array<NonNullable<typeof run>> = [];
    for (const r of own) {
      const same = run && run.keys.join("|") === r.keys.join("|");
      if (!same) {
        run = { keys: r.keys, rule: r.rule, paragraphs: [], lastParagraph: -1 };
        runs.push(run);
      }
      if (run!.lastParagraph === r.paragraph && run!.paragraphs.length) run!.paragraphs[run!.paragraphs.length - 1] += r.piece.text;
      else run!.paragraphs.push(r.piece.text);
      run!.lastParagraph = r.paragraph;
    }
    runs.forEach((x, i) => {
      const captions = i === 0 ? s.captions : [];
      const targets = x.keys.length ? x.keys : [""];
      for (const k of targets) {
        const unit = k ? units.get(k) : undefined;
        out.push({
          ...s,
          unit: unit ? { ...unit, text: displayText(unit) } : undefined,
          rule: unit ? x.rule : undefined,
          paragraphs: x.paragraphs.map((p) => p.trim()).filter(Boolean),
          captions,
        });
      }
    });
    return out;
  });
}

function displayText(u: UnitMention): string {
  return u.text || placeText(u) + u.body + u.committee;
}

export type { DocumentContext };
