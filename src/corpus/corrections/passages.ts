import { createHash } from "node:crypto";
import type { Article } from "../types.ts";
import type { PassageRef } from "./types.ts";

/**
 * Passages — a case's lead and its paragraphs — as editors see and name them: numbered in the
 * report, fingerprinted in corrections. The number is the passage's place in the parser's own
 * listing (units in reading order, each with its passages, then the article's own text), kept in
 * `report.passages` once corrections move text around, so the numbers an editor read in a report
 * still name the same passages after any correction.
 */

/** What a passage is compared as: NFKC (full-width digits, compatibility forms) without whitespace. */
export function normalisePassage(text: string): string {
  return text.normalize("NFKC").replace(/\s+/g, "");
}

export function passageHash(text: string): string {
  return createHash("sha1").update(normalisePassage(text)).digest("hex").slice(0, 12);
}

/** Characters of the normalised start a passage is found by when its text changed. */
const START_CHARS = 24;

export function passageRef(text: string): PassageRef {
  return { hash: passageHash(text), start: Array.from(normalisePassage(text)).slice(0, START_CHARS).join(""), text: firstWords(text) };
}

/** The first words of a passage, as reports show them. */
export function firstWords(text: string, max = 20): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max).join("")}…`;
}

export interface ListedPassage {
  /** 1-based: what an editor types to name it. */
  n: number;
  text: string;
  /** Index into article.cases. */
  caseIndex: number;
  /** The case's lead (else one of its paragraphs). */
  lead: boolean;
}

/** Every passage of an article in report order (article.cases order; each case's lead first), numbered. */
export function listPassages(article: Article): ListedPassage[] {
  const listed: Array<Omit<ListedPassage, "n">> = [];
  article.cases.forEach((c, caseIndex) => {
    if (c.lead) listed.push({ text: c.lead, caseIndex, lead: true });
    for (const p of c.paragraphs) listed.push({ text: p.text, caseIndex, lead: false });
  });
  const order = article.report.passages;
  if (!order) return listed.map((p, i) => ({ ...p, n: i + 1 }));
  // The same text twice in one document takes the numbers of its occurrences in turn.
  const numbers = new Map<string, number[]>();
  order.forEach((hash, i) => numbers.set(hash, [...(numbers.get(hash) ?? []), i + 1]));
  let next = order.length;
  return listed.map((p) => ({ ...p, n: numbers.get(passageHash(p.text))?.shift() ?? ++next }));
}

/** Fingerprints of an article's passages in report order: `report.passages` before corrections. */
export function passageOrder(article: Article): string[] {
  return listPassages(article).map((p) => passageHash(p.text));
}
