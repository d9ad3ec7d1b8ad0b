/**
 * Word (.docx) → blocks, with mammoth: it reads the document's structure (paragraph styles,
 * bold runs, tables, lists) into HTML through a style map, and linkedom parses that HTML into
 * the shared block walker. Heading levels:
 * - Title / Subtitle styles (also WPS's 标题 / 副标题) name doc.title / doc.subtitle; the title
 *   stays in the flow as the level-1 heading, the subtitle as a paragraph (it often names the
 *   issuing unit).
 * - Heading N styles are shifted so the top level used becomes 2 (the 一、 level). Without a
 *   Title style, a first paragraph whose heading level is used nowhere else is the title.
 * - Bold-only paragraphs follow headings.ts (一、 → 2, （一） → 3, short bold line → heading);
 *   a bold heading-like first paragraph, when nothing names a title, is the title.
 */
import type { Block, BlockDocument, Extractor, ExtractInfo } from "../blocks.ts";
import { checkWordPackage } from "./docx-package.ts";
import { unreadable } from "./errors.ts";
import { limitsOf } from "./limits.ts";
import { BoldHeadingLeveller, levelShift, numberedLevel } from "./headings.ts";
import { rawBlocks, type RawBlock } from "./html-blocks.ts";
import { assertDocx } from "./sniff.ts";
import { parseHtmlFragment } from "./web-blocks.ts";
import { EXTRACT_WARNINGS } from "../../messages/documents.ts";

const TITLE_CLASS = "casebot-title";
const SUBTITLE_CLASS = "casebot-subtitle";

// Added to mammoth's default map (which already maps Heading 1–6 by name and id).
const STYLE_MAP = [
  `p[style-name='Title'] => p.${TITLE_CLASS}:fresh`,
  `p[style-name='标题'] => p.${TITLE_CLASS}:fresh`,
  `p[style-name='Subtitle'] => p.${SUBTITLE_CLASS}:fresh`,
  `p[style-name='副标题'] => p.${SUBTITLE_CLASS}:fresh`,
  ...[1, 2, 3, 4, 5, 6].map((n) => `p[style-name='标题 ${n}'] => h${n}:fresh`),
];

// mammoth reports every style it has no mapping for, undefined style ids and image problems;
// none of that is lost text (images are dropped anyway). What is left, e.g. "An unrecognised
// element was ignored", may be.
const NOISE = [
  /^Unrecognised (paragraph|run|table|numbering) style/i,
  /style with ID .* was referenced but not defined/i,
  /^Image of type|image file|imagedata/i,
  /^Unsupported break type/i,
];

/** mammoth's messages that an editor should see, once each, in Chinese. */
export function usefulWarnings(messages: readonly { message: string }[]): string[] {
  const kept = messages.map((m) => m.message).filter((m) => !NOISE.some((re) => re.test(m)));
  return [...new Set(kept)].map((m) => EXTRACT_WARNINGS.docxPartly(m));
}

const headingLevelOf = (b: RawBlock) => (/^h[1-6]$/.test(b.tag) ? Number(b.tag[1]) : undefined);

async function toHtml(bytes: Uint8Array, fileName: string): Promise<{ html: string; warnings: string[] }> {
  const mammoth = (await import("mammoth")).default;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        styleMap: STYLE_MAP,
        ignoreEmptyParagraphs: true,
        // Images are dropped: an empty src instead of a base64 copy of every photo.
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: "" })),
      },
    );
    return { html: result.value, warnings: usefulWarnings(result.messages) };
  } catch (error) {
    // Not a Word package (a zip of something else), or a damaged one.
    throw unreadable("brokenDocx", fileName, `mammoth: ${(error as Error).message}`, error);
  }
}

export function docxBlocks(raw: RawBlock[]): Omit<BlockDocument, "warnings"> {
  const doc: Omit<BlockDocument, "warnings"> = { blocks: [] };
  const styledTitle = raw.some((b) => b.className === TITLE_CLASS);
  const levels = raw.map(headingLevelOf);
  // No Title style: a leading, unnumbered heading whose level occurs only there is the title.
  const first = levels[0];
  const leadingTitle =
    !styledTitle && first !== undefined && levels.filter((l) => l === first).length === 1 && numberedLevel(raw[0]!.text) === undefined;
  const shift = levelShift(levels.filter((l, i): l is number => l !== undefined && !(leadingTitle && i === 0)));
  const leveller = new BoldHeadingLeveller();
  const title = (text: string): Block => {
    doc.title ??= text;
    return { kind: "heading", text, level: 1 };
  };

  doc.blocks = raw.map((b, i): Block => {
    if (b.className === TITLE_CLASS || (leadingTitle && i === 0)) return title(b.text);
    if (b.className === SUBTITLE_CLASS) {
      doc.subtitle ??= b.text;
      return { kind: "paragraph", text: b.text };
    }
    const styled = levels[i];
    if (styled !== undefined) {
      const level = Math.min(Math.max(styled + shift, 2), 6);
      leveller.saw(level);
      return { kind: "heading", text: b.text, level };
    }
    if (!b.bold) return { kind: "paragraph", text: b.text };
    const level = leveller.level(b.text);
    if (level === undefined) return { kind: "paragraph", text: b.text, emphasis: true };
    // Nothing names a title and the document opens with a bold, unnumbered heading-like line.
    if (i === 0 && !styledTitle && numberedLevel(b.text) === undefined) return title(b.text);
    return { kind: "heading", text: b.text, level };
  });
  return doc;
}

export const docxExtractor: Extractor = {
  extensions: ["docx"],
  async extract(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument> {
    assertDocx(bytes, info.fileName);
    await checkWordPackage(bytes, info.fileName, limitsOf(info.limits));
    const { html, warnings } = await toHtml(bytes, info.fileName);
    const body = await parseHtmlFragment(html);
    const doc = docxBlocks(body ? rawBlocks(body) : []);
    if (doc.blocks.length === 0) throw unreadable("emptyDocx", info.fileName, "no text in the document");
    return { ...doc, warnings };
  },
};
