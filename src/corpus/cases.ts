import { createHash } from "node:crypto";
import { extractFigures } from "./figures.ts";
import type { Gazetteer } from "./gazetteer.ts";
import type { Section } from "./segment/sections.ts";
import type { Case, CaseSection, Paragraph, UnitLevel } from "./types.ts";
import { findUnitMentions, innermost, levelOfMention, placeText, unitKeyOf, type UnitMention } from "./units.ts";

const WHOLE_ARTICLE = new Set(["kicker", "title-unit", "single-unit", "signature"]);
const TERMINAL = /[。！？!?…”」）)；;]$/;

/**
 * Sections → cases: all sections of one unit in one article are one case (in reading order),
 * the sections no unit was found for are the article's own case (unit ""), so that nothing
 * ingested is invisible.
 */
export function casesOf(articleId: string, sections: readonly Section[], title: string, gazetteer: Gazetteer): Case[] {
  const groups = new Map<string, Section[]>();
  for (const s of sections) {
    const key = s.unit ? unitKeyOf(s.unit) : "";
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const cases: Case[] = [];
  for (const [key, group] of groups) cases.push(buildCase(articleId, key, group, title, gazetteer));
  // Units in reading order, the article's own text last.
  cases.sort((a, b) => Number(a.unit === "") - Number(b.unit === "") || firstIndex(sections, a.unitKey) - firstIndex(sections, b.unitKey));
  cases.forEach((c, i) => (c.order = i));
  dropSharedThemes(cases);
  return cases;
}

function firstIndex(sections: readonly Section[], key: string): number {
  return sections.findIndex((s) => (s.unit ? unitKeyOf(s.unit) : "") === key);
}

function buildCase(articleId: string, key: string, group: readonly Section[], title: string, gazetteer: Gazetteer): Case {
  const unit = key ? displayUnit(group) : undefined;
  const sections: CaseSection[] = group.map((s) => ({ headline: s.headline, topics: s.topics, rule: s.rule ?? "" }));
  const paragraphs = group.flatMap((s, i) => flagTruncation(s.paragraphs, i));
  const leadAt = paragraphs.findIndex((p) => !p.truncatedStart);
  const lead = leadAt === 0 && unit ? paragraphs.shift()!.text : "";
  const fullText = [lead, ...paragraphs.map((p) => p.text)].join("\n");
  // A single-unit article's headline is its title.
  const headline = !unit ? title : (group.find((s) => s.headline)?.headline ?? (group.some((s) => WHOLE_ARTICLE.has(s.rule ?? "")) ? title : ""));
  return {
    id: caseId(articleId, key),
    articleId,
    order: 0,
    unit: unit?.text ?? "",
    unitKey: key,
    place: unit ? placeText(unit) : "",
    level: unit ? levelOf(unit, gazetteer) : "county",
    headline,
    lead,
    paragraphs,
    practices: extractPractices(fullText),
    figures: extractFigures(fullText),
    captions: group.flatMap((s) => s.captions),
    sections,
  };
}

/**
 * The unit's name as the article writes it: the anchor's form when it names the full body
 * (柏川市人大 where that is all the article says), else the fullest form of the same unit in its
 * text (【柘溪镇】 … 柘溪镇人大主席团; 苇塘镇人大 … 苇塘镇人大主席团).
 */
function displayUnit(group: readonly Section[]): UnitMention {
  const anchor = group.find((s) => s.unit && s.rule !== "subject")?.unit ?? group[0]!.unit!;
  if (anchor.body && anchor.body !== "人大") return anchor;
  const key = unitKeyOf(anchor);
  for (const p of group.flatMap((s) => s.paragraphs)) {
    const m = findUnitMentions(p).find((x) => x.body && x.body !== "人大" && unitKeyOf(x) === key);
    // The anchor's place as written (章丘区相公庄镇), with the body the text names in full.
    if (m) return { ...anchor, text: (anchor.place.length > 1 ? placeText(anchor) : innermost(m)) + m.body + m.committee, body: m.body };
  }
  return anchor;
}

/** A unit's level: by its name, and by the gazetteer where the name leaves it open (corrections/ names units too). */
export function levelOf(unit: UnitMention, gazetteer: Gazetteer): UnitLevel {
  const byName = levelOfMention(unit);
  if (byName === "township" || byName === "street") return byName;
  const known = gazetteer.lookup(innermost(unit));
  if (known.length === 1) return known[0]!.level === "township" ? "township" : known[0]!.level;
  return byName;
}

/**
 * The sources lose text between paragraphs. A paragraph that does not end a sentence is cut at
 * the end; the one after such a paragraph, or one that opens with a fragment (a digit, a
 * conjunction, closing punctuation), starts mid-sentence.
 */
function flagTruncation(lines: readonly string[], section: number): Paragraph[] {
  // A table row (项目 | 投资) is not prose: it neither ends a sentence nor is cut.
  const whole = (t: string) => TERMINAL.test(t) || t.includes(" | ");
  return lines.map((text, i) => {
    const prev = lines[i - 1];
    const t = text.trim();
    return {
      text: t,
      section,
      truncatedEnd: !whole(t),
      truncatedStart: (prev !== undefined && !whole(prev.trim())) || (!t.includes(" | ") && startsMidSentence(t)),
    };
  });
}

/** Dates and periods open sentences: 8月12日，… 2024年以来，… 今年1至5月，… */
const DATE_OPENING = /^(?:今年|去年|前年|明年|本年|上半年|下半年)?[\d０-９]{1,4}\s*(?:[年月日]|至|到|[-—~～])/;

function startsMidSentence(t: string): boolean {
  if (/^[，。；、：）》”」,;:)]/.test(t)) return true;
  if (/^[和与及并而或且的了着过之其]/.test(t)) return true;
  if (DATE_OPENING.test(t)) return false;
  // A number opening a paragraph is the tail of a cut sentence (400元/人/年增至…), and so is a
  // first clause of one or two characters before a number ("站10个。").
  return /^[\d０-９]/.test(t) || /^[^，。；：、]{1,2}[\d０-９]/.test(t);
}

/** A quoted phrase that names a problem: “不会干、不善干、不想干”问题, 破解“三难”. */
const PROBLEM_AFTER = /^等?(?:问题|难题|现象|困境|短板|顽疾|痛点|堵点|难点|弊端|瓶颈)/;
const PROBLEM_BEFORE = /(?:破解|解决|克服|治理|整治|纠正|防止|杜绝|避免|扭转|化解)$/;

/** Named measures are quoted: “千名代表访万人”, “学一联一提一督一述”; quoted problems are not measures. */
export function extractPractices(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(/[“「『]([^“”「」『』\n]{2,24})[”」』]/g)) {
    const p = m[1]!.trim();
    if (/[。；]/.test(p)) continue;
    const at = m.index ?? 0;
    if (PROBLEM_AFTER.test(text.slice(at + m[0].length)) || PROBLEM_BEFORE.test(text.slice(Math.max(0, at - 4), at))) continue;
    // Two-character quotes are abbreviations (“法检”), and a phrase ending in a locative
    // (“刀刃上”) is a figure of speech, not the name of a measure.
    if (Array.from(p).length < 3 || /[上下中里内外]$/.test(p)) continue;
    seen.add(p);
  }
  return [...seen];
}

/**
 * A quoted phrase that most cases of one article repeat (the campaign they all implement,
 * such as “三会三文”) is the article's theme, not a unit's own practice.
 */
function dropSharedThemes(cases: Case[]): void {
  const units = cases.filter((c) => c.unit);
  if (units.length < 3) return;
  const count = new Map<string, number>();
  for (const c of units) for (const p of c.practices) count.set(p, (count.get(p) ?? 0) + 1);
  for (const c of cases) c.practices = c.practices.filter((p) => (count.get(p) ?? 0) <= units.length / 2);
}

/** Short, stable and safe in callback data and deep links ([A-Za-z0-9_-]). */
export function caseId(articleId: string, unitKey: string): string {
  return createHash("sha1").update(`${articleId}\n${unitKey}`).digest("hex").slice(0, 8);
}
