/**
 * The file formats read by libraries: Word (mammoth), PDF (pdf.js) and web pages (linkedom +
 * Readability). The extractor registry lists these next to the plain-text one. Each module
 * imports its library inside extract(), so starting the bot costs none of them.
 */
import type { Extractor } from "../blocks.ts";
import { docxExtractor } from "./docx.ts";
import { htmlExtractor } from "./html.ts";
import { pdfExtractor } from "./pdf.ts";

export const FORMAT_EXTRACTORS: Extractor[] = [docxExtractor, pdfExtractor, htmlExtractor];
