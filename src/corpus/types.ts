import type { CorrectionOutcome } from "./corrections/types.ts";

/** Administrative level of the reporting unit, derived from its name and the gazetteer. */
export type UnitLevel = "province" | "city" | "county" | "township" | "street";

export interface Paragraph {
  text: string;
  /** Index into Case.sections: the topic and headline this paragraph stood under. */
  section: number;
  /** The source paragraph starts mid-sentence (text before it was lost in the source). */
  truncatedStart: boolean;
  /** The source paragraph stops mid-sentence. */
  truncatedEnd: boolean;
}

/** A number in the text together with what it counts, e.g. 94 个代表联络站. */
export interface Figure {
  /** The figure as written: "94个", "1000元/人/年", "5万元". */
  value: string;
  /** Numeric value in the written unit (5 for 5万元). */
  number: number;
  /** Measure word / unit: 个, 元/人/年, 万元, 条, 名 … */
  unit: string;
  /** What is counted: a short phrase around the figure, e.g. "代表联络站". */
  what: string;
  /** The whole sentence that holds the figure. */
  sentence: string;
}

/** One run of a case's text in its article: a unit named under three topics has three. */
export interface CaseSection {
  /** The section's own headline; "" when the layout gives none. */
  headline: string;
  /** Headings above it in the article (topics), outermost first. */
  topics: string[];
  /** The layout rule that attributed it (see segment/anchors.ts); "" when no unit was found. */
  rule: string;
}

export interface Case {
  /** Stable across re-ingests: derived from the article source and the unit's key. */
  id: string;
  articleId: string;
  /** Position of the case within its article, 0-based. */
  order: number;
  /**
   * The unit as the article writes it (longest form); "" for the article's own text that no
   * unit could be determined for — still searchable, cited by article and section heading.
   */
  unit: string;
  /** One unit under its short and long forms and across newsletters (see units.ts unitKeyOf). */
  unitKey: string;
  /** 邵东市, 洞口县, 城北路街道 … */
  place: string;
  level: UnitLevel;
  headline: string;
  /** The 今年以来… summary paragraph (may be empty when the source has none). */
  lead: string;
  /** Body paragraphs after the lead. */
  paragraphs: Paragraph[];
  /** Quoted named measures: 千名代表访万人, 学一联一提一督一述 … */
  practices: string[];
  figures: Figure[];
  /** Photo captions that stood next to this section, kept out of the body. */
  captions: string[];
  sections: CaseSection[];
}

/** What parsing understood of a document, for `cli ingest` and the upload report. */
export interface ArticleReport {
  /** Layout and clean-up rules that fired. */
  rules: string[];
  /** Paragraphs no unit could be determined for (still searchable). */
  unattributed: number;
  warnings: string[];
  /** Editors' corrections (corrections/), in the order made, each with what became of it; absent when there are none. */
  corrections?: CorrectionOutcome[];
  /**
   * Fingerprints of the passages in the order the parser listed them, before any correction:
   * passage numbers in reports stay the same whatever corrections move. Absent when there are none.
   */
  passages?: string[];
}

export interface Article {
  /** Stable id from the source file name. */
  id: string;
  title: string;
  subtitle: string;
  editorNote: string;
  /** Path relative to the articles directory. */
  sourceFile: string;
  /** Captions that could not be attached to a section. */
  captions: string[];
  cases: Case[];
  /**
   * The date the document itself carries (a dated line, a signature, a page's publish time), as
   * that day at 00:00Z; undefined when it carries none. An undated document is never dated by its
   * file's time: it sorts after every dated one, so it is never "the newest".
   */
  publishedAt?: string;
  report: ArticleReport;
}

/** Read-only view over the loaded corpus, shared by commands, search and the digest. */
export interface CaseLibrary {
  readonly articles: readonly Article[];
  /** The units' cases, newest article first, then in article order: what lists and pushes offer. */
  readonly cases: readonly Case[];
  /** Every case, including each article's own text that no unit could be determined for (unit ""): what search covers. */
  readonly allCases: readonly Case[];
  byId(id: string): Case | undefined;
  article(id: string): Article | undefined;
  /** Exact id, exact unit, or a unique unit/place substring (a unit's newest case). */
  find(idOrName: string): Case | undefined;
  /** Cases of units (not the articles' own text), grouped by unit, each unit's newest first. */
  readonly units: readonly UnitEntry[];
  /** Every case of the unit a name or id denotes, newest first; [] when none or ambiguous. */
  casesOf(idOrName: string): readonly Case[];
}

export interface UnitEntry {
  key: string;
  /** The unit's name in its newest case. */
  unit: string;
  level: UnitLevel;
  place: string;
  cases: readonly Case[];
}
