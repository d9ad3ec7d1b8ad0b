/**
 * The layout-independent document model. Every file format (plain text, Markdown, Word, PDF,
 * web pages) is read by one extractor into a BlockDocument; segmentation (blocks → sections →
 * cases) never sees the format. Extractors report what the format itself knows (a Word heading
 * style, an <h2>, a larger PDF font, bold-only text); the shared refinement pass
 * (refine.ts) then applies the rules that hold for any source: metadata lines, captions,
 * page numbers, tables of contents, hard line breaks, numbered headings written as plain text.
 */
import type { ExtractLimits } from "./extract/limits.ts";

export type BlockKind = "heading" | "paragraph" | "caption" | "meta" | "field";

export interface Block {
  kind: BlockKind;
  /** The block's text as the source writes it (trimmed; inner line breaks removed). */
  text: string;
  /** heading: 1 = the document's title level, 2 = 一、 level, 3 = （一） level, and so on. */
  level?: number;
  /** field: the label before the colon (申报单位, 主要做法); meta: 来源, 时间, 编辑, 供稿 … */
  label?: string;
  /** The list marker the text opens with, as written: 一、 （一） 1. 案例一： (set by refinement). */
  numbering?: string;
  /** Plain-text sources: blank lines before this block (sets off captions and round-up blocks). */
  gapBefore?: number;
  /** The whole block is bold in the source (Word, HTML, Markdown **…**): a heading candidate. */
  emphasis?: boolean;
  /**
   * Plain-text sources: the source line was hard-wrapped (it ends mid-sentence and the next
   * line continues it). Extractors that know real paragraph ends leave this unset.
   */
  wrapped?: boolean;
}

export interface BlockDocument {
  /** The title when the format names one (Word Title style, og:title, #activity-name, PDF info). */
  title?: string;
  subtitle?: string;
  /** ISO 8601 date when the format carries one (publish_time, a dated byline). */
  publishedAt?: string;
  blocks: Block[];
  /** Things an editor should know (a scanned PDF without text, an unreadable part). */
  warnings: string[];
}

/** Reads one file format into blocks. Pure: bytes in, blocks out (no disk, no network). */
export interface Extractor {
  /** Lower-case file extensions without the dot: ["docx"]. */
  readonly extensions: readonly string[];
  extract(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument>;
}

export interface ExtractInfo {
  fileName: string;
  /** The HTTP Content-Type, when the file came from a URL (its charset parameter counts). */
  contentType?: string;
  /** What reading it may cost (extract/limits.ts; the defaults when absent). */
  limits?: Partial<ExtractLimits>;
}
