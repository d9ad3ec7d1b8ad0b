import type { Case } from "../corpus/types.ts";
import type { Passage } from "../search/search.ts";

export type { Passage };

export interface Hit {
  case: Case;
  score: number;
  passage: Passage;
}

export interface AskResult {
  query: string;
  /** How many cases cleared the floor in all (hits is one page of them). */
  total: number;
  /** The query after normalisation (simplified, half-width, question words dropped). */
  normalized: string;
  terms: string[];
  /** Best first; empty when nothing clears the confidence floor. */
  hits: Hit[];
  /**
   * The place the question names, if any. `covered: false`: the library has no case from it,
   * and every hit is another place's practice (the reply says so first).
   */
  place?: {
    name: string;
    covered: boolean;
    /**
     * The place is one unit's, and its case does not say what was asked (`asked`): the hits are
     * that unit's cases, shown for what they are (the reply says so first).
     */
    topicMissing?: true;
    asked?: string;
  };
}

export interface AskOptions {
  /** Page size; default 4 (the answer plus up to 3 follow-ups). */
  limit?: number;
  /** Hits to skip, for "其他单位" pages. */
  offset?: number;
}

/** Question answering over the case library; pure and synchronous once built. */
export interface Answerer {
  ask(query: string, opts?: AskOptions): AskResult;
}
