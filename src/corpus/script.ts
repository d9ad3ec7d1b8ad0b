import { ConverterFactory, type ConverterFunction } from "opencc-js/core";
import CJK_COMPATIBILITY from "opencc-js/dict/CJK_Compatibility_Ideographs";
import TS_CHARACTERS from "opencc-js/dict/TSCharacters";
import TW_VARIANTS_REV from "opencc-js/dict/TWVariantsRev";
import type { BlockDocument } from "./blocks.ts";
import { normalizeNumberSpacing } from "./refine/wrap.ts";
import type { Article } from "./types.ts";

/**
 * Traditional-character sources (a reprint from Hong Kong, Taiwan or an older archive). The
 * layout rules are written in simplified characters, so a traditional document is parsed in a
 * simplified copy made character by character — the copy has the same length, so every piece
 * of text the parser keeps can be looked up again in the original and shown as written.
 */
let convert: ConverterFunction | undefined;
const cache = new Map<string, string>();
const HAN = /\p{Script=Han}/u;

/**
 * opencc's Taiwan → mainland chain (its "tw" → "cn" preset) with only the character dictionaries:
 * a single character never matches a phrase entry, and the phrase tries are most of the cost of
 * building the preset converter. Built on first use, not on import.
 */
function converter(): ConverterFunction {
  convert ??= ConverterFactory([CJK_COMPATIBILITY], [TW_VARIANTS_REV], [TS_CHARACTERS]);
  return convert;
}

/** The same text in simplified characters, character by character (same length). */
export function simplifyHan(text: string): string {
  let out = "";
  for (const ch of text) {
    out += cache.get(ch) ?? simplifyChar(ch);
  }
  return out;
}

function simplifyChar(ch: string): string {
  const c: string = HAN.test(ch) ? converter()(ch) : ch;
  const s = c.length === ch.length ? c : ch;
  cache.set(ch, s);
  return s;
}

export interface ScriptView {
  /** The document in simplified characters (the same document when it already is). */
  doc: BlockDocument;
  /** Maps the parse of `doc` back to the document's own characters. */
  restore(article: Article): Article;
}

export function simplifiedView(doc: BlockDocument): ScriptView {
  const original = [doc.title ?? "", doc.subtitle ?? "", ...doc.blocks.map((b) => b.text)].join("\n");
  const simplified = simplifyHan(original);
  if (simplified === original) return { doc, restore: (a) => a };
  const view: BlockDocument = {
    ...doc,
    title: doc.title === undefined ? undefined : simplifyHan(doc.title),
    subtitle: doc.subtitle === undefined ? undefined : simplifyHan(doc.subtitle),
    blocks: doc.blocks.map((b) => ({ ...b, text: simplifyHan(b.text) })),
  };
  const lookup = lookupIn(original, simplified);
  return { doc: view, restore: (a) => restoreArticle(a, lookup) };
}

/** The original spelling of a simplified string found in the document; itself when not found. */
function lookupIn(original: string, simplified: string): (s: string) => string {
  const squeezedOriginal = normalizeNumberSpacing(original.replace(/\n/g, ""));
  const squeezedSimplified = normalizeNumberSpacing(simplified.replace(/\n/g, ""));
  return (s) => {
    if (!s) return s;
    let at = simplified.indexOf(s);
    if (at !== -1) return original.slice(at, at + s.length);
    // Joined lines and normalised number spacing: look in the document as the parser saw it.
    at = squeezedSimplified.indexOf(s);
    if (at !== -1 && squeezedOriginal.length === squeezedSimplified.length) return squeezedOriginal.slice(at, at + s.length);
    return s;
  };
}

function restoreArticle(a: Article, o: (s: string) => string): Article {
  return {
    ...a,
    title: o(a.title),
    subtitle: o(a.subtitle),
    editorNote: a.editorNote.split("\n").map(o).join("\n"),
    captions: a.captions.map(o),
    cases: a.cases.map((c) => ({
      ...c,
      unit: o(c.unit),
      place: o(c.place),
      headline: o(c.headline),
      lead: o(c.lead),
      paragraphs: c.paragraphs.map((p) => ({ ...p, text: o(p.text) })),
      practices: c.practices.map(o),
      figures: c.figures.map((f) => ({ ...f, what: o(f.what), sentence: o(f.sentence) })),
      captions: c.captions.map(o),
      sections: c.sections.map((s) => ({ ...s, headline: o(s.headline), topics: s.topics.map(o) })),
    })),
  };
}
