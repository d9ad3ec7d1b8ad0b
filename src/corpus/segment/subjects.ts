import { splitSentences } from "../sentences.ts";
import type { Actor, ActorFinder } from "./actors.ts";

/**
 * Who a sentence is about. Chinese puts the actor first: at the start of a clause, after any
 * opening clauses (今年以来， 为推动…， 近日，在某地，), after a quotation whose speaker follows it
 * (“……”某县人大常委会主任说), after 由 / 据 / 如 (由县人大常委会主任带领…, 据…介绍, 如某镇…). An actor
 * anywhere else is an object or a location (被市人大常委会采纳, 在某镇代表联络站): evidence, not
 * the subject.
 *
 * One sentence can speak of several actors in turn: an award list (A“项目”，B“项目”，…) or a
 * packed sentence (A推出的“…”、B实行的“…”、C把…). It is cut into pieces, one per actor, wherever
 * two or more of its segments each open with a different actor and say something of it. Actors
 * listed with nothing between them (A、B、C陆续召开…) share one piece.
 */
export interface Piece {
  text: string;
  /** Opens with 主席团 / 常委会 / 县人大常委会 meaning the unit already being described. */
  self: boolean;
  /** Cut from a sentence that lists several actors in turn (an award list, a packed sentence). */
  listed: boolean;
  /** The actors the piece is about (several when listed together); empty when none opens it. */
  subjects: Actor[];
  /** Every actor in the piece, subjects included. */
  actors: Actor[];
}

/** Words that may stand between a clause start and its actor. */
const PREFIX =
  new RegExp(
    String.raw`^(?:(?:由|据|如|比如|例如|譬如|其中|同时|此外|另外|而|则|还有|特别是|尤其是|评出|确定|命名|表彰|以及|及|和|与|在此基础上|随后|之后|此后)\s*)?(?:(?:今年|去年|前年|近年来|近年|近期|近日|日前|目前|如今|当前|` +
    String.raw`今后|\d{1,4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来)?|\d{1,2}月(?:\d{1,2}日)?(?:上午|下午|晚上|晚)?)\s*)*`,
  );
/** The body already being described, named by its kind alone. */
const SELF = /^(?:镇|乡|县|区|市|街道)?(?:人大)?(?:主席团|常委会|工委)(?!组成)/;
/** Where a clause starts: after a comma or colon, outside quotation marks. */
const CLAUSE_BREAK = /[，,：:]/;
const SEGMENT_BREAK = /[，,、；;：:]/;
const OPEN_QUOTE = /[“「『《]/;
const CLOSE_QUOTE = /[”」』》]/;

export function sentencePieces(paragraph: string, finder: ActorFinder): Piece[][] {
  return splitSentences(paragraph).map((s) => piecesOf(s, finder));
}

function piecesOf(sentence: string, finder: ActorFinder): Piece[] {
  const actors = finder.actors(sentence);
  const segments = boundaries(sentence, SEGMENT_BREAK);
  const leads = segments.map((start, i) => {
    const end = segments[i + 1] ?? sentence.length;
    const a = actorAt(sentence, start, actors);
    // A segment that is only the actor's name (A、B、C陆续…) is listed, not described.
    const content = a ? sentence.slice(a.end, end).replace(/[，,、；;：:\s]+$/, "").length > 0 : false;
    return { start, actor: a, content };
  });
  const described = leads.filter((l) => l.actor && l.content);
  const distinct = new Set(described.map((l) => l.actor!.text));
  if (described.length >= 2 && distinct.size >= 2) {
    return splitAt(sentence, leads, actors);
  }
  const self = SELF.test(sentence.slice(PREFIX.exec(sentence)?.[0].length ?? 0));
  return [{ text: sentence, listed: false, self, subjects: subjectsOf(sentence, actors), actors }];
}

/** Cuts a sentence before each segment that opens with an actor (a run of listed names stays together). */
function splitAt(sentence: string, leads: ReadonlyArray<{ start: number; actor?: Actor; content: boolean }>, actors: readonly Actor[]): Piece[] {
  const cuts: number[] = [];
  let group: number | undefined;
  for (const l of leads) {
    if (!l.actor) {
      group = undefined;
      continue;
    }
    group ??= l.start;
    if (l.content) {
      cuts.push(group);
      group = undefined;
    }
  }
  if (cuts[0] !== 0) cuts.unshift(0);
  return cuts.map((from, i) => {
    const to = cuts[i + 1] ?? sentence.length;
    const text = sentence.slice(from, to);
    const own = actors.filter((a) => a.start >= from && a.end <= to).map((a) => ({ ...a, start: a.start - from, end: a.end - from }));
    return { text, self: false, listed: true, subjects: subjectsOf(text, own), actors: own };
  });
}

/**
 * The actors a piece is about: the first actor that opens a clause, with any actors listed
 * right after it (A、B和C).
 */
export function subjectsOf(text: string, actors: readonly Actor[]): Actor[] {
  for (const start of boundaries(text, CLAUSE_BREAK)) {
    const first = actorAt(text, start, actors);
    if (!first) continue;
    const out = [first];
    for (let last = first; ; ) {
      const gap = /^\s*(?:、|和|与|及|以及)\s*/.exec(text.slice(last.end));
      const next = gap ? (actors.find((a) => a.start === last.end + gap[0].length) ?? listedPlace(text, last, last.end + gap[0].length)) : undefined;
      if (!next) break;
      out.push(next);
      last = next;
    }
    return out;
  }
  return [];
}

/**
 * 玫瑰镇、孔村镇、孝直镇: a name of the same kind listed right after a place is a place too, even
 * one the gazetteer does not know.
 */
function listedPlace(text: string, prev: Actor, at: number): Actor | undefined {
  const suffix = prev.kind === "place" ? prev.unit?.place[prev.unit.place.length - 1]?.suffix : undefined;
  if (!suffix) return undefined;
  const m = new RegExp(`^([\\u4e00-\\u9fff]{2,4}?)${suffix}(?=[、和与及，,；;\\s]|[\\u4e00-\\u9fff]{2})`).exec(text.slice(at));
  if (!m || /[、，]/.test(m[1]!)) return undefined;
  const unit = { text: m[0], start: at, end: at + m[0].length, place: [{ name: m[1]!, suffix }], body: "", committee: "", delimited: true };
  return { kind: "place", start: at, end: unit.end, text: m[0], unit };
}

/** The actor that opens the clause at `start` (after any allowed opening words). */
function actorAt(text: string, start: number, actors: readonly Actor[]): Actor | undefined {
  let at = start;
  while (/\s/.test(text[at] ?? "")) at++;
  // 和平区…, 如东县…: a name may begin with what would otherwise be an opening word.
  const here = actors.find((a) => a.start === at);
  if (here) return here;
  const after = at + (PREFIX.exec(text.slice(at))?.[0].length ?? 0);
  return after > at ? actors.find((a) => a.start === after) : undefined;
}

/** Clause starts: 0, after each break outside quotes, and right after a quotation that opens the text. */
function boundaries(text: string, breaks: RegExp): number[] {
  const out = [0];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (OPEN_QUOTE.test(ch)) depth++;
    else if (CLOSE_QUOTE.test(ch)) {
      depth = Math.max(0, depth - 1);
      // “……”某县人大常委会主任说: the speaker opens what follows the quotation.
      if (depth === 0 && out.length === 1 && OPEN_QUOTE.test(text[0] ?? "")) out.push(i + 1);
    } else if (depth === 0 && breaks.test(ch)) out.push(i + 1);
  }
  return out;
}
