/**
 * Bytes → text for text-like formats (HTML, .txt). Chinese office files come as UTF-8 or as
 * GBK/GB18030 (older sites, Notepad on Chinese Windows), rarely labelled. Order of evidence:
 * a byte-order mark, the HTTP Content-Type charset, an HTML <meta> declaration, then the bytes
 * themselves: UTF-8 if they decode without error (GBK text almost never does), else GB18030.
 * Decoding uses the platform's WHATWG TextDecoder (Node's full ICU has gb18030), no tables of
 * our own.
 */
export interface DecodeOptions {
  /** The HTTP Content-Type header, e.g. "text/html; charset=GBK". */
  contentType?: string;
  /** Look for <meta charset> / <meta http-equiv="Content-Type"> in the first bytes. */
  html?: boolean;
}

// Browsers read the meta declaration from the first 1024 bytes; pages with long <head>
// boilerplate put it later, so scan a little more.
const META_SCAN_BYTES = 4096;

/** gb2312 and gbk are subsets of gb18030: decoding as gb18030 reads all three. */
function canonicalLabel(label: string): string | undefined {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, "");
  if (!l) return undefined;
  if (/^(gb2312|gb_2312(-80)?|gbk|x-gbk|cp936|ms936|windows-936|gb18030|euc-cn|csgb2312|chinese)$/.test(l)) return "gb18030";
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return undefined; // an unknown label is no evidence
  }
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return undefined;
}

export function charsetFromContentType(contentType: string | undefined): string | undefined {
  const m = contentType?.match(/charset\s*=\s*("?)([^";\s]+)\1/i);
  return m ? canonicalLabel(m[2]!) : undefined;
}

/** <meta charset="gbk"> or <meta http-equiv="Content-Type" content="text/html; charset=gbk">. */
export function charsetFromMeta(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, META_SCAN_BYTES)).toString("latin1");
  for (const tag of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const m = tag.match(/charset\s*=\s*["']?\s*([\w.:-]+)/i);
    if (m) return canonicalLabel(m[1]!);
  }
  return undefined;
}

function decodeStrict(bytes: Uint8Array, encoding: string): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function decodeText(bytes: Uint8Array, opts: DecodeOptions = {}): string {
  // A BOM is the strongest evidence; TextDecoder strips it.
  const bom = bomEncoding(bytes);
  if (bom) return new TextDecoder(bom).decode(bytes);
  // A declared charset is trusted only if the bytes agree with it: pages often keep a stale
  // "utf-8" declaration after being saved as GBK, or the other way round.
  const declared = [charsetFromContentType(opts.contentType), opts.html ? charsetFromMeta(bytes) : undefined];
  for (const encoding of declared) {
    const text = encoding && decodeStrict(bytes, encoding);
    if (text !== undefined && text !== "") return text;
  }
  return decodeStrict(bytes, "utf-8") ?? decodeGb18030(bytes);
}

function decodeGb18030(bytes: Uint8Array): string {
  try {
    return new TextDecoder("gb18030").decode(bytes);
  } catch {
    // A Node built with small-icu has no GB18030 decoder: better replacement characters
    // than a crash.
    return new TextDecoder("utf-8").decode(bytes);
  }
}
