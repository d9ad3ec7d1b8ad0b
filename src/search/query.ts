import {
  ASKED_MEASURE, DATE_QUESTION, GENERIC_WEIGHT, GENERIC_WORDS, GENRE_WORDS, GLOSSARY, LIST_QUESTION, LISTING_WORDS, MODAL_WORDS, MONEY_QUESTION,
  NUMBER_QUESTION, QUESTION_WORDS, STOP_CHARS,
} from "./lexicon.ts";
import { normalFormOf, type NormalQuestion } from "./normalize.ts";
import { bigrams, runsOf } from "./tokenize.ts";

/** Beyond this many characters a question is a paste; the rest adds noise, not meaning. */
const MAX_QUERY_CHARS = 200;
/** At most this many Han characters take part in passage alignment. */
const MAX_ALIGN_CHARS = 96;
export const NUMBER_WEIGHT = 2;
/** At most this many terms go to MiniSearch, rarest first. */
const MAX_TERMS = 12;
/**
 * In a large corpus the cost of a search is the length of the postings it reads, and a term
 * found in most cases costs the most while deciding the least. From this many cases on, terms
 * are taken rarest first until their postings (document frequencies) add up to this multiple of
 * the corpus size; the passage alignment then re-ranks the candidates with the whole question.
 * Small corpora are searched exhaustively.
 */
export const PRUNE_FROM_CASES = 200;
export const POSTINGS_BUDGET = 0.25;
/**
 * Beyond this many cases the budget stops growing with the library: a question that names a
 * place and a practice is decided by its rarest terms, and reading the postings of terms found
 * in tens of thousands of cases would make every question slower as the library grows.
 */
const BUDGET_CASES_CAP = 20_000;

/** How many postings a question may read in a library of this many cases. */
export function postingsBudget(caseCount: number): number {
  return POSTINGS_BUDGET * Math.min(caseCount, BUDGET_CASES_CAP);
}

/** A contiguous run of Han characters of the question, with how much each character matters. */
export interface Segment {
  text: string;
  chars: string[];
  weights: number[];
  /**
   * The segment is in a clause that does not ask (烧钧瓷出名的那个镇 in "烧钧瓷出名的那个镇，代表站占地多大"):
   * it says which case is meant, and the answer inside that case is about the clause that asks.
   */
  aside?: true;
}

/** Where a question's clauses end: punctuation, and the spaces people type between parts. */
const CLAUSE_BREAK = /[，,。？?！!；;：:\s]+/;

/** The clause holds a question word (哪个, 多少, 怎么 …): it says what is asked. */
function asksHere(clause: string): boolean {
  return ASKS_RE.test(clause) || NUMBER_QUESTION.test(clause);
}

export interface SearchTerm {
  term: string;
  boost: number;
  /** Cases containing the term. */
  df: number;
}

export interface QueryPlan {
  query: string;
  /** Simplified, half-width, glossary applied, question words removed. */
  normalized: string;
  segments: Segment[];
  numbers: string[];
  /** What goes to MiniSearch (bigrams, numbers, words), with per-term boosts. */
  terms: SearchTerm[];
  /** Single characters, looked up in the index's character table. */
  chars: SearchTerm[];
  /** The question asks for a quantity (多少, 几 …). */
  wantsNumber: boolean;
  /** …and for a sum of money (多少钱, 花了多少, 投入多少): the answer should state one in 元. */
  wantsMoney: boolean;
  /** …counted in this measure (几个 → 个, 多少人次 → 人次), or "". */
  askedMeasure: string;
  /** The question asks for a day or a date (几月几号, 哪天, 什么时候). */
  wantsDate: boolean;
  /** The question asks for a list (哪些方面, 哪几种): the sentence that enumerates answers it. */
  wantsList: boolean;
  /** Sum of segment weights and number weights: what full coverage would be. */
  totalWeight: number;
  /** The Han-text part of totalWeight (numbers excluded). */
  hanWeight: number;
  /** The question uses the genre's own words (人大, 代表, 常委会 … see GENERIC_WORDS). */
  domainWords: boolean;
  /** The kind of place the question asks for (哪个乡, 那个街道, 县一级): its suffix, or "". */
  askedPlace: string;
  /**
   * The question names no topic: only question words, the genre's words and words that ask for
   * examples (好做法, 经验). Asked about a place, it lists the place's cases.
   */
  listing: boolean;
}

/** 哪个乡, 那个街道, 是哪个县, 乡一级, 乡级: the question asks about a kind of place. */
const ASKED_PLACE = /(?:哪个|那个|哪一个|是哪|这个)(街道|乡|镇|县|区|市)(?![\u4e00-\u9fff])|(街道|乡|镇|县|区)(?:一)?级/;
const QUESTION_RE = new RegExp(QUESTION_WORDS.map(escape).join("|"), "g");
/** The same words, for a test (a global RegExp's test() would carry its position over). */
const ASKS_RE = new RegExp(QUESTION_RE.source);
const GLOSSARY_RE = new RegExp(`\\b(?:${[...GLOSSARY].sort((a, b) => b[0].length - a[0].length).map(([en]) => escape(en)).join("|")})\\b`, "g");
const GLOSSARY_MAP = new Map(GLOSSARY);
const LISTING_RE = new RegExp([...LISTING_WORDS].sort((a, b) => b.length - a.length).map(escape).join("|"), "g");

/**
 * Turns a chat question into search terms. `df` tells how many cases contain a term, so that
 * terms the corpus has never seen are not sent, and single characters are only searched where
 * no bigram of the question exists in the corpus (a typo or an unusual word).
 */
export function analyzeQuery(query: string | NormalQuestion, df: (term: string) => number, caseCount = 0): QueryPlan {
  const base = normalFormOf(query).slice(0, MAX_QUERY_CHARS);
  const wantsNumber = NUMBER_QUESTION.test(base);
  const translated = withGlossary(base);
  // 村一级, 乡一级 are how people say 村级, 乡级 (the level of government): the written form.
  const written = translated.replace(/([村乡镇县区市省])一级/g, "$1级");
  const normalized = written.replace(QUESTION_RE, " ").replace(/\s+/g, " ").trim();

  const segments: Segment[] = [];
  const numbers: string[] = [];
  const latin: string[] = [];
  let alignBudget = MAX_ALIGN_CHARS;
  let asksAboutSomething = false;
  const aside: Segment[] = [];
  for (const clause of written.split(CLAUSE_BREAK)) {
    const asks = asksHere(clause);
    for (const run of runsOf(clause.replace(QUESTION_RE, " "))) {
      if (run.kind === "number") numbers.push(run.text);
      else if (run.kind === "latin") latin.push(run.text);
      else if (alignBudget > 0) {
        const chars = Array.from(run.text).slice(0, alignBudget);
        alignBudget -= chars.length;
        const seg: Segment = { text: chars.join(""), chars, weights: charWeights(chars) };
        segments.push(seg);
        if (!asks) aside.push(seg);
        else if (seg.weights.includes(1)) asksAboutSomething = true;
      }
    }
  }
  // Only a clause that asks about something (城步 联络站 多少个 asks with no words of its own) makes the others asides.
  if (asksAboutSomething) for (const seg of aside) seg.aside = true;

  const boosts = new Map<string, number>();
  const add = (term: string, boost: number) => boosts.set(term, Math.max(boosts.get(term) ?? 0, boost));
  for (const seg of segments) {
    const covered = new Array<boolean>(seg.chars.length).fill(false);
    if (seg.chars.length === 1) {
      if (!STOP_CHARS.has(seg.text) && df(seg.text) > 0) add(seg.text, 0.5);
      continue;
    }
    const grams = bigrams(seg.text);
    for (let i = 0; i < grams.length; i++) {
      const bg = grams[i]!;
      if (STOP_CHARS.has(bg[0]!) && STOP_CHARS.has(bg[1]!)) continue;
      if (df(bg) === 0) continue;
      add(bg, 1);
      covered[i] = covered[i + 1] = true;
    }
    for (let i = 0; i < seg.chars.length; i++) {
      const ch = seg.chars[i]!;
      if (!covered[i] && seg.weights[i]! > 0 && df(ch) > 0) add(ch, 0.3);
    }
  }
  for (const n of numbers) add(n, 1.5);
  for (const w of latin) if (w.length >= 2) add(w, 1);

  let segmentWeight = 0;
  for (const seg of segments) segmentWeight += sumOf(seg.weights);
  const totalWeight = segmentWeight + numbers.length * NUMBER_WEIGHT;
  const words: Array<[string, number]> = [];
  const singles: Array<[string, number]> = [];
  for (const entry of boosts) (isSingleHan(entry[0]) ? singles : words).push(entry);
  return {
    query: typeof query === "string" ? query : query.asked,
    normalized,
    segments,
    numbers,
    terms: selectTerms(words, df, caseCount, 1),
    // Characters are a fallback: in a large corpus a common one is dropped outright.
    chars: selectTerms(singles, df, caseCount, 0),
    wantsNumber,
    wantsMoney: MONEY_QUESTION.test(base),
    askedMeasure: ASKED_MEASURE.exec(base)?.[1] ?? "",
    wantsDate: DATE_QUESTION.test(base),
    wantsList: LIST_QUESTION.test(base),
    totalWeight,
    hanWeight: segmentWeight,
    domainWords: GENRE_WORDS.some((w) => normalized.includes(w)),
    askedPlace: ASKED_PLACE.exec(base)?.slice(1).find(Boolean) ?? "",
    listing: numbers.length === 0 && latin.length === 0 && !segments.some(namesTopic),
  };
}

/** Some character of the segment outside LISTING_WORDS carries full weight: the question names a topic. */
function namesTopic(seg: Segment): boolean {
  const chars = Array.from(seg.text.replace(LISTING_RE, (w) => " ".repeat(w.length)));
  const weights = charWeights(chars);
  return chars.some((ch, i) => ch !== " " && weights[i] === 1);
}

/** English words of the domain in a normalised question, as their Chinese terms (liaison station → 联络站, Hunan → 湖南). */
export function withGlossary(normalized: string): string {
  return /[a-z]/.test(normalized) ? normalized.replace(GLOSSARY_RE, (en) => ` ${GLOSSARY_MAP.get(en) ?? en} `) : normalized;
}

function isSingleHan(term: string): boolean {
  return term.length === 1 && /\p{Script=Han}/u.test(term);
}

function selectTerms(boosts: Array<[string, number]>, df: (term: string) => number, caseCount: number, minKeep: number): SearchTerm[] {
  let terms: SearchTerm[] = [];
  for (const [term, boost] of boosts) terms.push({ term, boost, df: df(term) });
  // A term in every case (人大, 代表 here) cannot tell cases apart; the passage alignment still
  // sees it. It is searched only when nothing else is left.
  const telling: SearchTerm[] = [];
  for (const t of terms) if (t.df < caseCount) telling.push(t);
  if (telling.length > 0) terms = telling;
  if (caseCount < PRUNE_FROM_CASES && terms.length <= MAX_TERMS) return terms;
  terms.sort((a, b) => a.df - b.df || b.boost - a.boost);
  const kept: typeof terms = [];
  let postings = 0;
  for (const t of terms) {
    if (kept.length >= MAX_TERMS) break;
    if (caseCount >= PRUNE_FROM_CASES && kept.length >= minKeep && postings + t.df > postingsBudget(caseCount)) break;
    kept.push(t);
    postings += t.df;
  }
  return kept;
}

const LIGHT_WORDS: readonly string[] = [...GENERIC_WORDS, ...MODAL_WORDS];

/** Stop characters weigh nothing; characters of generic domain words and modal verbs weigh little. */
function charWeights(chars: string[]): number[] {
  // Stored as doubles from the start (filled with a fraction, then overwritten), whether or not
  // a generic word lowers a weight: V8 keeps whole numbers and fractions in differently shaped
  // arrays, and code optimised for one shape is thrown away when the other arrives.
  const weights = new Array<number>(chars.length).fill(GENERIC_WEIGHT);
  for (let i = 0; i < chars.length; i++) weights[i] = STOP_CHARS.has(chars[i]!) ? 0 : 1;
  const text = chars.join("");
  for (const word of LIGHT_WORDS) {
    for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
      for (let i = at; i < at + word.length; i++) weights[i] = Math.min(weights[i]!, GENERIC_WEIGHT);
    }
  }
  return weights;
}

/** Left to right, like reduce((a, b) => a + b, 0), so sums are bit-for-bit the same everywhere. */
export function sumOf(xs: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
