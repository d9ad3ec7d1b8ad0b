/**
 * Which bold-only paragraphs are headings, and of what level. Many offices never use Word's
 * heading styles or HTML headings: they type 一、… in bold. The same rule serves Word and web
 * pages (WeChat editors write <section><strong>一、…</strong></section>):
 * - a numbered bold line is a heading of its numbering's level: 一、 → 2, （一） → 3, 1. → 4,
 *   （1） → 5 (level 1 is the document title);
 * - a short bold line without sentence-final punctuation is a heading one level below the last
 *   numbered heading before it (level 2 when there is none yet): the unit or headline lines of
 *   a round-up;
 * - any other bold-only paragraph is an emphasised paragraph, not a heading.
 */
import { endsSentence } from "./inline.ts";

const CN = "[一二三四五六七八九十百零〇]+";
const NUMBERED: readonly [RegExp, number][] = [
  [new RegExp(`^${CN}\\s*[、.．]`, "u"), 2],
  [new RegExp(`^[（(]${CN}[)）]`, "u"), 3],
  [/^\d{1,2}\s*[、.．](?!\d)/u, 4],
  [/^[（(]\d{1,2}[)）]/u, 5],
];

// A numbered heading may be a whole clause (一、坚持问题导向，推动…); an unnumbered one is a
// title-like line. Longer bold text is an emphasised passage.
const MAX_NUMBERED = 60;
const MAX_UNNUMBERED = 40;

/** The level a numbering prefix gives, whether or not the line is bold. */
export function numberedLevel(text: string): number | undefined {
  return NUMBERED.find(([re]) => re.test(text))?.[1];
}

/** Levels bold-only paragraphs in document order (it remembers the last numbered level). */
export class BoldHeadingLeveller {
  private lastNumbered = 1;

  /** The heading level of a bold-only paragraph, or undefined when it is no heading. */
  level(text: string): number | undefined {
    const numbered = numberedLevel(text);
    if (numbered !== undefined && text.length <= MAX_NUMBERED) {
      this.lastNumbered = numbered;
      return numbered;
    }
    const titleLike = text.length <= MAX_UNNUMBERED && !endsSentence(text) && !/[。！？]/u.test(text);
    return titleLike ? Math.min(this.lastNumbered + 1, 6) : undefined;
  }

  /** A heading that came from a style or tag still moves the numbering context. */
  saw(level: number): void {
    this.lastNumbered = Math.max(1, level);
  }
}

/**
 * The shift that makes the highest heading level a body uses the 一、 level (2): a page body
 * whose sections are <h3>, or a Word file whose top sections are Heading 1, both read as 2.
 */
export function levelShift(levels: readonly number[]): number {
  return levels.length ? 2 - Math.min(...levels) : 0;
}
