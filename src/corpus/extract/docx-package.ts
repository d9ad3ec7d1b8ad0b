import type { Readable } from "node:stream";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { LIMIT_MESSAGES } from "../../messages/documents.ts";
import { DocumentLimitError, limitExceeded } from "./errors.ts";
import { megabytes, type ExtractLimits } from "./limits.ts";

/**
 * The zip bomb check for Word packages, before mammoth (which inflates whatever the package
 * holds, trusting it) sees one. With yauzl, the maintained zip reader built for untrusted
 * archives: the number of entries and every entry's declared inflated size are checked from the
 * central directory; then every XML part (what mammoth reads; images are never inflated) is
 * inflated as a stream and counted, so a part that lies about its size is stopped at the limit,
 * not at the end of its bytes. The paragraphs of word/document.xml are counted on the way: a
 * document of a hundred thousand paragraphs is refused before mammoth spends minutes on it.
 * A package yauzl cannot open is left to mammoth, which refuses it or reads it leniently.
 */
const PARAGRAPH = /<w:p[\s>]/g;
/** Paragraphs counted in the XML may be twice the block limit: empty ones and table cells produce no block. */
const PARAGRAPH_SLACK = 2;

const openZip = (bytes: Uint8Array): Promise<ZipFile> =>
  new Promise((resolve, reject) =>
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, validateEntrySizes: false, autoClose: false },
      (err, zip) => (err || !zip ? reject(err ?? new Error("no zip")) : resolve(zip)),
    ),
  );

const entries = (zip: ZipFile): Promise<Entry[]> =>
  new Promise((resolve, reject) => {
    const list: Entry[] = [];
    zip.on("entry", (e: Entry) => {
      list.push(e);
      zip.readEntry();
    });
    zip.once("end", () => resolve(list));
    zip.once("error", reject);
    zip.readEntry();
  });

const openStream = (zip: ZipFile, entry: Entry): Promise<Readable> =>
  new Promise((resolve, reject) => zip.openReadStream(entry, (err, stream) => (err || !stream ? reject(err ?? new Error("no stream")) : resolve(stream))));

export async function checkWordPackage(
  bytes: Uint8Array,
  fileName: string,
  limits: Pick<ExtractLimits, "zipEntries" | "zipEntryBytes" | "zipTotalBytes" | "paragraphs">,
): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openZip(bytes);
  } catch {
    return;
  }
  try {
    if (zip.entryCount > limits.zipEntries) throw limitExceeded(fileName, `${zip.entryCount} zip entries`, LIMIT_MESSAGES.zipEntries(limits.zipEntries));
    let list: Entry[];
    try {
      list = await entries(zip);
    } catch {
      return;
    }
    const tooLarge = (limit: number, detail: string) => limitExceeded(fileName, detail, LIMIT_MESSAGES.unpacked(megabytes(limit)));
    let declared = 0;
    for (const e of list) {
      if (e.uncompressedSize > limits.zipEntryBytes) throw tooLarge(limits.zipEntryBytes, `${e.fileName} declares ${e.uncompressedSize} bytes`);
      declared += e.uncompressedSize;
      if (declared > limits.zipTotalBytes) throw tooLarge(limits.zipTotalBytes, `entries declare over ${limits.zipTotalBytes} bytes`);
    }
    let total = 0;
    for (const e of list.filter((x) => /\.(xml|rels)$/i.test(x.fileName))) {
      let stream: Readable;
      try {
        stream = await openStream(zip, e);
      } catch {
        continue; // an entry yauzl cannot read: mammoth's business
      }
      const counting = e.fileName === "word/document.xml";
      let size = 0;
      let paragraphs = 0;
      let tail = "";
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          total += chunk.length;
          if (size > limits.zipEntryBytes) throw tooLarge(limits.zipEntryBytes, `${e.fileName} inflates past ${limits.zipEntryBytes} bytes`);
          if (total > limits.zipTotalBytes) throw tooLarge(limits.zipTotalBytes, `entries inflate past ${limits.zipTotalBytes} bytes`);
          if (!counting) continue;
          // A tag may straddle two chunks: the last four characters (too few to hold a whole one) are scanned again with the next.
          const text = tail + chunk.toString("latin1");
          paragraphs += text.match(PARAGRAPH)?.length ?? 0;
          tail = text.slice(-4);
          if (paragraphs > limits.paragraphs * PARAGRAPH_SLACK)
            throw limitExceeded(fileName, `more than ${paragraphs} paragraphs in document.xml`, LIMIT_MESSAGES.paragraphs(limits.paragraphs));
        }
      } catch (err) {
        stream.destroy();
        if (err instanceof DocumentLimitError) throw err;
        // Damaged deflate data: mammoth will say so.
      }
    }
  } finally {
    zip.close();
  }
}
