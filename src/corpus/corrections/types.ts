/**
 * What an editor's corrections to one document are, as stored beside it in
 * `<file>.corrections.json` (design note: CORRECTIONS.md). Plain types only: the scanner and the
 * reports import this without loading zod; the schema that checks a file is in sidecar.ts.
 */

/** The sidecar of `docs/第5期.docx` is `docs/第5期.docx.corrections.json`. */
export const SIDECAR_SUFFIX = ".corrections.json";

export const sidecarOf = (sourceFile: string): string => sourceFile + SIDECAR_SUFFIX;

export const isSidecar = (name: string): boolean => name.endsWith(SIDECAR_SUFFIX);

/** More than any editor makes by hand for one document; a file beyond it was not written by us. */
export const MAX_CORRECTIONS = 500;

/**
 * A unit as the correction was made against: its identity key (units.ts unitKeyOf) and its name
 * as shown. Matched by key first, then by name, so a parser that spells the unit differently or
 * keys it differently still finds it.
 */
export interface UnitRef {
  key: string;
  name: string;
}

/**
 * A passage by its text, never by its number or case: `hash` of the whole text (normalised:
 * NFKC, no whitespace) and the normalised `start`, which still finds it when a parser upgrade
 * joins a wrapped line to it or cuts its tail. `text` is its first words, for reports.
 */
export interface PassageRef {
  hash: string;
  start: string;
  text: string;
}

interface Made {
  /** When it was made (ISO 8601). */
  at: string;
  /** Who made it: `cli`, or `<platform>:<user id>`. */
  by?: string;
}

/**
 * `unit: null` is the article's own text (the passages no unit was found for); `passages` are
 * those passages as the editor saw them, so a parser that later attributes some of them itself
 * still gives the editor's unit exactly those, and no passage the editor never saw.
 */
export type Correction =
  | ({ op: "rename"; unit: UnitRef | null; to: string; passages?: PassageRef[] } & Made)
  /** `into: null`: what was taken for a unit is none (a generic phrase); its passages become the article's own text. */
  | ({ op: "merge"; unit: UnitRef | null; into: UnitRef | null; passages?: PassageRef[] } & Made)
  /** `to: null` takes the passage out of any unit (it becomes the article's own text). */
  | ({ op: "move"; passage: PassageRef; to: UnitRef | null } & Made);

export interface CorrectionsFile {
  version: 1;
  corrections: Correction[];
}

/** How one correction fared on the document as parsed now; `text` describes it in Chinese. */
export interface CorrectionOutcome {
  /** 1-based, in the order made: what `undo N` names. */
  n: number;
  text: string;
  /** Why it no longer applies (Chinese), e.g. the unit or passage is not in the document any more. */
  stale?: string;
}
