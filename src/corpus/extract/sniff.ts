/**
 * Content sniffing: a file's first bytes say what it is, whatever its name says. A mislabelled
 * file gets a clear message instead of a confusing library error (or, worse, garbage blocks).
 */
import { unreadable } from "./errors.ts";

/** What a file's first bytes say it is; `text` is anything that is neither binary nor HTML. */
export type SniffedFormat = "pdf" | "docx" | "zip" | "ole" | "html" | "text" | "binary" | "empty";

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0) =>
  magic.every((b, i) => bytes[at + i] === b);

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .doc, .xls, .ppt (Office 97–2003)
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

export function assertNotEmpty(bytes: Uint8Array, fileName: string): void {
  if (bytes.length === 0) throw unreadable("empty", fileName, "empty file");
}

export function assertDocx(bytes: Uint8Array, fileName: string): void {
  assertNotEmpty(bytes, fileName);
  if (startsWith(bytes, OLE)) throw unreadable("legacyDoc", fileName, "Word 97–2003 (.doc) file, not .docx");
  if (!startsWith(bytes, ZIP)) throw unreadable("notDocx", fileName, "not a zip archive");
}

export function assertPdf(bytes: Uint8Array, fileName: string): void {
  assertNotEmpty(bytes, fileName);
  // The spec allows junk before the header (some generators write a few bytes); readers look
  // in the first kilobyte.
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + PDF.length <= head.length; i++) if (startsWith(head, PDF, i)) return;
  throw unreadable("notPdf", fileName, "no %PDF- header");
}

/** HTML is text: refuse binaries (a zip, a PDF, an image) that are named .html. */
export function assertText(bytes: Uint8Array, fileName: string): void {
  assertNotEmpty(bytes, fileName);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16) return; // UTF-16 text is full of NUL bytes
  if (startsWith(bytes, ZIP) || startsWith(bytes, OLE) || startsWith(bytes, PDF)) {
    throw unreadable("notHtml", fileName, "binary document, not HTML");
  }
  const head = bytes.subarray(0, 1024);
  if (head.includes(0)) throw unreadable("notHtml", fileName, "binary content (NUL bytes), not HTML");
}

const HTML_START = /^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>]|meta\s|body[\s>])/i;

/**
 * The format the bytes are in, whatever the name says. A zip is a Word package only if it holds
 * word/document.xml (zip entry names are stored uncompressed); HTML is text that opens with a
 * doctype or an <html>/<head>/<body> tag, so a .txt newsletter quoting a tag stays text.
 */
export function sniffFormat(bytes: Uint8Array): SniffedFormat {
  if (bytes.length === 0) return "empty";
  if (startsWith(bytes, ZIP)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("word/document") ? "docx" : "zip";
  if (startsWith(bytes, OLE)) return "ole";
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + PDF.length <= head.length; i++) if (startsWith(head, PDF, i)) return "pdf";
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && head.includes(0)) return "binary";
  const start = utf16 ? new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(head) : Buffer.from(head).toString("latin1");
  return HTML_START.test(start.replace(/^\uFEFF|^\u00ef\u00bb\u00bf/, "")) ? "html" : "text";
}

/**
 * The extension a document should be stored under, judged by its content (for a name without
 * one, e.g. a download): undefined when the content is no format the library reads.
 */
export function extensionForContent(bytes: Uint8Array): string | undefined {
  const ext: Partial<Record<SniffedFormat, string>> = { pdf: "pdf", docx: "docx", html: "html", text: "txt" };
  return ext[sniffFormat(bytes)];
}
