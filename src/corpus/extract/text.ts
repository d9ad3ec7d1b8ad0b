import type { Block, BlockDocument, Extractor } from "../blocks.ts";
import { decodeChecked } from "./charset.ts";
import { unreadable } from "./errors.ts";
import { assertNotEmpty, sniffFormat } from "./sniff.ts";

/**
 * Plain text and Markdown: one block per non-empty line, with the number of blank lines before
 * it (captions and round-up blocks are set off by extra blank lines). Markdown headings keep
 * their level and `**bold**` lines are marked as emphasis; everything else about the layout
 * (numbered headings, metadata, hard line breaks) is the refinement pass's business, because
 * text pasted out of Word or a web page looks the same whatever the file is called.
 */
export function textToBlocks(text: string): BlockDocument {
  const blocks: Block[] = [];
  let gap = 0;
  for (const raw of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n|\u2028|\u2029/)) {
    // Tabs stay: they separate the cells of a table pasted out of Excel or Word (refine/tables.ts).
    const line = raw.replace(/[\u200b-\u200d\u2060\ufeff]/g, "").trimEnd();
    const t = line.trim();
    if (!t || /^[-*_]{3,}$/.test(t)) {
      gap++;
      continue;
    }
    blocks.push(lineBlock(t, gap));
    gap = 0;
  }
  return { blocks, warnings: [] };
}

function lineBlock(line: string, gapBefore: number): Block {
  const heading = /^(#{1,6})\s+(.+?)\s*#*$/.exec(line);
  if (heading) return { kind: "heading", level: heading[1]!.length, text: plain(heading[2]!), gapBefore };
  const quoted = line.replace(/^>\s?/, "");
  const bold = /^\*\*([^*]+)\*\*$/.exec(quoted) ?? /^__([^_]+)__$/.exec(quoted);
  if (bold) return { kind: "paragraph", text: plain(bold[1]!), gapBefore, emphasis: true };
  return { kind: "paragraph", text: plain(quoted), gapBefore };
}

/** Inline Markdown carries no meaning here: emphasis markers go, image syntax keeps its alt text. */
function plain(s: string): string {
  return s
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/__([^_]+)__/g, "$1")
    .trim();
}

/** .txt and .md: UTF-8, UTF-16 (with BOM), GBK/GB18030 or BIG5, as charset.ts decides. */
export const textExtractor: Extractor = {
  extensions: ["txt", "md", "markdown", "text"],
  async extract(bytes, info) {
    assertNotEmpty(bytes, info.fileName);
    if (!["text", "html"].includes(sniffFormat(bytes))) throw unreadable("notText", info.fileName, "binary content, not text");
    const { text, warnings } = decodeChecked(bytes, info.fileName, { contentType: info.contentType });
    const doc = textToBlocks(text);
    if (doc.blocks.length === 0) throw unreadable("empty", info.fileName, "no text, only blank lines");
    return { ...doc, warnings };
  },
};
