import type { Block } from "../blocks.ts";
import { numberingOf } from "../refine/headings.ts";
import { innermost, unitKeyOf, type UnitMention } from "../units.ts";
import { anchorOf, type Anchor } from "./anchors.ts";
import type { UnitResolver } from "./resolver.ts";
import { attribute, type PageLine } from "./attribute.ts";
import { subjectsOf } from "./subjects.ts";
import type { RuleName, Section } from "./types.ts";

export type { Section } from "./types.ts";


/** Closing and framing paragraphs speak for the whole newsletter, not for the unit above them. */
const CLOSING = /希望各地|各地要|各地(?:可|应)?结合|以上(?:做法|案例|经验)|供(?:大家|各地)?(?:学习|参考|借鉴|交流)|从各地(?:情况|实践)看|总的来看|综上所述/;

export interface SectionInput {
  blocks: readonly Block[];
  resolver: UnitResolver;
  /** The unit the article is about as a whole: a kicker line or `unit：` in the title. */
  articleUnit?: Anchor;
  /** The title and the page's own lines (source, byline, site, footer): whose page it is. */
  page: readonly PageLine[];
}

/**
 * Blocks → sections. Layout anchors (a unit heading, `unit：headline`, `headline——unit`,
 * 【unit】, 申报单位：, `unit：` opening a paragraph, a 供稿 trailer) open or close sections;
 * headings without a unit are topics. Text no anchor claims is read sentence by sentence for
 * subjects (topic-first digests); a document about one unit gives it all its text.
 */
export function buildSections(input: SectionInput): { sections: Section[]; rules: Set<RuleName> } {
  const { blocks, resolver } = input;
  const anchors = blocks.map((b) => anchorOf(b, resolver));
  const rules = new Set<RuleName>();
  const sections: Section[] = [];
  const path: Array<{ level: number; text: string }> = [];
  let cur: (Section & { level?: number }) | undefined;
  const topics = () => path.map((p) => p.text);
  const open = (unit: UnitMention | undefined, rule: RuleName | undefined, headline: string, level?: number) => {
    cur = { unit, rule, headline, topics: topics(), paragraphs: [], captions: [], level };
    if (rule) rules.add(rule);
    sections.push(cur);
    return cur;
  };
  const sectionAnchored = anchors.some((a) => a && a.rule !== "signature");

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    const a = anchors[i];
    if (b.kind === "heading" || (a && (a.rule === "unit-colon" || a.rule === "bracket" || a.rule === "dash-unit" || a.rule === "unit-line"))) {
      const level = b.numbering ? (numberingOf(b.text)?.level ?? b.level ?? 2) : (b.level ?? 2);
      if (a && a.rule !== "trailer" && a.rule !== "signature") {
        let headline = a.headline;
        const next = blocks[i + 1];
        if (!headline && next && (next.kind === "heading" || (next.kind === "paragraph" && isShort(next.text))) && !anchors[i + 1]) {
          headline = plainHeading(next.text);
          i++;
        }
        open(a.unit, a.rule, headline, b.numbering ? level : undefined);
        continue;
      }
      if (introducesCaseBlock(blocks, anchors, i)) {
        open(undefined, undefined, plainHeading(b.text), level);
        continue;
      }
      // A sub-heading inside a unit's section stays part of it; a heading at the section's own
      // level, or one right above the next unit (a category: ■ 县乡之窗, or the end of a list of
      // contents that names the units) starts a new topic.
      const subHeading =
        cur?.unit &&
        !(b.numbering && cur.level !== undefined && level <= cur.level) &&
        !opensUnitSection(anchors[i + 1]) &&
        !namesAnother(b.text, cur.unit, resolver);
      if (subHeading) {
        cur!.paragraphs.push(b.text);
        continue;
      }
      while (path.length && path[path.length - 1]!.level >= level) path.pop();
      path.push({ level, text: plainHeading(b.text) });
      cur = undefined;
      continue;
    }
    if (a?.rule === "field") {
      if (cur && !cur.unit) {
        cur.unit = a.unit;
        cur.rule = "field";
        rules.add("field");
      } else if (!cur || unitKeyOf(cur.unit!) !== unitKeyOf(a.unit)) open(a.unit, "field", "");
      continue;
    }
    if (a?.rule === "colon-paragraph") {
      open(a.unit, "colon-paragraph", "").paragraphs.push(a.rest ?? "");
      continue;
    }
    if (a?.rule === "trailer") {
      if (cur && !cur.unit) {
        cur.unit = a.unit;
        cur.rule = "trailer";
        rules.add("trailer");
      }
      cur = undefined;
      continue;
    }
    if (b.kind === "caption") {
      (cur ?? open(undefined, undefined, innerTopic(path))).captions.push(b.text);
      continue;
    }
    if (b.kind === "meta") continue;
    const text = b.kind === "field" ? `${b.label}：${b.text}` : b.text;
    if (cur?.unit && CLOSING.test(text) && !resolver.mentions(text).some((m) => m.place.length)) cur = undefined;
    (cur ?? open(undefined, undefined, innerTopic(path))).paragraphs.push(text);
  }

  // In a document laid out by anchors, text they leave over (an introduction) is attributed only
  // where a body is named in full: a bare place there is the area, not its 人大. A document
  // without anchors is attributed passage by passage, with the page's main unit behind it.
  for (const s of sections) if (s.unit && !s.unit.body) s.unit = placeAsWritten(s, resolver) ?? s.unit;
  const free = attribute({
    sections: sections.filter((s) => !s.unit),
    finder: resolver.actors,
    gazetteer: resolver.gazetteer,
    page: input.page,
    bare: !sectionAnchored,
    closing: (t) => CLOSING.test(t) && !resolver.mentions(t).some((m) => m.place.length),
    mainFallback: !sectionAnchored,
    // A kicker or `unit：headline` as title names the page's unit: what no other unit is the
    // subject of is its.
    main: sectionAnchored ? undefined : input.articleUnit?.unit,
  });
  // A page about one unit is that unit's case, whole, as one section.
  if (!sectionAnchored && free.rules.has("single-unit") && free.main) {
    const unit = input.articleUnit ?? { rule: "single-unit" as const, unit: free.sections.flat().find((s) => s.unit)?.unit ?? free.main, headline: "" };
    return { sections: wholeDocument(sections, unit, rules), rules };
  }
  for (const r of free.rules) rules.add(r);
  if (input.articleUnit && !sectionAnchored) rules.add(input.articleUnit.rule);
  let next = 0;
  const anchoredKeys = new Set(sections.flatMap((s) => (s.unit ? [unitKeyOf(s.unit)] : [])));
  // A unit listed in an introduction (A“项目”，B“项目”…) and given its own block below needs no
  // second passage repeating its headline.
  const repeats = (s: Section) => s.rule === "listed" && s.unit !== undefined && anchoredKeys.has(unitKeyOf(s.unit));
  const refined = sections.flatMap((s) => (s.unit ? [s] : free.sections[next++]!.filter((x) => !repeats(x))));
  return { sections: refined.filter((s) => s.paragraphs.length || s.captions.length), rules };
}

/** A heading whose subject is another unit (某镇召开…) starts that unit's story, not a sub-heading. */
function namesAnother(heading: string, unit: UnitMention, r: UnitResolver): boolean {
  const [subject] = subjectsOf(heading, r.actors.actors(heading));
  return subject?.unit !== undefined && subject.unit.place.length > 0 && unitKeyOf(subject.unit) !== unitKeyOf(unit);
}

/**
 * A section opened by a place written short (■ 双江：…, 【某镇】) is about the place its own
 * text names in full when one begins with those words (某县双江街道人大代表联络站), rather than
 * whatever the gazetteer finds under the short name.
 */
function placeAsWritten(s: Section, r: UnitResolver): UnitMention | undefined {
  const short = s.unit!.text.replace(/[：:]$/, "");
  for (const p of s.paragraphs.slice(0, 2)) {
    const hit = r.actors.actors(p).find((a) => a.unit && innermost(a.unit).startsWith(short) && innermost(a.unit) !== short);
    if (hit?.unit) return hit.unit;
  }
  return undefined;
}

/** A single-unit article (a kicker, `unit：headline` as title) is that unit's, whole. */
function wholeDocument(sections: readonly Section[], unit: Anchor, rules: Set<RuleName>): Section[] {
  rules.add(unit.rule);
  return [
    {
      unit: unit.unit,
      rule: unit.rule,
      headline: unit.headline,
      topics: [],
      paragraphs: sections.flatMap((s) => s.paragraphs),
      captions: sections.flatMap((s) => s.captions),
    },
  ];
}

function opensUnitSection(a: Anchor | undefined): boolean {
  return a !== undefined && a.rule !== "trailer" && a.rule !== "signature" && a.rule !== "field";
}

/** 案例一：headline, then 申报单位：… within the next few blocks. */
function introducesCaseBlock(blocks: readonly Block[], anchors: ReadonlyArray<Anchor | undefined>, i: number): boolean {
  for (let j = i + 1; j < Math.min(blocks.length, i + 4); j++) {
    if (anchors[j]?.rule === "field") return true;
    if (blocks[j]!.kind === "heading") return false;
  }
  return false;
}

function innerTopic(path: ReadonlyArray<{ text: string }>): string {
  return path[path.length - 1]?.text ?? "";
}

function isShort(text: string): boolean {
  return Array.from(text).length <= 50 && !/[。；]$/.test(text);
}

/** A heading as a headline: list markers and case labels removed. */
function plainHeading(text: string): string {
  const n = numberingOf(text);
  return (n ? text.slice(n.numbering.length) : text).replace(/^[◆◇▶►▷★☆●○■□•·▪]\s*/, "").trim();
}
