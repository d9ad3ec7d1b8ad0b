/**
 * Hostile documents, generated small: files of a few kilobytes that inflate to many megabytes
 * (a Word bomb, a lying Word bomb, a PDF flate bomb), pages nested thousands deep, documents with
 * a hundred thousand paragraphs, and Chinese pages in one encoding that declare another. The
 * extraction limits are tested on these in CI at sizes just past each limit; the manual held-out
 * check (test/support/hostile-check.ts) sends the full-size versions to a running bot.
 *
 * The zip container is written here (local headers, central directory, CRC-32) rather than by a
 * library, because a bomb must be able to lie about its sizes, which no zip library will do.
 */
import { constants, createDeflate, createDeflateRaw, deflateSync } from "node:zlib";
import iconv from "iconv-lite";

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Content given as a head, a chunk repeated `times`, and a tail: megabytes without holding them. */
export interface RepeatedContent {
  head: string;
  repeat: string;
  times: number;
  tail: string;
}

export interface ZipEntry {
  name: string;
  content: string | Uint8Array | RepeatedContent;
  /** The uncompressed size written into the headers (a lie, when it differs from the content's). */
  declaredSize?: number;
}

const isRepeated = (c: ZipEntry["content"]): c is RepeatedContent => typeof c === "object" && "repeat" in c;

/**
 * Deflates content (streaming, so a 1 GB entry never sits in memory) and returns data, CRC and
 * real size: raw deflate for zip entries, zlib's format for PDF streams.
 */
async function deflated(content: ZipEntry["content"], format: "raw" | "zlib" = "raw"): Promise<{ data: Buffer; crc: number; size: number }> {
  if (!isRepeated(content)) {
    const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : Buffer.from(content);
    return { data: format === "raw" ? deflateRawSync(bytes) : deflateSync(bytes), crc: format === "raw" ? crc32(bytes) : 0, size: bytes.length };
  }
  const options = { level: constants.Z_BEST_COMPRESSION };
  const deflate = format === "raw" ? createDeflateRaw(options) : createDeflate(options);
  const out: Buffer[] = [];
  deflate.on("data", (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => deflate.on("end", resolve).on("error", reject));
  let crc = 0;
  let size = 0;
  const write = async (s: string | Buffer) => {
    const b = typeof s === "string" ? Buffer.from(s, "utf8") : s;
    if (format === "raw") crc = crc32(b, crc); // PDF streams carry no CRC
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once("drain", r));
  };
  await write(content.head);
  // Written in blocks of many repeats: one write per repeat would be slow for millions of them.
  const unit = Buffer.from(content.repeat, "utf8");
  const perBlock = Math.max(1, Math.floor((1 << 20) / unit.length));
  const block = Buffer.concat(Array.from({ length: perBlock }, () => unit));
  for (let left = content.times; left > 0; left -= perBlock) {
    const n = Math.min(perBlock, left);
    await write(n === perBlock ? block : block.subarray(0, n * unit.length));
  }
  await write(content.tail);
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

function deflateRawSync(bytes: Buffer): Buffer {
  // zlib's raw deflate is deflate without its two-byte header and Adler-32 trailer.
  const z = deflateSync(bytes, { level: constants.Z_BEST_COMPRESSION });
  return z.subarray(2, z.length - 4);
}

/** A zip archive (deflated entries); sizes in the headers may lie where an entry says so. */
export async function zipOf(entries: readonly ZipEntry[]): Promise<Uint8Array> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const { data, crc, size } = await deflated(e.content);
    const declared = e.declaredSize ?? size;
    const name = Buffer.from(e.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

const paragraph = (text: string) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`;

/** A Word package whose document.xml is `times` copies of one paragraph (optionally lying about its size). */
export function docxOf(opts: { repeat: string; times: number; head?: string; declaredSize?: number }): Promise<Uint8Array> {
  return zipOf([
    { name: "[Content_Types].xml", content: CONTENT_TYPES },
    { name: "_rels/.rels", content: RELS },
    {
      name: "word/document.xml",
      content: { head: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${opts.head ?? ""}`, repeat: opts.repeat, times: opts.times, tail: "</w:body></w:document>" },
      ...(opts.declaredSize !== undefined && { declaredSize: opts.declaredSize }),
    },
  ]);
}

/** A Word bomb: document.xml inflates to about `inflatedBytes` of one repeated paragraph. */
export function docxBomb(inflatedBytes: number, opts: { declaredSize?: number } = {}): Promise<Uint8Array> {
  const p = paragraph("反复出现的同一段文字，用来把文档撑大。");
  return docxOf({ repeat: p, times: Math.ceil(inflatedBytes / Buffer.byteLength(p)), ...opts });
}

/** A Word document with `n` short, distinct-looking paragraphs (a real size, no lie). */
export function manyParagraphsDocx(n: number): Promise<Uint8Array> {
  return docxOf({ repeat: paragraph("第一段正文，内容简短。"), times: n });
}

/** A one-page PDF whose content stream (flate-compressed) is `head` + `repeat` × `times`. */
export async function pdfWithContent(content: RepeatedContent): Promise<Uint8Array> {
  const stream = (await deflated(content, "zlib")).data;
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"),
    Buffer.concat([Buffer.from(`<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`), stream, Buffer.from("\nendstream")]),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
  ];
  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)];
  xref.push(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`);
  chunks.push(Buffer.from(xref.join("")));
  return new Uint8Array(Buffer.concat(chunks));
}

/** A PDF flate bomb: one page whose content inflates to `items` separate text items. */
export function pdfTextBomb(items: number): Promise<Uint8Array> {
  // Each piece its own text object at one spot on the page: pdf.js drops text placed off the page.
  return pdfWithContent({ head: "", repeat: "BT /F1 9 Tf 72 500 Td (ab) Tj ET\n", times: items, tail: "" });
}

/** A PDF flate bomb without text: one page whose content inflates to `bytes` of blanks. */
export function pdfBlankBomb(bytes: number): Promise<Uint8Array> {
  return pdfWithContent({ head: "", repeat: " ".repeat(1024), times: Math.ceil(bytes / 1024), tail: "\n" });
}

/** An HTML page whose text sits inside `depth` nested <div>s. */
export function nestedHtml(depth: number): string {
  return `<!DOCTYPE html><html><head><title>嵌套</title></head><body>${"<div>".repeat(depth)}<p>正文。</p>${"</div>".repeat(depth)}</body></html>`;
}

/** An HTML page of about `bytes` bytes of ordinary paragraphs. */
export function bigHtml(bytes: number): string {
  const p = "<p>这是一段普通的正文，用来把网页撑大，内容没有实际意义。</p>\n";
  return `<!DOCTYPE html><html><head><title>长网页</title></head><body>${p.repeat(Math.ceil(bytes / Buffer.byteLength(p)))}</body></html>`;
}

/** A traditional-Chinese page encoded as `encoding`, whose <meta> declares `declared`. */
export function mislabelledPage(text: { title: string; paragraphs: readonly string[] }, encoding: string, declared: string | undefined): Uint8Array {
  const meta = declared ? `<meta charset="${declared}">` : "";
  const html = `<!DOCTYPE html><html><head>${meta}<title>${text.title}</title></head><body><article><h1>${text.title}</h1>${text.paragraphs.map((p) => `<p>${p}</p>`).join("")}</article></body></html>`;
  return new Uint8Array(iconv.encode(html, encoding));
}
