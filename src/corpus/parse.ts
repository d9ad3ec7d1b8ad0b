import { createHash } from "node:crypto";
import type { BlockDocument } from "./blocks.ts";
import { casesOf } from "./cases.ts";
import { dayOf } from "./dates.ts";
import { textToBlocks } from "./extract/text.ts";
import { defaultGazetteer, type Gazetteer } from "./gazetteer.ts";
import { refineDocument } from "./refine/index.ts";
import { scrambledTextWarnings } from "./scrambled.ts";
import { simplifiedView } from "./script.ts";
import { readFrontMatter } from "./segment/front.ts";
import { pageLines } from "./segment/page.ts";
import { createResolver } from "./segment/resolver.ts";
import { buildSections } from "./segment/sections.ts";
import type { Article, Case } from "./types.ts";
import { withoutEthnicNames } from "./units.ts";

export interface ParseInput {
  text: string;
  /** Path relative to the articles directory; the article id is derived from it. */
  sourceFile: string;
}

export interface DocumentInput {
  doc: BlockDocument;
  sourceFile: string;
  gazetteer?: Gazetteer;
}

/** A plain-text or Markdown newsletter → its article and cases. */
export function parseArticle(input: ParseInput): Article {
  return parseDocument({ doc: textToBlocks(input.text), sourceFile: input.sourceFile });
}

/**
 * Any document, as blocks → refined blocks → front matter → sections → cases. Every format
 * goes through the same steps; see DESIGN.md for the rules of each.
 */
export function parseDocument(input: DocumentInput): Article {
  const gazetteer = input.gazetteer ?? defaultGazetteer();
  const script = simplifiedView(input.doc);
  const refined = refineDocument(script.doc);
  const resolver = createResolver(refined.blocks.map((b) => b.text), gazetteer);
  const front = readFrontMatter(refined.blocks, resolver, refined.title, refined.subtitle);
  const page = pageLines(front.title, front.subtitle, refined.blocks);
  const { sections, rules } = buildSections({ blocks: front.body, resolver, articleUnit: front.articleUnit, page });
  const articleId = articleIdOf(input.sourceFile);
  if (front.editorNote) sections.push({ headline: "编者按", topics: [], paragraphs: front.editorNote.split("\n"), captions: [] });
  const cases = casesOf(articleId, sections, front.title, gazetteer);
  const captions = placeCaptions(cases, front.captions);
  const warnings = [...refined.warnings, ...scrambledTextWarnings(input.doc.blocks)];
  if (!cases.some((c) => c.unit)) warnings.push("没有识别到任何单位：全文仍可检索，引用时注明文章和小标题");
  return script.restore({
    id: articleId,
    title: front.title,
    subtitle: front.subtitle,
    editorNote: front.editorNote,
    sourceFile: input.sourceFile,
    captions,
    cases: cases.filter((c) => c.unit || c.paragraphs.length || c.lead),
    // Extractors give a date or a date-time with its offset (WeChat, web pages): the day as
    // written is what counts, the same way for both. No date in the document: undated.
    ...(refined.publishedAt !== undefined && { publishedAt: `${dayOf(refined.publishedAt)}T00:00:00.000Z` }),
    report: {
      rules: [...refined.applied, ...rules],
      unattributed: cases.filter((c) => !c.unit).reduce((n, c) => n + c.paragraphs.length + (c.lead ? 1 : 0), 0),
      warnings,
    },
  });
}

/**
 * A caption belongs to the unit it names, else to the unit it stands next to; captions next to
 * no unit's text belong to the article.
 */
function placeCaptions(cases: Case[], front: readonly string[]): string[] {
  const article = [...front];
  const named = (caption: string) => cases.find((c) => c.unit && mentionsPlace(caption, c.place));
  for (const c of cases) {
    const own = c.captions;
    c.captions = [];
    for (const cap of own) {
      const target = named(cap) ?? (c.unit ? c : undefined);
      if (target) target.captions.push(cap);
      else article.push(cap);
    }
  }
  return article;
}

function mentionsPlace(text: string, place: string): boolean {
  const base = withoutEthnicNames(place.replace(/自治县$/, "")).replace(/[市县区镇乡]$|街道$/, "");
  return base.length >= 2 && text.includes(base.slice(0, Math.min(base.length, 4)));
}

/**
 * Stable id from the file name. Plain-text files keep the bare name (ids of existing articles
 * do not change); any other extension is part of the id, so a.txt and a.md are two articles.
 */
export function articleIdOf(sourceFile: string): string {
  const base = sourceFile.split(/[\\/]/).pop()!;
  const named = base.replace(/\.txt$/i, "").replace(/\.([a-z0-9]+)$/i, "_$1");
  // Letters of any script stay: editors name files 第3期简报.docx, and two such names must not
  // both become ___docx. The id rides in button payloads (Telegram: 64 bytes), so a long name
  // is cut to 40 bytes plus a hash of the whole name.
  const id = named.replace(/[^\p{L}\p{N}_-]/gu, "_") || "article";
  if (Buffer.byteLength(id) <= 48) return id;
  let head = "";
  for (const ch of id) {
    if (Buffer.byteLength(head + ch) > 40) break;
    head += ch;
  }
  return `${head}_${createHash("sha1").update(base).digest("hex").slice(0, 6)}`;
}
