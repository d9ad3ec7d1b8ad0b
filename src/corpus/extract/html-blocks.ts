/**
 * A DOM subtree → raw blocks: one per block-level element (p, section, div, li, h1–h6, …), split
 * at <br> where the lines are separate sentences or headings, with a flag for text that is bold
 * throughout. Used on Word documents (mammoth's HTML), WeChat bodies and Readability's output,
 * so all three read text, bold and tables the same way. The DOM comes from linkedom; only the
 * few members used here are typed, structurally.
 */
import { cleanInline, endsSentence, joinLines } from "./inline.ts";
import { numberedLevel } from "./headings.ts";

export interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

export interface RawBlock {
  text: string;
  /** Lower-case name of the innermost block element (h2, p, li, figcaption, tr …). */
  tag: string;
  /** Its class attribute, for the style map's markers. */
  className: string;
  /** Every character is inside bold markup (strong, b, font-weight ≥ 600). */
  bold: boolean;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const BLOCK = new Set(
  ("address article aside blockquote body caption center dd details div dl dt fieldset figcaption figure footer form " +
    "h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody td tfoot th thead tr ul")
    .split(" "),
);
// Never content: scripts and styles, media (images live only in data-src on WeChat anyway),
// form controls, and WeChat's embedded widgets.
const SKIP = new Set(
  ("script style noscript template head title img picture svg canvas iframe video audio object embed map button input " +
    "select textarea mpvoice mpvideo mp-common-profile mp-common-videosnap qqmusic")
    .split(" "),
);

const styleOf = (el: DomNode) => (el.getAttribute?.("style") ?? "").toLowerCase();
const isHidden = (el: DomNode) => /display\s*:\s*none/.test(styleOf(el)) || el.getAttribute?.("hidden") != null;
const isBoldElement = (name: string, el: DomNode) =>
  name === "strong" || name === "b" || /font-weight\s*:\s*(bold|bolder|[6-9]00)/.test(styleOf(el));

interface Segment {
  raw: string;
  chars: number;
  boldChars: number;
}

/** Adjacent <br> lines stay one paragraph unless they look like separate sentences/headings. */
function separateLines(prev: RawBlock, next: RawBlock): boolean {
  if (endsSentence(prev.text) || numberedLevel(next.text) !== undefined) return true;
  if (prev.bold !== next.bold) return true;
  // A short line with no clause punctuation is a title or a unit name, not half a sentence.
  return prev.text.length <= 25 && !/[，、,；;]/u.test(prev.text);
}

class Collector {
  readonly blocks: RawBlock[] = [];
  private segments: Segment[] = [];
  private tag = "p";
  private className = "";

  text(raw: string, bold: boolean): void {
    let seg = this.segments.at(-1);
    if (!seg) this.segments.push((seg = { raw: "", chars: 0, boldChars: 0 }));
    // Source line breaks are segment breaks (see cleanInline); other whitespace is a space.
    seg.raw += raw.replace(/\r\n?/g, "\n");
    const visible = raw.replace(/\s+/g, "").length;
    seg.chars += visible;
    if (bold) seg.boldChars += visible;
  }

  lineBreak(): void {
    this.segments.push({ raw: "", chars: 0, boldChars: 0 });
  }

  /** Ends the current block; returns the previous block context for restore(). */
  open(tag: string, className: string): [string, string] {
    this.flush();
    const prev: [string, string] = [this.tag, this.className];
    this.tag = tag;
    this.className = className;
    return prev;
  }

  restore([tag, className]: [string, string]): void {
    this.flush();
    this.tag = tag;
    this.className = className;
  }

  flush(): void {
    const lines: RawBlock[] = [];
    for (const seg of this.segments) {
      const text = cleanInline(seg.raw);
      if (!text) continue;
      lines.push({ text, tag: this.tag, className: this.className, bold: seg.chars > 0 && seg.boldChars === seg.chars });
    }
    this.segments = [];
    const merged: RawBlock[] = [];
    for (const line of lines) {
      const prev = merged.at(-1);
      if (prev && !separateLines(prev, line)) prev.text = joinLines(prev.text, line.text);
      else merged.push(line);
    }
    this.blocks.push(...merged);
  }
}

// Real pages nest a few dozen levels; a hostile one may nest thousands, which would exhaust the
// stack. Below this depth a subtree is read as plain text.
const MAX_DEPTH = 200;

function walk(node: DomNode, bold: boolean, out: Collector, depth = 0): void {
  if (node.nodeType === TEXT_NODE || depth > MAX_DEPTH) {
    out.text(node.textContent ?? "", bold);
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) {
    for (const child of Array.from(node.childNodes)) walk(child, bold, out, depth + 1); // document, fragment
    return;
  }
  const name = node.nodeName.toLowerCase();
  if (SKIP.has(name) || isHidden(node)) return;
  if (name === "br") {
    out.lineBreak();
    return;
  }
  const b = bold || isBoldElement(name, node);
  if (name === "tr") {
    tableRow(node, b, out, depth);
    return;
  }
  if (!BLOCK.has(name)) {
    for (const child of Array.from(node.childNodes)) walk(child, b, out, depth + 1);
    return;
  }
  const saved = out.open(name, node.getAttribute?.("class") ?? "");
  for (const child of Array.from(node.childNodes)) walk(child, b, out, depth + 1);
  out.restore(saved);
}

/**
 * A table row whose cells each hold one block becomes one paragraph, cells separated by a tab:
 * the refinement pass reads a table of cases by its header row (推荐单位 | 主要做法 …) and joins
 * other rows as "项目 | 投资", so a figure stays with what it measures. A row holding whole
 * paragraphs per cell (a layout table) keeps them as they are.
 */
function tableRow(row: DomNode, bold: boolean, out: Collector, depth: number): void {
  const cells = Array.from(row.childNodes).map((cell) => {
    const inner = new Collector();
    walk(cell, bold, inner, depth + 1);
    inner.flush();
    return inner.blocks;
  });
  const filled = cells.filter((c) => c.length > 0);
  const single = filled.every((c) => c.length === 1);
  out.flush();
  if (filled.length >= 2 && single) {
    out.blocks.push({
      text: filled.map((c) => c[0]!.text.replace(/\t/g, " ")).join("\t"),
      tag: "tr",
      className: "",
      bold: filled.every((c) => c[0]!.bold),
    });
  } else {
    out.blocks.push(...filled.flat());
  }
}

/** Element count and nesting depth, without recursion (hostile pages nest very deep). */
export function domShape(root: DomNode): { elements: number; depth: number } {
  let elements = 0;
  let depth = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length) {
    const [node, d] = stack.pop()!;
    if (node.nodeType !== ELEMENT_NODE) continue;
    elements++;
    depth = Math.max(depth, d);
    for (const child of Array.from(node.childNodes)) stack.push([child, d + 1]);
  }
  return { elements, depth };
}

export function rawBlocks(root: DomNode): RawBlock[] {
  const out = new Collector();
  walk(root, false, out);
  out.flush();
  return out.blocks;
}
