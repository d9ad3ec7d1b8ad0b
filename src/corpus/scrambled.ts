import type { Block } from "./blocks.ts";

/**
 * Signs that a document's text came out of its file in the wrong order, for the ingest report.
 * Both are symptoms that no newsletter shows when read correctly, whatever its layout:
 * - empty pairs of quotes or title marks (`“”`, `《》`): the marks were drawn apart from the text
 *   they enclose and piled up elsewhere (a PDF whose quotes are in another font than the text);
 * - many lines of a single character: vertical or character-by-character placed text.
 * The text stays searchable; the editor is told to check it, or to send the Word file instead.
 */
const EMPTY_PAIR = /“\s*”|‘\s*’|《\s*》|「\s*」|『\s*』/g;
/** Two empty pairs are no slip of the pen. */
const MIN_EMPTY_PAIRS = 2;
/** One-character lines: at least this many, and this share of all lines. */
const MIN_SINGLE_LINES = 5;
const SINGLE_LINE_SHARE = 0.2;

export function scrambledTextWarnings(blocks: readonly Block[]): string[] {
  const warnings: string[] = [];
  const emptyPairs = blocks.reduce((n, b) => n + (b.text.match(EMPTY_PAIR)?.length ?? 0), 0);
  if (emptyPairs >= MIN_EMPTY_PAIRS) {
    warnings.push(`提取的文字可能顺序错乱：有 ${emptyPairs} 处空的引号或书名号（如“”），引号可能被挪到了行尾。请核对原文，或改发 Word 文件。`);
  }
  const single = blocks.filter((b) => [...b.text.replace(/\s/g, "")].length === 1).length;
  if (single >= MIN_SINGLE_LINES && single >= blocks.length * SINGLE_LINE_SHARE) {
    warnings.push(`提取的文字可能顺序错乱：有 ${single} 行只有一个字（共 ${blocks.length} 行）。请核对原文，或改发 Word 文件。`);
  }
  return warnings;
}
