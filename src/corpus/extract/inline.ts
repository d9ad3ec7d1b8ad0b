/**
 * Text rules shared by the extractors: how whitespace inside a block becomes the block's text,
 * how two lines of one paragraph are joined, what ends a sentence. Chinese is written without
 * spaces, so a line break between two Chinese characters is no space at all (CSS Text 3's
 * segment-break rule, which Firefox implements), while Latin words keep theirs.
 */

/** Han characters and CJK / full-width punctuation (including the quotes Chinese text uses). */
const CJK_CLASS = "[\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’—…·]";
const CJK = new RegExp(CJK_CLASS, "u");
const SPACE_BETWEEN_CJK = new RegExp(`(?<=${CJK_CLASS}) (?=${CJK_CLASS})`, "gu");

export const isCjk = (char: string | undefined): boolean => char !== undefined && CJK.test(char);

/** A sentence (or a clause a paragraph may end with) is over: 。！？；：… and closing quotes. */
export const endsSentence = (text: string): boolean => /[。！？!?；;：:…][”’」』）)"']*$/u.test(text.trimEnd());

// Zero-width characters and soft hyphens that editors leave behind; they are never content.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/**
 * Collapses the whitespace of one block's raw text. `\n` marks a segment break (a line break
 * in HTML source, the end of a PDF line): it vanishes between two CJK characters and becomes
 * a space elsewhere. Other whitespace (incl. no-break and ideographic spaces) is one space.
 */
export function cleanInline(raw: string): string {
  const text = raw.replace(INVISIBLE, "").replace(/[\t\f\v\r \u00a0\u3000\u2002-\u200a\u202f\u205f]+/g, " ");
  return text
    .replace(/ *\n[\s]*/g, (run, offset: number, whole: string) => {
      const before = whole[offset - 1];
      const after = whole[offset + run.length];
      return isCjk(before) || isCjk(after) ? "" : " ";
    })
    .replace(/ {2,}/g, " ")
    .trim();
}

/** Joins two lines of one paragraph: no space unless two Latin words (not two numbers) meet. */
export function joinLines(left: string, right: string): string {
  const a = left.at(-1) ?? "";
  const b = right[0] ?? "";
  const latinWords = /[A-Za-z0-9]/.test(a) && /[A-Za-z0-9]/.test(b) && /[A-Za-z]/.test(a + b);
  return latinWords ? `${left} ${right}` : left + right;
}

/**
 * PDF only: a space between two CJK characters is layout, not text. pdf.js inserts one wherever
 * glyphs stand apart (justified or letter-spaced lines: 石 桥 镇, 目录 set with an ideographic space), and Chinese puts no
 * spaces between words.
 */
export function dropCjkSpaces(text: string): string {
  return text.replace(SPACE_BETWEEN_CJK, "");
}
