import { createHash } from "node:crypto";
import { extractFigures } from "./figures.ts";
import type { Article, Case, Paragraph } from "./types.ts";
import { isUnitHeading, levelOf, placeOf } from "./units.ts";

/** A non-empty source line and how many blank lines preceded it. */
interface Line {
  text: string;
  gapBefore: number;
}

export interface ParseInput {
  text: string;
  /** Path relative to the articles directory; the article id is derived from it. */
  sourceFile: string;
  publishedAt?: string;
}

const TERMINAL = /[。！？!?…”」）)；;]$/;
const CAPTION_CUES = /(现场|图为|摄影|摄$|合影|认真听取|正在|开展.{0,8}活动|调研|走访|留影)/;

/**
 * Parses one newsletter of typical cases: title, optional subtitle (——…), 编者按 and its note,
 * then sections that each start with a unit heading line and a headline line.
 */
export function parseArticle(input: ParseInput): Article {
  const lines = toLines(stripMarkdown(input.text));
  const articleId = articleIdOf(input.sourceFile);
  const article: Article = {
    id: articleId,
    title: "",
    subtitle: "",
    editorNote: "",
    sourceFile: input.sourceFile,
    captions: [],
    cases: [],
    publishedAt: input.publishedAt ?? new Date(0).toISOString(),
  };

  const firstUnit = lines.findIndex((l) => isUnitHeading(l.text));
  const front = firstUnit === -1 ? lines : lines.slice(0, firstUnit);
  parseFrontMatter(front, article);

  if (firstUnit === -1) return article;
  const sections: Line[][] = [];
  for (let i = firstUnit; i < lines.length; i++) {
    const line = lines[i]!;
    if (isUnitHeading(line.text)) sections.push([line]);
    else sections[sections.length - 1]!.push(line);
  }

  const pendingCaptions: string[] = [...article.captions];
  article.captions = [];
  sections.forEach((section, order) => {
    const [unitLine, headlineLine, ...rest] = section;
    const unit = unitLine!.text.trim();
    const body: string[] = [];
    const captions: string[] = [];
    rest.forEach((l, i) => (isCaption(l, i === rest.length - 1) ? captions : body).push(l.text));
    const c = buildCase(articleId, order, unit, headlineLine?.text.trim() ?? "", body);
    article.cases.push(c);
    // A caption belongs to the section it names; otherwise to the section it follows.
    for (const cap of captions) attachCaption(cap, c, article);
  });
  dropSharedThemes(article.cases);
  for (const cap of pendingCaptions) {
    const named = article.cases.find((c) => mentionsPlace(cap, c));
    if (named) named.captions.push(cap);
    else article.captions.push(cap);
  }
  return article;
}

/**
 * A quoted phrase that most sections of one article repeat (the campaign they all implement,
 * such as “三会三文”) is the article's theme, not a unit's own practice.
 */
function dropSharedThemes(cases: Case[]): void {
  if (cases.length < 3) return;
  const count = new Map<string, number>();
  for (const c of cases) for (const p of c.practices) count.set(p, (count.get(p) ?? 0) + 1);
  for (const c of cases) c.practices = c.practices.filter((p) => (count.get(p) ?? 0) <= cases.length / 2);
}

function attachCaption(caption: string, current: Case, article: Article): void {
  const named = article.cases.find((c) => c !== current && mentionsPlace(caption, c));
  (named ?? current).captions.push(caption);
}

function mentionsPlace(text: string, c: Case): boolean {
  const base = c.place.replace(/(苗族)?自治县$|[市县区镇乡]$|街道$/, "");
  return base.length >= 2 && text.includes(base.slice(0, Math.min(base.length, 4)));
}

function parseFrontMatter(front: Line[], article: Article): void {
  const rest = [...front];
  const title = rest.shift();
  article.title = title?.text.trim() ?? "";
  if (rest[0] && /^[—–-]{1,2}/.test(rest[0].text.trim())) article.subtitle = rest.shift()!.text.trim().replace(/^[—–-]+/, "");
  const noteAt = rest.findIndex((l) => /^编者按[：:]?$/.test(l.text.trim()) || /^编者按[：:]/.test(l.text.trim()));
  const noteLines: string[] = [];
  rest.forEach((l, i) => {
    if (noteAt !== -1 && i === noteAt) {
      const inline = l.text.trim().replace(/^编者按[：:]?/, "").trim();
      if (inline) noteLines.push(inline);
      return;
    }
    if (i > noteAt && noteAt !== -1 && (noteLines.length === 0 || l.gapBefore < 2)) noteLines.push(l.text.trim());
    else article.captions.push(l.text.trim());
  });
  article.editorNote = noteLines.join("\n");
}

function buildCase(articleId: string, order: number, unit: string, headline: string, bodyLines: string[]): Case {
  const paragraphs = flagTruncation(bodyLines);
  const leadAt = paragraphs.findIndex((p) => !p.truncatedStart);
  const lead = leadAt === 0 ? paragraphs.shift()!.text : "";
  const fullText = [lead, ...paragraphs.map((p) => p.text)].join("\n");
  const place = placeOf(unit);
  return {
    id: caseId(articleId, unit),
    articleId,
    order,
    unit,
    place,
    level: levelOf(unit),
    headline,
    lead,
    paragraphs,
    practices: extractPractices(fullText),
    figures: extractFigures(fullText),
    captions: [],
  };
}

/**
 * The sources lose text between paragraphs. A paragraph that does not end a sentence is cut at
 * the end; the one after such a paragraph, or one that opens with a fragment (a digit, a
 * conjunction, closing punctuation), starts mid-sentence.
 */
function flagTruncation(lines: string[]): Paragraph[] {
  return lines.map((text, i) => {
    const prev = lines[i - 1];
    const t = text.trim();
    return {
      text: t,
      truncatedEnd: !TERMINAL.test(t),
      truncatedStart: (prev !== undefined && !TERMINAL.test(prev.trim())) || startsMidSentence(t),
    };
  });
}

function startsMidSentence(t: string): boolean {
  if (/^[\d０-９]/.test(t)) return true;
  if (/^[，。；、：）》”」,;:)]/.test(t)) return true;
  if (/^[和与及并而或且的了着过之其]/.test(t)) return true;
  // A first clause of one or two characters ("站10个。") is the tail of a cut sentence.
  const first = /^[^，。；：、]{1,2}[\d０-９]/.exec(t);
  return first !== null;
}

/** Named measures are quoted: “千名代表访万人”, “学一联一提一督一述”. */
export function extractPractices(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(/“([^“”\n]{2,24})”/g)) {
    const p = m[1]!.trim();
    if (/[。；]/.test(p)) continue;
    // Two-character quotes are abbreviations (“法检”), and a phrase ending in a locative
    // (“刀刃上”) is a figure of speech, not the name of a measure.
    if (Array.from(p).length < 3 || /[上下中里内外]$/.test(p)) continue;
    seen.add(p);
  }
  return [...seen];
}

function toLines(text: string): Line[] {
  const out: Line[] = [];
  let gap = 0;
  for (const raw of text.replace(/\r\n?/g, "\n").replace(/^\uFEFF/, "").split("\n")) {
    const t = raw.replace(/[\u200b\u3000]/g, " ").trim();
    if (!t) {
      gap++;
      continue;
    }
    out.push({ text: t, gapBefore: gap });
    gap = 0;
  }
  return out;
}

/**
 * Photo captions sit between sections, set off by extra blank lines: one short sentence.
 * Without the extra space, a short last line that reads like a caption still counts.
 */
function isCaption(line: Line, isLast: boolean): boolean {
  const t = line.text;
  const oneSentence = t.length <= 80 && /[。]$/.test(t) && (t.match(/。/g)?.length ?? 0) === 1 && !/[；]/.test(t);
  if (!oneSentence) return false;
  return line.gapBefore >= 2 || (isLast && CAPTION_CUES.test(t) && t.length <= 50);
}

/** Markdown sources: headings and emphasis markers carry no meaning here. */
function stripMarkdown(text: string): string {
  return text
    .replace(/^#{1,6}\s+/gm, "")
    .replace(/^>\s?/gm, "")
    .replace(/\*\*([^*]+)\*\*/g, "$1")
    .replace(/^[-*_]{3,}\s*$/gm, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1");
}

export function articleIdOf(sourceFile: string): string {
  const base = sourceFile.split(/[\\/]/).pop()!.replace(/\.(txt|md)$/i, "");
  return base.replace(/[^\w-]/g, "_").slice(0, 48) || "article";
}

/** Short, stable and safe in callback data and deep links ([A-Za-z0-9_-]). */
export function caseId(articleId: string, unit: string): string {
  return createHash("sha1").update(`${articleId}\n${unit}`).digest("hex").slice(0, 8);
}
