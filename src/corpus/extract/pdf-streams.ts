import { constants, inflateSync } from "node:zlib";
import { LIMIT_MESSAGES } from "../../messages/documents.ts";
import { limitExceeded } from "./errors.ts";
import type { ExtractLimits } from "./limits.ts";
import { megabytes } from "./limits.ts";

/**
 * The flate bomb check for PDFs. pdf.js inflates a content stream completely, growing one
 * buffer, and has no option to bound it: a 2 MB file whose page inflates to 2 GB would take the
 * memory before any limit of ours saw a text item. So every flate-compressed stream that is not
 * an image (pdf.js does not decode images for text) is inflated here first, by zlib, with its
 * output capped — one stream at most `pdfStreamBytes`, all of them at most `pdfInflatedBytes`.
 * A stream zlib cannot inflate is left to pdf.js, which reads damaged files leniently.
 *
 * This is a scan for the limit, not a PDF parser: a stream is the bytes between the `stream`
 * keyword and the next `endstream`, its dictionary the text since the object began.
 */
const STREAM = Buffer.from("stream");
const END = Buffer.from("endstream");
const OBJ = Buffer.from(" obj");
/** How far back a stream's dictionary is looked for. */
const DICT_WINDOW = 4096;

export function checkPdfStreams(bytes: Uint8Array, fileName: string, limits: Pick<ExtractLimits, "pdfStreamBytes" | "pdfInflatedBytes">): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let total = 0;
  for (let at = buf.indexOf(STREAM); at >= 0; at = buf.indexOf(STREAM, at + STREAM.length)) {
    // "endstream" contains "stream"; a real keyword is followed by an end of line.
    if (at >= 3 && buf.toString("latin1", at - 3, at) === "end") continue;
    let start = at + STREAM.length;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a) continue;
    start++;
    const end = buf.indexOf(END, start);
    if (end < 0) return;
    const window = Math.max(0, at - DICT_WINDOW);
    const obj = buf.subarray(window, at).lastIndexOf(OBJ);
    const dict = buf.toString("latin1", obj >= 0 ? window + obj : window, at);
    at = end;
    if (!/\/FlateDecode\b|\/Fl\b/.test(dict) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    const left = Math.min(limits.pdfStreamBytes, limits.pdfInflatedBytes - total);
    let size: number;
    // Z_SYNC_FLUSH: a stream cut short still counts what it holds instead of failing.
    try {
      size = inflateSync(buf.subarray(start, end), { maxOutputLength: left + 1, finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") continue;
      size = left + 1;
    }
    total += size;
    if (size > limits.pdfStreamBytes)
      throw limitExceeded(fileName, `a PDF stream inflates past ${limits.pdfStreamBytes} bytes`, LIMIT_MESSAGES.unpacked(megabytes(limits.pdfStreamBytes)));
    if (total > limits.pdfInflatedBytes)
      throw limitExceeded(fileName, `PDF streams inflate past ${limits.pdfInflatedBytes} bytes`, LIMIT_MESSAGES.unpacked(megabytes(limits.pdfInflatedBytes)));
  }
}
