/**
 * PDF text items → lines → blocks. A PDF has no paragraphs, only positioned strings; this is
 * where they come back (see FORMATS.md for the reasoning and the thresholds):
 * 1. items with the same baseline form a line;
 * 2. page numbers and running headers/footers (the same text at the same height at the top or
 *    bottom of most pages, digits ignored) are dropped;
 * 3. a line starts a new paragraph when there is extra vertical space before it, when it is
 *    indented, when the line before stops short of the right margin (justified text runs to
 *    the margin, a paragraph's last line does not), when its size changes, or when it starts a
 *    numbered item after a finished sentence; otherwise it continues the paragraph, across a
 *    page break too, joined without a space between Chinese characters;
 * 4. lines in a font clearly larger than the body's median size are headings; the larger the
 *    size, the higher the level, and a size used by one heading on page 1 only is the title.
 */
import type { Block } from "../blocks.ts";
import { cleanInline, dropCjkSpaces, endsSentence, isCjk, joinLines } from "./inline.ts";
import { numberedLevel } from "./headings.ts";

export interface PdfItem {
  text: string;
  /** Baseline origin in PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Font size (the text matrix's vertical scale). */
  size: number;
}

export interface PdfLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  page: number;
}

const HEADING_RATIO = 1.15;
const EXTRA_GAP_RATIO = 1.4;
const SHORT_LINE_EMS = 2;
const INDENT_EMS = 0.8;
const EDGE_LINES = 2; // how many lines at the top and at the bottom of a page can be chrome

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : 0;
};
const chars = (l: PdfLine) => l.text.replace(/\s/g, "").length;

/** pdf.js spaces out letter-spaced runs ("S m a r t"): every other character a space. */
const unspaced = (text: string) => (/^(\S ){2,}\S$/u.test(text) ? text.replace(/ /g, "") : text);

/** Items of one page → its lines, top to bottom. */
export function groupLines(items: PdfItem[], page: number): PdfLine[] {
  const sorted = items.filter((i) => i.text.trim() !== "").sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: PdfItem[][] = [];
  for (const item of sorted) {
    const row = rows.at(-1);
    if (row && Math.abs(row[0]!.y - item.y) < 0.5 * Math.min(row[0]!.size, item.size)) row.push(item);
    else rows.push([item]);
  }
  return rows.map((items) => {
    const row = unfoldRuns(items).sort((a, b) => a.x - b.x);
    let text = "";
    let right = row[0]!.x;
    for (const item of row) {
      const gap = item.x - right;
      // A wide gap separates columns or fields; a small one separates Latin words (most PDFs
      // draw no space character between words at all).
      const space = gap > 1.5 * item.size || (gap > 0.2 * item.size && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(item.text));
      text += (space && text ? " " : "") + unspaced(dropCjkSpaces(cleanInline(item.text)));
      right = Math.max(right, item.x + item.width);
    }
    // The size of the line is the size most of its characters have.
    const bySize = new Map<number, number>();
    for (const item of row) bySize.set(item.size, (bySize.get(item.size) ?? 0) + item.text.length);
    const size = [...bySize].sort((a, b) => b[1] - a[1])[0]![0];
    return { text: cleanInline(text), x: row[0]!.x, right, y: row[0]!.y, size, page };
  });
}

/** Estimated advance of text in a font of size `em`: Chinese glyphs are one em wide, others about half. */
const advanceOf = (text: string, em: number) => [...text].reduce((w, ch) => w + (isCjk(ch) ? em : 0.5 * em), 0);
/** How far an estimated gap may be from the item that fills it, and an unfilled space's width, in ems. */
const GAP_TOLERANCE = 0.35;
const SPACE_EMS = 0.3;

/**
 * A run in another font inside a line — curly quotes, digits or Latin set in a Western font amid
 * Chinese — is drawn apart from the text around it. pdf.js then gives the surrounding font's
 * glyphs as ONE item whose text has a space wherever the other glyphs go, and the other run as
 * items placed inside that item's extent. Sorted as whole items, every quote would land after
 * its line (`最后一公里“”“”`). So an item with other items inside its extent is cut at those
 * gaps, each piece placed where its glyphs stand: Chinese glyphs are one em wide, others are
 * estimated at half an em, and a gap filled by an inside item ends where that item ends, which
 * resets the estimate at every gap. A space no item fills stays in its piece.
 */
function unfoldRuns(row: PdfItem[]): PdfItem[] {
  if (row.length < 2) return row;
  const inside = (host: PdfItem, other: PdfItem) => other !== host && other.x > host.x + 0.1 * host.size && other.x < host.x + host.width - 0.1 * host.size;
  const out: PdfItem[] = [];
  for (const host of row) {
    const embedded = / \S/.test(host.text.trim()) ? row.filter((o) => inside(host, o)).sort((a, b) => a.x - b.x) : [];
    if (embedded.length === 0) {
      out.push(host);
      continue;
    }
    const em = host.size;
    let cursor = host.x;
    let piece = { text: "", x: cursor };
    const close = () => {
      if (piece.text.trim()) out.push({ ...host, text: piece.text, x: piece.x, width: advanceOf(piece.text.trim(), em) });
    };
    for (const token of host.text.split(/( +)/)) {
      if (token === "") continue;
      if (!token.startsWith(" ")) {
        piece.text += token;
        cursor += advanceOf(token, em);
        continue;
      }
      const fill = embedded.find((e) => Math.abs(e.x - cursor) <= GAP_TOLERANCE * em);
      if (!fill) {
        piece.text += token;
        cursor += SPACE_EMS * em * token.length;
        continue;
      }
      // The gap ends where the run that fills it ends (a run may be several adjacent items).
      let end = fill.x + fill.width;
      for (const e of embedded) if (e.x > fill.x && Math.abs(e.x - end) <= 0.15 * em) end = e.x + e.width;
      close();
      cursor = end;
      piece = { text: "", x: cursor };
    }
    close();
  }
  return out;
}

const PAGE_NUMBER = [
  /^[-—–－\s]*\d{1,4}[-—–－\s]*$/u, // 3, - 3 -, —3—
  /^第\s*\d{1,4}\s*页(\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?$/u, // 第3页, 第3页 共10页
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/u, // 3/10
  /^(page\s*)?\d{1,4}(\s*of\s*\d{1,4})?$/iu, // Page 3 of 10
];
export const isPageNumber = (text: string) => PAGE_NUMBER.some((re) => re.test(text.trim()));

/** Drops page numbers and running headers/footers from the lines of each page. */
export function dropChrome(pages: PdfLine[][], bodySize: number): PdfLine[][] {
  const edges = (lines: PdfLine[]) => new Set([...lines.slice(0, EDGE_LINES), ...lines.slice(-EDGE_LINES)]);
  // Running headers sit at the same height on every page; page numbers inside them vary.
  const key = (l: PdfLine) => `${Math.round(l.y / 4)}:${l.text.replace(/\d+/g, "#").replace(/\s/g, "")}`;
  const pagesWith = new Map<string, number>();
  for (const lines of pages) {
    for (const k of new Set([...edges(lines)].map(key))) pagesWith.set(k, (pagesWith.get(k) ?? 0) + 1);
  }
  const running = (l: PdfLine) =>
    pages.length >= 2 && (pagesWith.get(key(l)) ?? 0) >= Math.max(2, Math.ceil(pages.length / 2)) &&
    l.size <= bodySize * HEADING_RATIO; // a title is never a running header, even if repeated
  return pages.map((lines) => {
    const edge = edges(lines);
    return lines.filter((l) => !(edge.has(l) && (isPageNumber(l.text) || running(l))));
  });
}

/** The body's font size: the median size over characters, not over lines. */
export function bodySizeOf(lines: PdfLine[]): number {
  const sizes: number[] = [];
  for (const l of lines) for (let i = 0; i < chars(l); i++) sizes.push(l.size);
  return median(sizes);
}

interface Margins {
  left: number;
  right: number;
}

/** Margins per page (mirrored margins move them on even pages), from the body-size lines. */
function marginsOf(lines: PdfLine[], bodySize: number, fallback?: Margins): Margins {
  const body = lines.filter((l) => Math.abs(l.size - bodySize) < 0.5);
  if (body.length < 3 && fallback) return fallback;
  const xs = body.map((l) => l.x).sort((a, b) => a - b);
  const rights = body.map((l) => l.right).sort((a, b) => a - b);
  // The left margin is where most lines start; the right one is where full lines end.
  return { left: xs[Math.floor(xs.length * 0.2)] ?? 0, right: rights[Math.floor(rights.length * 0.8)] ?? 0 };
}

/** Typical distance between consecutive baselines of body text. */
function lineGapOf(pages: PdfLine[][], bodySize: number): number {
  const gaps: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const [a, b] = [lines[i - 1]!, lines[i]!];
      if (Math.abs(a.size - bodySize) < 0.5 && Math.abs(b.size - bodySize) < 0.5) gaps.push(a.y - b.y);
    }
  }
  return median(gaps) || bodySize * 1.5;
}

interface Draft {
  heading: boolean;
  text: string;
  size: number;
  page: number;
  last: PdfLine;
}

export function layoutBlocks(pages: PdfLine[][]): { blocks: Block[]; title?: string } {
  const all = pages.flat();
  const bodySize = bodySizeOf(all);
  const kept = dropChrome(pages, bodySize);
  const lineGap = lineGapOf(kept, bodySize);
  const global = marginsOf(kept.flat(), bodySize);
  const margins = kept.map((lines) => marginsOf(lines, bodySize, global));
  const isHeading = (l: PdfLine) => l.size > bodySize * HEADING_RATIO;

  const marginOf = (l: PdfLine) => margins[l.page - 1] ?? global; // pages are numbered from 1

  const drafts: Draft[] = [];
  for (const line of kept.flat()) {
    const cur = drafts.at(-1);
    const prev = cur?.last;
    let continues = false;
    if (cur && prev && isHeading(line) === cur.heading && Math.abs(line.size - cur.size) < 0.5) {
      const samePage = prev.page === line.page;
      const gap = samePage ? prev.y - line.y : 0;
      if (cur.heading) {
        continues = samePage && gap < line.size * 2; // a heading wrapped onto two lines
      } else {
        const extraSpace = samePage && gap > lineGap * EXTRA_GAP_RATIO;
        const indented = line.x > marginOf(line).left + INDENT_EMS * line.size;
        const prevShort = prev.right < marginOf(prev).right - SHORT_LINE_EMS * prev.size;
        const newItem = endsSentence(cur.text) && numberedLevel(line.text) !== undefined;
        continues = !extraSpace && !indented && !prevShort && !newItem;
      }
    }
    if (continues && cur) {
      cur.text = joinLines(cur.text, line.text);
      cur.last = line;
    } else {
      drafts.push({ heading: isHeading(line), text: line.text, size: line.size, page: line.page, last: line });
    }
  }
  return assignLevels(drafts);
}

/** Larger sizes are higher levels; a size of one heading on the first page is the title. */
function assignLevels(drafts: Draft[]): { blocks: Block[]; title?: string } {
  const sizeKey = (d: Draft) => Math.round(d.size * 2) / 2; // sizes within 0.25 pt are one size
  const headings = drafts.filter((d) => d.heading);
  const sizes = [...new Set(headings.map(sizeKey))].sort((a, b) => b - a);
  const top = headings.filter((d) => sizeKey(d) === sizes[0]);
  const hasTitle = top.length === 1 && top[0]!.page === 1;
  let title: string | undefined;
  const blocks = drafts.map((d): Block => {
    if (!d.heading) return { kind: "paragraph", text: d.text };
    const level = Math.min(sizes.indexOf(sizeKey(d)) + (hasTitle ? 1 : 2), 6);
    if (level === 1) title ??= d.text;
    return { kind: "heading", text: d.text, level };
  });
  return { blocks, title };
}
