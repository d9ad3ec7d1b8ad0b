import type { Block } from "../blocks.ts";

/** A table-of-contents line: an entry, dot leaders (or a run of spaces), a page number. */
const TOC_LINE = /^(.{2,80}?)\s*(?:[.。·…⋯_\-－—]{2,}|\s{2,}|\t)\s*\d{1,4}$/;
const TOC_TITLE = /^目\s*录$|^contents$/i;
/** A bulletin's list of this items (本期要目): entries without page numbers, repeated below. */
const DIGEST_TITLE = /^(?:本期)?(?:要目|导读|目录|提要)$/;

export interface TocResult {
  blocks: Block[];
  /** The entries' texts (headings the body repeats, sometimes glued to the next paragraph). */
  entries: string[];
}

/**
 * Drops tables of contents exported from Word or PDF (a 目录 line, then entry lines ending in a
 * page number) and keeps their entries: they name the headings exactly, which is how a heading
 * glued to its paragraph by a PDF copy can be cut off again.
 */
export function dropTableOfContents(input: readonly Block[]): TocResult {
  const blocks: Block[] = [];
  const entries: string[] = [];
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    if (DIGEST_TITLE.test(squeeze(b.text))) {
      const listed = repeatedBelow(input, i + 1);
      if (listed.length) {
        entries.push(...listed);
        i += listed.length;
        continue;
      }
    }
    const titled = TOC_TITLE.test(b.text.replace(/\s+/g, ""));
    const run = tocRunAt(input, titled ? i + 1 : i);
    if (titled || run.length >= 2) {
      for (const entry of run) entries.push(entry);
      i += (titled ? 1 : 0) + run.length - 1;
      continue;
    }
    blocks.push(b);
  }
  return { blocks, entries };
}

function tocRunAt(blocks: readonly Block[], from: number): string[] {
  const run: string[] = [];
  for (let j = from; j < blocks.length; j++) {
    const m = TOC_LINE.exec(blocks[j]!.text);
    if (!m) break;
    run.push(m[1]!.trim());
  }
  return run;
}

/** Short lines from `from` on that the document repeats later, word for word: the items listed. */
function repeatedBelow(blocks: readonly Block[], from: number): string[] {
  const out: string[] = [];
  for (let j = from; j < blocks.length && blocks[j]!.text.length <= 60; j++) {
    const t = squeeze(blocks[j]!.text);
    if (!blocks.slice(j + 1).some((b, k) => k + j + 1 > from + out.length && squeeze(b.text) === t && !out.includes(t))) break;
    out.push(blocks[j]!.text);
  }
  return out;
}

/** Compare headings as a reader would: without spaces of any kind. */
export function squeeze(s: string): string {
  return s.replace(/[\s\u3000]+/g, "");
}
