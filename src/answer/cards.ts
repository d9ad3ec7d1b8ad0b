import { dayOf, shownDay } from "../corpus/dates.ts";
import { figureRanges, withoutFigures } from "../corpus/figures.ts";
import type { Article, Case, CaseLibrary, Figure } from "../corpus/types.ts";
import { bold, heading, list, para, quote, reply, span } from "../reply/build.ts";
import type { Block, Button, Reply } from "../reply/types.ts";
import { ANSWER_TEXT, CASE_TEXT } from "../messages/answers.ts";

const LEAD_PREVIEW = 120;

/**
 * unit · headline; a unit named under several topics shows the topic of the passage at hand
 * (`paragraph`); the article's own text is titled by its article and section.
 */
export function caseTitle(c: Case, paragraph?: number): string {
  const section = paragraph !== undefined && paragraph >= 0 ? c.sections[c.paragraphs[paragraph]?.section ?? -1] : undefined;
  const heading = section?.headline || section?.topics[section.topics.length - 1] || "";
  if (!c.unit) {
    // A document with no title and no unit (a pasted page that opens with its text) still gets a
    // heading that reads as one, never an empty 《》.
    const parts = [c.headline ? `《${c.headline}》` : "", heading !== c.headline ? heading : ""].filter(Boolean);
    return parts.join(" · ") || CASE_TEXT.untitled;
  }
  const headline = heading || c.headline;
  return headline ? `${c.unit} · ${headline}` : c.unit;
}

/** The newsletter a case comes from: title, subtitle, file and (when the document dates itself) its date. */
export function sourceLine(c: Case, article: Article | undefined): string {
  if (!article) return CASE_TEXT.sourceId(c.articleId);
  const day = article.publishedAt ? dayOf(article.publishedAt) : "";
  if (!article.title) return CASE_TEXT.sourceFile(article.sourceFile, day);
  return CASE_TEXT.sourceTitled(article.title, article.subtitle ? article.subtitle : "", article.sourceFile, day);
}

/** Longest key figure shown; a longer clause is cut around its number. */
const FIGURE_CHARS = 30;

/**
 * Key figures as the text writes them ("投入5万元升级仙人井联络站"), one line per clause (both
 * ends of 由400元/人/年增至1000元/人/年 are one line), at most `max`, in the order given. A clause
 * that names nothing besides its numbers — the tail of a sentence the source cut off ("站10个") —
 * tells a reader nothing and is left out.
 */
export function keyFigures(figures: Iterable<Figure>, max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of figures) {
    if (out.length >= max) break;
    if (seen.has(f.phrase)) continue;
    seen.add(f.phrase);
    if ((withoutFigures(f.phrase).match(/\p{Script=Han}/gu) ?? []).length < 2) continue;
    out.push(around(f.phrase, f.value, FIGURE_CHARS));
  }
  return out;
}

/** About `max` characters of `text` around `part`, with … where it was cut; never inside a figure. */
function around(text: string, part: string, max: number): string {
  if (text.length <= max) return text;
  const at = Math.max(0, text.indexOf(part));
  const room = Math.max(0, max - part.length);
  let end = Math.min(text.length, Math.max(0, at - Math.floor(room / 2)) + max);
  let start = Math.max(0, end - max);
  for (const [from, to] of figureRanges(text)) {
    if (from < start && start < to) start = from;
    if (from < end && end < to) end = to;
  }
  return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
}

export function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

function shareButton(c: Case, query = c.id): Button {
  return { label: CASE_TEXT.share, action: { type: "share", caseId: c.id, query } };
}

/** Buttons that make sense under any case: the full text, sharing (the inline query defaults to the id). */
export function caseButtons(c: Case, shareQuery = c.id): Button[] {
  return [{ label: CASE_TEXT.fullText, action: { type: "command", command: "case", args: c.id } }, shareButton(c, shareQuery)];
}

/** The whole case: /case. */
export function renderFullCase(c: Case, article: Article | undefined): Reply {
  const blocks: Block[] = [heading(caseTitle(c))];
  if (c.lead) blocks.push(para(c.lead));
  for (const p of c.paragraphs) {
    blocks.push(para((p.truncatedStart ? "……" : "") + p.text + (p.truncatedEnd ? "……" : "")));
  }
  // Not 主要做法: labelled case blocks write that label into the text itself.
  if (c.practices.length) blocks.push(para(bold(CASE_TEXT.practices), c.practices.map((p) => `“${p}”`).join("、")));
  if (c.captions.length) blocks.push(quote(...c.captions.map((t, i) => span((i ? "\n" : "") + CASE_TEXT.caption(t)))));
  blocks.push(para(sourceLine(c, article), CASE_TEXT.caseId(c.id)));
  return reply("case", blocks, { caseId: c.id, buttons: [[shareButton(c)]] });
}

/** A compact card: inline sharing and the weekly push build on it. */
export function renderCaseCard(c: Case, article: Article | undefined, opts: { title?: string; practices?: number } = {}): Reply {
  const blocks: Block[] = [];
  if (opts.title) blocks.push(heading(opts.title));
  blocks.push(para(bold(c.unit), " · ", c.headline));
  if (c.lead) blocks.push(para(shorten(c.lead, LEAD_PREVIEW)));
  const practices = c.practices.slice(0, opts.practices ?? 3);
  if (practices.length) blocks.push(list(practices.map((p) => `“${p}”`)));
  const figures = keyFigures(c.figures, 3);
  if (figures.length) blocks.push(para(bold(ANSWER_TEXT.keyFigures), figures.join("；")));
  blocks.push(para(sourceLine(c, article)));
  return reply("digest", blocks, { caseId: c.id, buttons: [caseButtons(c)] });
}

const dayOrId = (iso: string | undefined, id: string) => (iso ? dayOf(iso) : id);

/** A unit with cases in several newsletters: each case with its newsletter and date, newest first. */
export function renderUnitCases(cases: readonly Case[], library: CaseLibrary): Reply {
  const items = cases.map((c) => {
    const a = library.article(c.articleId);
    return [span(`${shownDay(a?.publishedAt)} `), span(caseTitle(c)), span(`\n《${a?.title ?? c.articleId}》 `), span(c.id, "code")];
  });
  return reply("info", [heading(CASE_TEXT.unitCases(cases[0]!.unit, cases.length)), list(items), para(CASE_TEXT.unitCasesHint)], {
    buttons: cases.slice(0, 8).map((c) => [
      { label: CASE_TEXT.fullTextOf(dayOrId(library.article(c.articleId)?.publishedAt, c.id)), action: { type: "command", command: "case", args: c.id } },
    ]),
  });
}
