/**
 * The extractor registry: which extractor reads a file. The extension decides, unless the
 * content says otherwise (sniff.ts): a Word file saved as .pdf, a PDF named .docx or a web page
 * saved as .txt is read as what it is, with a warning for the editor. An extension no
 * extractor reads, a legacy .doc and a zip that is no Word package are refused with an
 * UnreadableDocumentError saying what to send instead.
 */
import type { BlockDocument, Extractor, ExtractInfo } from "../blocks.ts";
import { EXTRACT_WARNINGS, LIMIT_MESSAGES } from "../../messages/documents.ts";
import { limitExceeded, unreadable, unsupportedFormat } from "./errors.ts";
import { limitsOf } from "./limits.ts";
import { extensionOf } from "./extensions.ts";
import { FORMAT_EXTRACTORS } from "./formats.ts";
import { sniffFormat, type SniffedFormat } from "./sniff.ts";
import { textExtractor } from "./text.ts";

export const EXTRACTORS: readonly Extractor[] = [textExtractor, ...FORMAT_EXTRACTORS];

export { extensionOf, isSupportedFile, SOURCE_EXTENSIONS } from "./extensions.ts";
export { extensionForContent, sniffFormat } from "./sniff.ts";

/** Reads a document's bytes into blocks (the registry by default; tests inject counters). */
export type ExtractFn = (bytes: Uint8Array, info: ExtractInfo) => Promise<BlockDocument>;

/** The extractor for a file name, by extension alone. */
export function extractorFor(fileName: string): Extractor | undefined {
  const ext = extensionOf(fileName);
  return EXTRACTORS.find((e) => e.extensions.includes(ext));
}

// `read` is the warning's wording, spaced the way the other messages space Latin words.
const BY_CONTENT: Partial<Record<SniffedFormat, { ext: string; read: string }>> = {
  pdf: { ext: "pdf", read: EXTRACT_WARNINGS.readAsPdf },
  docx: { ext: "docx", read: EXTRACT_WARNINGS.readAsDocx },
  html: { ext: "html", read: EXTRACT_WARNINGS.readAsHtml },
};

/** Extensions without a dot, for the reroute test: does `ext` already name the sniffed format? */
const FAMILY: Partial<Record<SniffedFormat, readonly string[]>> = {
  pdf: ["pdf"],
  docx: ["docx"],
  html: ["html", "htm"],
};

/**
 * Bytes → blocks through the right extractor. Throws UnreadableDocumentError for anything the
 * library cannot read (DocumentLimitError for anything over its limits: limits.ts); every other
 * error of an extractor is a bug and propagates as it is.
 */
export async function extractDocument(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument> {
  const doc = await extractBlocks(bytes, info);
  const { paragraphs, textChars } = limitsOf(info.limits);
  if (doc.blocks.length > paragraphs) throw limitExceeded(info.fileName, `${doc.blocks.length} blocks`, LIMIT_MESSAGES.paragraphs(paragraphs));
  const chars = doc.blocks.reduce((n, b) => n + b.text.length, 0);
  if (chars > textChars) throw limitExceeded(info.fileName, `${chars} characters`, LIMIT_MESSAGES.textChars(textChars));
  return doc;
}

async function extractBlocks(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument> {
  const ext = extensionOf(info.fileName);
  const byName = extractorFor(info.fileName);
  const sniffed = sniffFormat(bytes);
  if (sniffed === "empty") throw unreadable("empty", info.fileName, "empty file");
  if (!byName) {
    if (ext === "doc") throw unreadable("legacyDoc", info.fileName, ".doc is not .docx");
    if (ext) throw unsupportedFormat(info.fileName, ext);
  }
  if (sniffed === "ole") throw unreadable("legacyDoc", info.fileName, "Word 97–2003 (.doc) content");
  if (sniffed === "zip") throw unreadable("archive", info.fileName, "a zip archive without word/document.xml");
  const actual = BY_CONTENT[sniffed];
  const named = FAMILY[sniffed]?.includes(ext) ?? false;
  // The content is a binary format the name does not say (or an HTML page named .txt): read
  // it as what it is. Text named .pdf/.docx stays with its extractor, which refuses it.
  if (actual && !named && (byName === undefined || byName === textExtractor || sniffed !== "html")) {
    const doc = await extractorFor(`x.${actual.ext}`)!.extract(bytes, info);
    return ext ? { ...doc, warnings: [EXTRACT_WARNINGS.misnamed(ext, actual.read), ...doc.warnings] } : doc;
  }
  if (!byName) {
    if (sniffed === "text") return textExtractor.extract(bytes, info);
    throw unreadable("unknownFormat", info.fileName, `no extension and ${sniffed} content`);
  }
  return byName.extract(bytes, info);
}
