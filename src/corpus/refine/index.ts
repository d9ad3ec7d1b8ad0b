import type { Block, BlockDocument } from "../blocks.ts";
import { markSiteChrome } from "./chrome.ts";
import { classifyBlocks } from "./headings.ts";
import { markMetadata } from "./meta.ts";
import { dropNoise } from "./noise.ts";
import { expandTables } from "./tables.ts";
import { dropTableOfContents } from "./toc.ts";
import { normalizeNumberSpacing, unwrapHardBreaks } from "./wrap.ts";

export interface RefinedDocument extends BlockDocument {
  /** Which clean-up rules changed something (for the ingest report). */
  applied: string[];
}

/**
 * The rules that hold for a document of any format, in order: drop what is not text (page
 * numbers, image placeholders, chrome), drop the table of contents, rejoin hard-wrapped lines,
 * normalise spaces inside numbers, mark metadata, then classify headings, fields and captions.
 * Tables of cases (a header row with a unit column) become case blocks before any of that.
 */
export function refineDocument(doc: BlockDocument): RefinedDocument {
  const applied: string[] = [];
  const noise = dropNoise(doc.blocks);
  if (noise.blocks.length < doc.blocks.length) applied.push("noise");
  const chrome = markSiteChrome(noise.blocks);
  if (chrome.found) applied.push("site-chrome");
  const toc = dropTableOfContents(chrome.blocks);
  if (toc.entries.length) applied.push("toc");
  const tables = expandTables(toc.blocks);
  if (tables.tables) applied.push("table");
  const afterBreak = remapBreaks(noise.blocks, tables.blocks, noise.afterPageBreak);
  const unwrapped = unwrapHardBreaks(tables.blocks, afterBreak);
  if (unwrapped.wrapped) applied.push("hard-wraps");
  const spaced = unwrapped.blocks.map((b) => ({ ...b, text: normalizeNumberSpacing(b.text) }));
  const meta = markMetadata(spaced);
  if (meta.blocks.some((b) => b.kind === "meta")) applied.push("metadata");
  const blocks = classifyBlocks(meta.blocks, toc.entries);
  return { ...doc, publishedAt: doc.publishedAt ?? meta.publishedAt, blocks, applied };
}

/** Page-break marks follow their blocks when the table of contents is taken out. */
function remapBreaks(before: readonly Block[], after: readonly Block[], marks: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  const index = new Map(after.map((b, i) => [b, i]));
  for (const i of marks) {
    const j = index.get(before[i]!);
    if (j !== undefined) out.add(j);
  }
  return out;
}
