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
 * no font faces, and nothing fetched: everything comes from `data` and the package.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { BlockDocument, Extractor, ExtractInfo } from "../blocks.ts";
import { unreadable } from "./errors.ts";
import { groupLines, layoutBlocks, type PdfItem, type PdfLine } from "./pdf-layout.ts";
import { assertPdf } from "./sniff.ts";

/** Longer documents are read up to here (a newsletter is a few dozen pages). */
export const MAX_PDF_PAGES = 300;

/** pdfjs-dist's resource directories as paths with a trailing slash. */
export function pdfjsResources(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
  return { cMapUrl: `${root}/cmaps/`, standardFontDataUrl: `${root}/standard_fonts/` };
}

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

async function open(pdfjs: PdfJs, bytes: Uint8Array, fileName: string): Promise<PdfDocument> {
  // In Node pdf.js runs its "worker" in this thread (no Worker is started); it imports
  // pdf.worker.mjs from next to pdf.mjs on its own.
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
    data: new Uint8Array(bytes),
    ...pdfjsResources(),
    cMapPacked: true,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    return await task.promise;
  } catch (error) {
    await task.destroy();
    const name = (error as Error).name;
    if (name === "PasswordException") throw unreadable("encryptedPdf", fileName, "password required", error);
    throw unreadable("brokenPdf", fileName, `pdf.js: ${(error as Error).message}`, error);
  }
}

async function pageItems(doc: PdfDocument, pageNumber: number): Promise<PdfItem[]> {
  const page = await doc.getPage(pageNumber);
  try {
    const content = await page.getTextContent();
    const items: PdfItem[] = [];
    for (const item of content.items) {
      if (!("str" in item) || !item.str) continue;
      const [, , c, d, x, y] = item.transform as number[];
      items.push({ text: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(c!, d!) || item.height });
    }
    return items;
  } finally {
    page.cleanup();
  }
}

/** The info dictionary's title, unless it is a file name or a tool's placeholder. */
async function infoTitle(doc: PdfDocument): Promise<string | undefined> {
  const { info } = await doc.getMetadata().catch(() => ({ info: undefined }));
  const title = (info as { Title?: unknown } | undefined)?.Title;
  if (typeof title !== "string" || !title.trim()) return undefined;
  if (/^Microsoft Word\s*-|\.(docx?|wps|pdf|txt)$/i.test(title.trim())) return undefined;
  return title.trim();
}

async function readPdf(bytes: Uint8Array, fileName: string): Promise<BlockDocument> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await open(pdfjs, bytes, fileName);
  try {
    const warnings: string[] = [];
    const count = Math.min(doc.numPages, MAX_PDF_PAGES);
    if (doc.numPages > count) warnings.push(`PDF 共 ${doc.numPages} 页，只读取了前 ${count} 页。`);
    const pages: PdfLine[][] = [];
    const blankPages: number[] = [];
    for (let n = 1; n <= count; n++) {
      const items = await pageItems(doc, n).catch((error: unknown) => {
        warnings.push(`PDF 第 ${n} 页无法读取（${(error as Error).message}）。`);
        return [];
      });
      const lines = groupLines(items, n);
      if (lines.length === 0) blankPages.push(n);
      pages.push(lines);
    }
    if (blankPages.length === count) throw unreadable("scannedPdf", fileName, "no text layer on any page");
    if (blankPages.length > 0) {
      warnings.push(`PDF 第 ${blankPages.join("、")} 页没有文字层（可能是扫描页或图片），这些页的内容未读取。`);
    }
    const { blocks, title } = layoutBlocks(pages);
    // Only page numbers or a stamped header on image pages: still a scan.
    if (blocks.length === 0) throw unreadable("scannedPdf", fileName, "no text besides page chrome");
    const named = title ?? (await infoTitle(doc));
    return { ...(named ? { title: named } : {}), blocks, warnings };
  } finally {
    await doc.destroy();
  }
}

export const pdfExtractor: Extractor = {
  extensions: ["pdf"],
  async extract(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument> {
    assertPdf(bytes, info.fileName);
    return readPdf(bytes, info.fileName);
  },
};
