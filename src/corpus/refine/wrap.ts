import type { Block } from "../blocks.ts";

const SENTENCE_END = /[。！？!?；;…”」』）)]$/;
const STARTS_HEADING = /^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、．.](?!\d)|第[一二三四五六七八九十]+[章节部分篇]|案例[一二三四五六七八九十\d]+|[【■●◆▶★☆▲△])/;

/** Display width: CJK characters take two columns (hard wraps are made by width, not count). */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/**
 * Text copied out of a PDF or a fixed-width export breaks lines at the page width, mid-sentence.
 * Such a document is recognised by its shape, not its source: most of its long lines share one
 * width and do not end a sentence. (A newsletter whose paragraphs were cut in the source has a
 * few unfinished lines of every length, and keeps them apart.) In such a document a full-width
 * line that does not end a sentence continues on the next line, also across a page break.
 */
export function unwrapHardBreaks(input: readonly Block[], afterPageBreak: ReadonlySet<number>): { blocks: Block[]; wrapped: boolean } {
  const width = wrapWidth(input);
  if (!width) return { blocks: [...input], wrapped: false };
  const blocks: Block[] = [];
  let open: Block | undefined;
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    const continues =
      open !== undefined &&
      b.kind === "paragraph" &&
      ((b.gapBefore ?? 0) === 0 || afterPageBreak.has(i)) &&
      !STARTS_HEADING.test(b.text);
    if (continues) open = { ...open!, text: joinLines(open!.text, b.text) };
    else {
      if (open) blocks.push(open);
      open = b;
    }
    // Wrapped lines vary in width (full-width and half-width characters); a heading is far shorter.
    const full = displayWidth(b.text) >= width * 0.6;
    if (!(b.kind === "paragraph" && full && !SENTENCE_END.test(b.text))) {
      blocks.push(open!);
      open = undefined;
    }
  }
  if (open) blocks.push(open);
  return { blocks, wrapped: true };
}

/** Latin words keep a space between them; Chinese text is joined without one. */
function joinLines(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b;
}

/** The line width of a hard-wrapped document, or undefined when its lines are real paragraphs. */
function wrapWidth(blocks: readonly Block[]): number | undefined {
  const widths = blocks.filter((b) => b.kind === "paragraph").map((b) => ({ w: displayWidth(b.text), open: !SENTENCE_END.test(b.text) }));
  if (widths.length < 8) return undefined;
  const sorted = widths.map((x) => x.w).sort((a, b) => a - b);
  const p90 = sorted[Math.floor(sorted.length * 0.9)]!;
  // Paragraph-per-line sources have lines far longer than any page is wide.
  if (p90 > 120 || p90 < 30) return undefined;
  const full = widths.filter((x) => x.w >= p90 * 0.8);
  const openFull = full.filter((x) => x.open).length;
  if (full.length < widths.length * 0.4 || openFull < full.length * 0.6) return undefined;
  // Nothing much wider than the page: a real paragraph line would be.
  if (sorted[sorted.length - 1]! > p90 * 1.35) return undefined;
  return p90;
}

/**
 * Exports space out numbers: 92 个, 1 000 万元, 2024 年, 3 860 户. Thin and single spaces next to
 * a digit go; a digit group of three after a space is a thousands group and joins its number.
 * Runs of spaces (columns, an office name and a date) are left alone.
 */
export function normalizeNumberSpacing(text: string): string {
  return text
    .replace(/(\d)[ \u00a0\u2009\u202f](?=\d{3}(?!\d))/g, "$1")
    .replace(/(\d)[ \u00a0\u2009\u202f](?=[\u4e00-\u9fff%％])/g, "$1")
    .replace(/([\u4e00-\u9fff])[ \u00a0\u2009\u202f](?=\d)/g, "$1");
}
