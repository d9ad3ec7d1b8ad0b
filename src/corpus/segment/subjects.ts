import { splitSentences } from "../figures.ts";
import { placeSuffix, unitKeyOf, type UnitMention } from "../units.ts";
import type { UnitResolver } from "./resolver.ts";

/** A sentence and the unit it is about, when its subject names one. */
export interface SubjectSentence {
  text: string;
  /** The unit the sentence's subject names; undefined when it names none. */
  unit?: UnitMention;
  /** The subject refers back to the unit already being described (该县, 主席团, 县人大常委会). */
  self: boolean;
}

/** An opening clause before the subject: 今年以来， 6月下旬， 同时， 在去年开展执法检查的基础上， */
const LEAD_IN = /^[^，。；：“”]{1,30}[，,]\s*/;
const AREA_NOT_BODY = /^(?:各|的|全[省市县区镇乡]|所辖|境内|辖区|共有)/;
const SELF = /^(?:该|全|我|本)(?:县|市|区|镇|乡|街道|旗|州|省)|^(?:镇|乡|县|区|市|街道)?(?:人大)?(?:主席团|常委会|工委)(?!组成)/;

/**
 * Topic-first digests name units only as sentence subjects ("鹤溪镇人大主席团则把…",
 * "该县还要求…", "山东制定…"). A unit counts as the subject when its name opens the sentence,
 * or follows a short opening clause; anywhere else it is an object (被市人大常委会采纳) and
 * attributes nothing. `bareOk` says whether a place named without a body (浙江, 苇川县) may be a
 * subject: only when the document treats such places as units.
 */
export function sentenceSubjects(text: string, r: UnitResolver, bareOk: (m: UnitMention) => boolean): SubjectSentence[] {
  return splitSentences(text).map((s) => subjectOf(s, r, bareOk));
}

function subjectOf(sentence: string, r: UnitResolver, bareOk: (m: UnitMention) => boolean): SubjectSentence {
  const text = sentence;
  const t = sentence.trim();
  const lead = LEAD_IN.exec(t);
  for (const from of lead ? [0, lead[0].length] : [0]) {
    const clause = t.slice(from);
    const m = r.mentions(clause)[0];
    if (m && m.start === 0) return m.place.length ? { text, unit: m, self: false } : { text, self: true };
    if (SELF.test(clause)) return { text, self: true };
    const place = placeAtStart(clause, r);
    // 某县各级人大, 某县的…, 某省全省…: the area, not its 人大.
    if (place && bareOk(place) && !AREA_NOT_BODY.test(clause.slice(place.text.length))) return { text, unit: place, self: false };
  }
  return { text, self: false };
}

/** A place name opening the clause: 苇川县还把…, 浙江推行…, 四川省… */
function placeAtStart(clause: string, r: UnitResolver): UnitMention | undefined {
  for (let len = Math.min(10, clause.length - 1); len >= 2; len--) {
    const head = clause.slice(0, len);
    if (!placeSuffix(head) && !r.gazetteer.byShortName(head).length) continue;
    const m = r.asPlace(head);
    if (m) return m;
  }
  return undefined;
}

/** Distinct units among subjects, by key. */
export function subjectKeys(sentences: readonly SubjectSentence[]): Set<string> {
  return new Set(sentences.flatMap((s) => (s.unit ? [unitKeyOf(s.unit)] : [])));
}
