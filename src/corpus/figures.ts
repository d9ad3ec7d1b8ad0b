import type { Figure } from "./types.ts";
import { splitSentences } from "./sentences.ts";

const UNITS = [
  "元/人/年", "元/站/年", "元/年", "余人次", "人次", "万余人", "余名", "余件", "余条", "余个", "余场",
  "万元", "亿元", "元", "个", "名", "条", "场次", "场", "次", "件", "栋", "户", "项", "家", "人", "所", "处", "村", "站", "%",
];
const unitAlt = UNITS.map((u) => u.replace(/[/%]/g, (c) => `\\${c}`)).join("|");
const FIGURE_RE = new RegExp(`(\\d+(?:\\.\\d+)?)(万|亿|千)?(${unitAlt})`, "g");
/** Where a clause ends. Quotes and title marks do not end one: “急难愁盼”问题236条 is one clause. */
const CLAUSE_END = /[，。；：、！？,;:（）()]/;

/** Finds numbers with their measure words and the clause that says what they count, sentence by sentence. */
export function extractFigures(text: string): Figure[] {
  const out: Figure[] = [];
  for (const sentence of splitSentences(text)) {
    for (const m of sentence.matchAll(FIGURE_RE)) {
      const [whole, num = "", scale = "", unit = ""] = m;
      const at = m.index ?? 0;
      // Skip years and dates such as 2025年 — they are not "figures" of practice.
      if (/^年/.test(sentence.slice(at + num.length))) continue;
      const after = clause(sentence.slice(at + whole.length));
      const before = clauseBack(sentence.slice(0, at));
      out.push({ value: whole, number: Number(num), unit: scale + unit, phrase: balancedQuotes(before + whole + after), sentence: sentence.trim() });
    }
  }
  return out;
}

/** Where the figures of a text stand: [start, end) string offsets. */
export const figureRanges = (text: string): Array<[number, number]> => [...text.matchAll(FIGURE_RE)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);

/** A phrase without its figures: what is left to say what they count. */
export const withoutFigures = (phrase: string): string => phrase.replace(FIGURE_RE, "");

/** A clause cut inside a quotation (“不会干、不善干”问题5个) keeps no half of a quote pair. */
function balancedQuotes(phrase: string): string {
  const open = (phrase.match(/[“「『《]/g) ?? []).length;
  const close = (phrase.match(/[”」』》]/g) ?? []).length;
  return open === close ? phrase : phrase.replace(/[“”「」『』《》]/g, "");
}

function clause(s: string): string {
  const end = s.search(CLAUSE_END);
  return (end === -1 ? s : s.slice(0, end)).trim();
}

function clauseBack(s: string): string {
  let i = s.length;
  while (i > 0 && !CLAUSE_END.test(s[i - 1] ?? "")) i--;
  return s.slice(i).trim();
}
