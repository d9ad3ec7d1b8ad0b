import type { Case, CaseLibrary, Figure } from "../corpus/types.ts";
import { bold, heading, list, para, quote, reply, span } from "../reply/build.ts";
import { renderPlain } from "../reply/plain.ts";
import type { Block, Button, Reply, Span } from "../reply/types.ts";
import { caseButtons, caseTitle, keyFigures, shorten, sourceLine } from "./cards.ts";
import type { AskResult, Hit } from "./types.ts";
import { ANSWER_TEXT } from "../messages/answers.ts";

/** An answer must fit a chat screen; the whole case is one button away. */
export const MAX_ANSWER_CHARS = 1000;
const FOLLOW_UPS = 3;

interface Budget {
  lead: number;
  passage: number;
  figures: number;
  followUps: number;
}

/** Shrinking steps, tried in order until the rendered text fits MAX_ANSWER_CHARS. */
const BUDGETS: Budget[] = [
  { lead: 90, passage: 260, figures: 3, followUps: FOLLOW_UPS },
  { lead: 60, passage: 180, figures: 2, followUps: FOLLOW_UPS },
  { lead: 0, passage: 140, figures: 2, followUps: 2 },
  { lead: 0, passage: 100, figures: 1, followUps: 1 },
];

/** The reply to a question: the best case with the sentence that answers, or "没有找到" with hints. */
export function renderAnswer(result: AskResult, library: CaseLibrary): Reply {
  const [top, ...rest] = result.hits;
  if (!top) return withPlaceNotice(result, renderNoMatch(result.query, library));
  let out: Reply | undefined;
  for (const budget of BUDGETS) {
    out = withPlaceNotice(result, buildAnswer(result, top, rest, library, budget));
    if (renderPlain(out).length <= MAX_ANSWER_CHARS) return out;
  }
  return out!;
}

/**
 * The question names a place the library has no case from: say so first, and label what
 * follows as other places' practice, so it is never taken for that place's.
 */
function withPlaceNotice(result: AskResult, r: Reply): Reply {
  const place = result.place;
  if (!place || (place.covered && !place.topicMissing)) return r;
  const notice = place.covered
    ? para(ANSWER_TEXT.placeOffTopic(place.name, shorten(place.asked ?? "", 20)), r.kind === "answer" ? ANSWER_TEXT.placeCasesFollow(place.name) : "")
    : para(ANSWER_TEXT.placeNotCollected(place.name), r.kind === "answer" ? ANSWER_TEXT.elsewhereFollows : "");
  return { ...r, blocks: [notice, ...r.blocks] };
}

function buildAnswer(result: AskResult, top: Hit, rest: Hit[], library: CaseLibrary, b: Budget): Reply {
  const c = top.case;
  const blocks: Block[] = [heading(shorten(caseTitle(c, top.passage.paragraph), 80))];
  const passageIsLead = top.passage.paragraph === -1 && c.lead.startsWith(top.passage.text.slice(0, 20));
  if (b.lead > 0 && c.lead && !passageIsLead) blocks.push(para(shorten(c.lead, b.lead)));
  if (top.passage.text) blocks.push(quote(...markTerms(passageText(top, b.passage), top.passage.terms)));
  const figures = pickFigures(c, top, b.figures);
  if (figures.length) blocks.push(para(bold(ANSWER_TEXT.keyFigures), figures.join("；")));
  blocks.push(para(shorten(sourceLine(c, library.article(c.articleId)), 120)));
  // Follow-ups name other units; an article's own text (an editor's note) is not one.
  const others = rest.filter((h) => h.case.unit).slice(0, b.followUps);
  if (others.length) {
    blocks.push(para(bold(ANSWER_TEXT.otherUnits)));
    blocks.push(list(others.map((h) => [span(shorten(caseTitle(h.case, h.passage.paragraph), 60)), span(" "), span(h.case.id, "code")])));
  }
  const buttons: Button[][] = [caseButtons(c, result.query)];
  if (result.total > result.hits.length) buttons.push([{ label: ANSWER_TEXT.moreButton, action: { type: "more", query: result.query, page: 1 } }]);
  return reply("answer", blocks, { caseId: c.id, buttons });
}

/** The passage, marked as cut where the source lost text around it. */
function passageText(hit: Hit, max: number): string {
  const p = hit.case.paragraphs[hit.passage.paragraph];
  const text = shorten(hit.passage.text, max);
  const cutBefore = p?.truncatedStart === true && p.text.startsWith(hit.passage.text.slice(0, 10));
  const cutAfter = p?.truncatedEnd === true && p.text.endsWith(hit.passage.text.slice(-10)) && text === hit.passage.text;
  return (cutBefore ? "……" : "") + text + (cutAfter ? "……" : "");
}

/** Splits text into plain and "mark" spans at every occurrence of the matched terms. */
export function markTerms(text: string, terms: readonly string[]): Span[] {
  const marked = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    if (!term) continue;
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) {
      for (let i = at; i < at + term.length; i++) marked[i] = true;
    }
  }
  const spans: Span[] = [];
  for (let i = 0; i < text.length; ) {
    let j = i;
    while (j < text.length && marked[j] === marked[i]) j++;
    spans.push(marked[i] ? span(text.slice(i, j), "mark") : span(text.slice(i, j)));
    i = j;
  }
  return spans;
}

/** Figures from the answering passage first, then the case's others; each clause once. */
function pickFigures(c: Case, hit: Hit, max: number): string[] {
  const inPassage = (f: Figure) => hit.passage.text.includes(f.value);
  return keyFigures([...c.figures.filter(inPassage), ...c.figures.filter((f) => !inPassage(f))], max);
}

/** Nothing cleared the confidence floor: say so, and show what can be asked instead. */
function renderNoMatch(query: string, library: CaseLibrary): Reply {
  const shown = shorten(query.replace(/\s+/g, " ").trim(), 20);
  const places = library.units.map((u) => u.place);
  const unitList = places.length > 10 ? ANSWER_TEXT.manyUnits(places.slice(0, 10).join("、"), places.length) : places.join("、");
  const blocks: Block[] = [para(ANSWER_TEXT.noMatch(shown))];
  const keywords = exampleKeywords(library, 6);
  if (keywords.length) blocks.push(para(ANSWER_TEXT.tryKeywords, keywords.join("、")));
  if (unitList) blocks.push(para(ANSWER_TEXT.collected, unitList, ANSWER_TEXT.seeUnits));
  return reply("nomatch", blocks);
}

/** One named practice from each of several cases, so the examples cover different units. */
function exampleKeywords(library: CaseLibrary, n: number): string[] {
  const out: string[] = [];
  for (let round = 0; out.length < n && round < 3; round++) {
    for (const c of library.cases) {
      const p = c.practices[round];
      if (p && out.length < n && !out.includes(p)) out.push(p);
    }
  }
  return out;
}

export function renderEmptyQuestion(library: CaseLibrary): Reply {
  const examples = exampleKeywords(library, 3);
  return reply("info", [
    para(ANSWER_TEXT.emptyQuestion),
    ...(examples.length ? [para(ANSWER_TEXT.practiceNames, examples.join("、"))] : []),
  ]);
}
