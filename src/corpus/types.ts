/** Administrative level of the reporting unit, derived from its name. */
export type UnitLevel = "county" | "township" | "street";

export interface Paragraph {
  text: string;
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

export interface Case {
  /** Stable across re-ingests: derived from the article source and the unit name. */
  id: string;
  articleId: string;
  /** Position of the section within its article, 0-based. */
  order: number;
  unit: string;
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
  /** Source file modification time, ISO 8601; "newest articles first" orders by it. */
  publishedAt: string;
}

/** Read-only view over the loaded corpus, shared by commands, search and the digest. */
export interface CaseLibrary {
  readonly articles: readonly Article[];
  /** All cases, newest article first, then in article order. */
  readonly cases: readonly Case[];
  byId(id: string): Case | undefined;
  article(id: string): Article | undefined;
  /** Exact id, exact unit, or a unique unit/place substring. */
  find(idOrName: string): Case | undefined;
}
