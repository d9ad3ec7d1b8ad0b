import type { Case, Paragraph } from "../src/corpus/types.ts";
import { prng } from "./util.ts";

/**
 * Deterministic synthetic corpora for scale tests, built from the vocabulary of the real cases:
 * their clauses (lightly mutated so postings do not just repeat), their characters for place
 * names and coined practice names, and realistic figures.
 */
export function syntheticCases(real: readonly Case[], count: number, seed: number): Case[] {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const text = real.flatMap((c) => [c.headline, c.lead, ...c.paragraphs.map((p) => p.text)]).join("\n");
  const clauses = [...new Set(text.split(/[，。；：、\n“”《》（）()]/).map((s) => s.trim()).filter((s) => Array.from(s).length >= 4))];
  const chars = [...new Set(Array.from(text).filter((ch) => /\p{Script=Han}/u.test(ch)))];
  const suffixes = [
    ["县", "人大常委会", "county"],
    ["市", "人大常委会", "county"],
    ["区", "人大常委会", "county"],
    ["镇", "人大主席团", "township"],
    ["街道", "人大工委", "street"],
  ] as const;
  const measures = ["个", "名", "条", "次", "场次", "万元", "件", "户"];

  const mutate = (s: string): string => {
    const cs = Array.from(s);
    const edits = Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) cs[Math.floor(rand() * cs.length)] = pick(chars);
    return cs.join("");
  };
  const coin = (n: number) => Array.from({ length: n }, () => pick(chars)).join("");
  const sentence = (practice: string) => {
    const parts = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => mutate(pick(clauses)));
    if (rand() < 0.4) parts.push(`${mutate(pick(clauses))}${1 + Math.floor(rand() * 500)}${pick(measures)}`);
    if (rand() < 0.3) parts.splice(1, 0, `落实“${practice}”制度`);
    return parts.join("，") + "。";
  };

  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const [suffix, body, level] = pick(suffixes);
    const place = coin(2) + suffix;
    const unit = place + body;
    const practices = [coin(4), coin(3) + coin(2)];
    const paragraphs: Paragraph[] = Array.from({ length: 2 + Math.floor(rand() * 2) }, () => ({
      text: Array.from({ length: 3 }, () => sentence(pick(practices))).join(""),
      section: 0,
      truncatedStart: false,
      truncatedEnd: false,
    }));
    out.push({
      id: `s${i.toString(36).padStart(7, "0")}`,
      articleId: `synthetic-${Math.floor(i / 6)}`,
      order: i % 6,
      unit,
      unitKey: place,
      place,
      level,
      headline: `${mutate(pick(clauses))}，${mutate(pick(clauses))}`,
      lead: `今年以来，${unit}${sentence(practices[0]!)}`,
      paragraphs,
      practices,
      figures: [],
      captions: rand() < 0.2 ? [`${place}${mutate(pick(clauses))}活动现场。`] : [],
      sections: [{ headline: "", topics: [], rule: "unit-line" }],
    });
  }
  return out;
}

/** Fragments people would type: a few characters from a random case's text. */
export function sampleQueries(cases: readonly Case[], count: number, seed: number): string[] {
  const rand = prng(seed);
  const out: string[] = [];
  while (out.length < count) {
    const c = cases[Math.floor(rand() * cases.length)]!;
    const p = c.paragraphs[Math.floor(rand() * c.paragraphs.length)]?.text ?? c.lead;
    const len = 3 + Math.floor(rand() * 6);
    const at = Math.floor(rand() * Math.max(1, p.length - len));
    const q = p.slice(at, at + len).replace(/[，。“”]/g, "");
    if (q.length >= 2) out.push(rand() < 0.3 ? `${q}怎么做的？` : q);
  }
  return out;
}
