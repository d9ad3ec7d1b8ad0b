/**
 * PDF → blocks with pdf.js (pdfjs-dist 5.x, the legacy build, which is the one meant for Node).
 * Only the text layer is read (no rendering, no OCR); pdf-layout.ts rebuilds lines and
 * paragraphs from the positioned text items.
 *
 * The options matter: Chinese PDFs exported from Word often do not embed their fonts and use
 * a predefined CMap (/UniGB-UCS2-H). Without `cMapUrl` pdf.js cannot map their codes to text and
 * returns those strings EMPTY, with no error at all. So the package's own cmaps/ and
 * standard_fonts/ directories are passed as file-system paths (pdf.js reads them with fs in
 * Node; the trailing slash is required). No eval (isEvalSupported: false), no system fonts,
 * no font faces, and nothing fetched: everything comes from `data` and the package. pdf.js itself
 * runs in a worker thread (pdf-thread.ts, pdf-text.ts), which keeps its polyfills there.
 *
 * Limits (limits.ts): a PDF whose flate streams inflate past their bound is refused before pdf.js
 * sees it (pdf-streams.ts); one with more pages than allowed is refused without reading a page;
 * one whose text runs past the allowed number of pieces is abandoned as soon as it does.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { BlockDocument, Extractor, ExtractInfo } from "../blocks.ts";
import { LIMIT_MESSAGES } from "../../messages/documents.ts";
import { limitExceeded, unreadable } from "./errors.ts";
import { limitsOf, type ExtractLimits } from "./limits.ts";
import { groupLines, layoutBlocks, type PdfLine } from "./pdf-layout.ts";
import { checkPdfStreams } from "./pdf-streams.ts";
import { readPdfText } from "./pdf-thread.ts";
import { assertPdf } from "./sniff.ts";

/** pdfjs-dist's resource directories as paths with a trailing slash. */
export function pdfjsResources(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return { cMapUrl: `${root}/cmaps/`, standardFontDataUrl: `${root}/standard_fonts/` };
}

/** The info dictionary's title, unless it is a file name or a tool's placeholder. */
function infoTitle(title: string | undefined): string | undefined {
  if (typeof title !== "string" || !title.trim()) return undefined;
  if (/^Microsoft Word\s*-|\.(docx?|wps|pdf|txt)$/i.test(title.trim())) return undefined;
  return title.trim();
}

async function readPdf(bytes: Uint8Array, fileName: string, limits: ExtractLimits): Promise<BlockDocument> {
  checkPdfStreams(bytes, fileName, limits);
  const text = await readPdfText({
    bytes,
    resources: pdfjsResources(),
    maxPages: limits.pdfPages,
    maxTextItems: limits.pdfTextItems,
    maxTextChars: limits.textChars,
    heapMb: limits.heapMb,
  }).catch((err: unknown) => {
    if ((err as { code?: string })?.code === "ERR_WORKER_OUT_OF_MEMORY") throw limitExceeded(fileName, "pdf.js ran out of its heap", LIMIT_MESSAGES.memory);
    // The thread died on this document (an uncaught error inside pdf.js): a refusal naming that, with pdf.js's words for the log.
    throw limitExceeded(fileName, `the pdf.js thread failed: ${(err as Error)?.message ?? String(err)}`, LIMIT_MESSAGES.crashed);
  });
  if (text.openError) {
    if (text.openError.name === "PasswordException") throw unreadable("encryptedPdf", fileName, "password required");
    throw unreadable("brokenPdf", fileName, `pdf.js: ${text.openError.message}`);
  }
  const numPages = text.numPages ?? 0;
  if (text.overLimit === "pages")
    throw limitExceeded(fileName, `${numPages} pages, over ${limits.pdfPages}`, LIMIT_MESSAGES.pdfPages(numPages, limits.pdfPages));
  if (text.overLimit === "text")
    throw limitExceeded(fileName, `more than ${limits.pdfTextItems} text items or ${limits.textChars} characters`, LIMIT_MESSAGES.pdfText);
  const read = text.pages ?? [];
  const count = read.length;
  const warnings: string[] = [];
  const pages: PdfLine[][] = [];
  const blankPages: number[] = [];
  read.forEach((page, i) => {
    const n = i + 1;
    if (page.error !== undefined) warnings.push(`PDF 第 ${n} 页无法读取（${page.error}）。`);
    const lines = groupLines(page.items ?? [], n);
    if (lines.length === 0) blankPages.push(n);
    pages.push(lines);
  });
  if (blankPages.length === count) throw unreadable("scannedPdf", fileName, "no text layer on any page");
  if (blankPages.length > 0) {
    warnings.push(`PDF 第 ${blankPages.join("、")} 页没有文字层（可能是扫描页或图片），这些页的内容未读取。`);
  }
  const { blocks, title } = layoutBlocks(pages);
  // Only page numbers or a stamped header on image pages: still a scan.
  if (blocks.length === 0) throw unreadable("scannedPdf", fileName, "no text besides page chrome");
  const named = title ?? infoTitle(text.title);
  return { ...(named ? { title: named } : {}), blocks, warnings };
}

export const pdfExtractor: Extractor = {
  extensions: ["pdf"],
  async extract(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument> {
    assertPdf(bytes, info.fileName);
    return readPdf(bytes, info.fileName, limitsOf(info.limits));
  },
};
