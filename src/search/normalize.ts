import { Converter } from "opencc-js/t2cn";

/**
 * Traditional → simplified. The Taiwan preset also maps regional phrasing; applied to both the
 * indexed text and the question, so the two always meet in the same script.
 */
const toSimplified = Converter({ from: "tw", to: "cn" });

const MENTION = /@[^\s@]{1,64}/g;
const CONTROLS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
/** Scripts we search: Han, Latin letters and digits; everything else is a separator. */
const HAN = /\p{Script=Han}/u;

/**
 * One canonical form for indexing and querying: NFKC (full-width → half-width letters, digits and
 * punctuation), lower case, simplified characters, no control characters.
 */
export function normalizeText(text: string): string {
  const nfkc = text.normalize("NFKC").replace(CONTROLS, " ").toLowerCase();
  // Only Han text can change under conversion; skip the converter for everything else.
  return HAN.test(nfkc) ? toSimplified(nfkc) : nfkc;
}

/** A chat question: mentions (@bot, @someone) carry no meaning for search. */
export function normalizeQuery(query: string): string {
  return normalizeText(query.replace(MENTION, " ")).replace(/\s+/g, " ").trim();
}

export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/**
 * Like normalizeText, but keeps every UTF-16 position: a character whose normal form has a
 * different length (… → ...) stays as it is. Passages are normalised this way so that a match
 * found in the normal form can be highlighted in the original text.
 */
export function normalizeAligned(text: string): string {
  let out = "";
  for (const ch of text) {
    const n = ch.normalize("NFKC").toLowerCase();
    out += n.length === ch.length ? n : ch;
  }
  out = out.replace(CONTROLS, (c) => " ".repeat(c.length));
  if (!HAN.test(out)) return out;
  const simplified = toSimplified(out);
  return simplified.length === out.length ? simplified : Array.from(out, (ch) => (isHan(ch) ? toSimplified(ch) : ch)).join("");
}
