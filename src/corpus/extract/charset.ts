/**
 * Bytes → text for text-like formats (HTML, .txt). Chinese office files come as UTF-8, as
 * GBK/GB18030 (older sites, Notepad on Chinese Windows) or, from Taiwan, Hong Kong and Macao,
 * as BIG5, often unlabelled or mislabelled. Order of evidence: a byte-order mark, the HTTP
 * Content-Type charset, an HTML <meta> declaration, then the bytes themselves: UTF-8 if they
 * decode without error (GBK and BIG5 text almost never does). A Chinese legacy encoding, declared
 * or not, is never taken on trust: BIG5 bytes also decode as GBK without an error (into
 * nonsense), so the two are told apart by chardet's character-frequency statistics, and the
 * declaration only breaks a tie (a short text gives the statistics nothing to go on). Decoding
 * uses the platform's WHATWG TextDecoder (Node's full ICU has gb18030 and big5).
 *
 * What still looks garbled after that (kana, bopomofo, Cyrillic, private-use characters in
 * Chinese text: the marks of one encoding read as another) is measured, so the extractor can
 * warn or refuse instead of storing mojibake (garbledShare).
 */
import { analyse } from "chardet";
import { EXTRACT_WARNINGS } from "../../messages/documents.ts";
import { unreadable } from "./errors.ts";

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

export interface Decoded {
  text: string;
  /** The WHATWG name of the encoding used ("utf-8", "gb18030", "big5" …). */
  encoding: string;
}

const CHINESE_LEGACY = new Set(["gb18030", "gbk", "big5"]);
/** chardet reads this much: enough text for its statistics, bounded for a 10 MB page. */
const SAMPLE_BYTES = 256 * 1024;

/**
 * GB18030 or BIG5, by chardet's statistics over the two (the declaration, else GB18030, on a
 * tie); one the bytes do not decode in strictly is not chosen while the other decodes.
 */
function chineseLegacy(bytes: Uint8Array, declared: string | undefined): Decoded | undefined {
  const confidence = (name: string) => analyseSample(bytes).find((m) => m.name === name)?.confidence ?? 0;
  const gb = confidence("GB18030");
  const big5 = confidence("Big5");
  const first = big5 > gb ? "big5" : gb > big5 ? "gb18030" : declared === "big5" ? "big5" : "gb18030";
  for (const encoding of [first, first === "big5" ? "gb18030" : "big5"]) {
    const text = decodeStrict(bytes, encoding);
    if (text !== undefined) return { text, encoding };
  }
  return undefined;
}

let lastSample: { bytes: Uint8Array; result: ReturnType<typeof analyse> } | undefined;
function analyseSample(bytes: Uint8Array): ReturnType<typeof analyse> {
  if (lastSample?.bytes !== bytes) lastSample = { bytes, result: analyse(bytes.subarray(0, SAMPLE_BYTES)) };
  return lastSample.result;
}

/** The text and the encoding it was read in (see the module comment for the order of evidence). */
export function decodeWithEncoding(bytes: Uint8Array, opts: DecodeOptions = {}): Decoded {
  // A BOM is the strongest evidence; TextDecoder strips it.
  const bom = bomEncoding(bytes);
  if (bom) return { text: new TextDecoder(bom).decode(bytes), encoding: bom };
  // A declared charset is trusted only if the bytes agree with it: pages often keep a stale
  // "utf-8" declaration after being saved as GBK, or the other way round.
  const declared = [charsetFromContentType(opts.contentType), opts.html ? charsetFromMeta(bytes) : undefined];
  for (const encoding of declared) {
    if (!encoding) continue;
    if (CHINESE_LEGACY.has(encoding)) {
      const chinese = chineseLegacy(bytes, encoding);
      if (chinese && chinese.text !== "") return chinese;
      continue;
    }
    const text = decodeStrict(bytes, encoding);
    if (text !== undefined && text !== "") return { text, encoding };
  }
  const utf8 = decodeStrict(bytes, "utf-8");
  if (utf8 !== undefined) return { text: utf8, encoding: "utf-8" };
  // A Node built with small-icu has neither: better replacement characters than a crash.
  return chineseLegacy(bytes, undefined) ?? { text: new TextDecoder("utf-8").decode(bytes), encoding: "utf-8" };
}

export function decodeText(bytes: Uint8Array, opts: DecodeOptions = {}): string {
  return decodeWithEncoding(bytes, opts).text;
}

/**
 * Characters that Chinese prose does not contain but mojibake does: kana, bopomofo, Hangul,
 * Cyrillic and Greek (GBK's symbol rows, where BIG5's commonest characters land), box drawing,
 * private-use characters and U+FFFD.
 */
const GARBLED = /[\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f\u3130-\u318f\uac00-\ud7af\ue000-\uf8ff\ufffd]/gu;
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/gu;

/** The share of tell-tale mojibake among the text's Chinese and mojibake characters (0 for none). */
export function garbledShare(text: string): number {
  const bad = text.match(GARBLED)?.length ?? 0;
  if (bad === 0) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  return bad / (bad + cjk);
}

/** Past this share the text is refused; past WARN_SHARE it is kept with a warning (a few symbols are real). */
const REFUSE_SHARE = 0.1;
const WARN_SHARE = 0.01;

/**
 * Decodes, then refuses text that is mostly mojibake and warns about text that has some; the
 * warnings go into the document's report.
 */
export function decodeChecked(bytes: Uint8Array, fileName: string, opts: DecodeOptions = {}): { text: string; warnings: string[] } {
  const { text, encoding } = decodeWithEncoding(bytes, opts);
  const share = garbledShare(text);
  if (share > REFUSE_SHARE) throw unreadable("garbled", fileName, `${Math.round(share * 100)}% mojibake after decoding as ${encoding}`);
  return { text, warnings: share > WARN_SHARE ? [EXTRACT_WARNINGS.garbled(encoding)] : [] };
}
