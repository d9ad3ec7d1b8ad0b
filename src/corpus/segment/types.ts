import type { UnitMention } from "../units.ts";

/** Types shared by the steps of segmentation (a leaf: it imports no step). */

/** The layout rules that can attribute text to a unit (reported by `cli ingest`). */
export type RuleName =
  | "unit-line"
  | "bracket"
  | "dash-unit"
  | "unit-colon"
  | "colon-paragraph"
  | "field"
  | "trailer"
  | "kicker"
  | "title-unit"
  | "subject"
  | "single-unit"
  | "context"
  | "listed"
  | "signature";

/** One run of text about one unit (or about none that could be determined) under one topic. */
export interface Section {
  unit?: UnitMention;
  rule?: RuleName;
  /** The section's own headline; "" when the layout gives none. */
  headline: string;
  /** Headings above the section, outermost first (numbering removed). */
  topics: string[];
  paragraphs: string[];
  captions: string[];
}
