import type { Segment } from "./query.ts";

/** Skipping characters of the passage inside a match (学一联一提 for 学一提) costs a little. */
const GAP = 0.25;
/** Leaving a character of the question unmatched costs less: it is simply not covered. */
const SKIP = 0.1;
const MISMATCH = 0.3;

/** Scores passages against one question segment; built once per question, reused per passage. */
export type Aligner = (passage: string) => number;

/** One DP row shared by every aligner: alignment is synchronous, so only one runs at a time. */
let row = new Float64Array(512);

/**
 * How much of a question segment one passage contains, in order and close together: a local
 * alignment (Smith–Waterman) where a matched character earns its weight. A character earns its
 * full weight only when a neighbour matches too — the adjacent character, or the nearest content
 * character of the question (stop characters skipped) within two places of the passage; a lone
 * shared character is half as convincing. This one rule covers typos (连络站 ↔ 联络站), inserted
 * words (请专家…上法律课 ↔ 邀请法律专家授课) and loose paraphrase without any list of misspellings.
 */
export function makeAligner(seg: Segment): Aligner {
  const m = seg.chars.length;
  // Plain arrays, not typed ones: typed arrays this size live outside the JS heap, and
  // allocating several per question makes V8 collect garbage far more often.
  const q: number[] = [];
  // Doubles from the start, like the segment's weights (query.ts charWeights), so the aligner
  // sees one array shape whether or not the weights include fractions.
  const w = new Array<number>(m).fill(0.5);
  for (let i = 0; i < m; i++) {
    q.push(seg.chars[i]!.charCodeAt(0));
    w[i] = seg.weights[i]!;
  }
  const prevQ: number[] = [];
  const nextQ: number[] = [];
  const prevC: number[] = [];
  const nextC: number[] = [];
  for (let i = 0; i < m; i++) {
    prevQ.push(i > 0 ? q[i - 1]! : -1);
    nextQ.push(i + 1 < m ? q[i + 1]! : -1);
    prevC.push(nearestContent(seg, q, i, -1));
    nextC.push(nearestContent(seg, q, i, 1));
  }
  return (passage) => {
    const n = passage.length;
    if (m === 0 || n === 0) return 0;
    if (row.length <= n) row = new Float64Array(Math.max(n + 1, 2 * row.length));
    else row.fill(0, 0, n + 1);
    let best = 0;
    for (let i = 0; i < m; i++) {
      const qi = q[i]!;
      const wi = w[i]!;
      const pq = prevQ[i]!;
      const nq = nextQ[i]!;
      const pc = prevC[i]!;
      const nc = nextC[i]!;
      let diag = 0; // previous question row, previous passage position
      let left = 0; // this question row, previous passage position
      for (let j = 1; j <= n; j++) {
        const up = row[j]!;
        const at = j - 1;
        let gain = -MISMATCH;
        if (passage.charCodeAt(at) === qi) {
          // Positions outside the passage are tested, not read: V8 throws away (and recompiles)
          // optimised code that reads past a string's end, and queries run slowly meanwhile.
          const before = at > 0 ? passage.charCodeAt(at - 1) : -1;
          const after = at + 1 < n ? passage.charCodeAt(at + 1) : -1;
          const paired =
            (pq >= 0 && before === pq) ||
            (nq >= 0 && after === nq) ||
            (pc >= 0 && (before === pc || (at > 1 && passage.charCodeAt(at - 2) === pc))) ||
            (nc >= 0 && (after === nc || (at + 2 < n && passage.charCodeAt(at + 2) === nc)));
          gain = paired ? wi : wi / 2;
        }
        let cell = diag + gain;
        if (up - SKIP > cell) cell = up - SKIP;
        if (left - GAP > cell) cell = left - GAP;
        if (cell < 0) cell = 0;
        diag = up;
        row[j] = cell;
        left = cell;
        if (cell > best) best = cell;
      }
    }
    return best;
  };
}

/** One-off alignment of a segment against a passage (tests, tools). */
export function alignSegment(seg: Segment, passage: string): number {
  return makeAligner(seg)(passage);
}

/** Code of the closest character in direction `dir` that carries weight, at most 3 places away; -1 if none. */
function nearestContent(seg: Segment, q: number[], i: number, dir: -1 | 1): number {
  for (let k = i + dir, steps = 0; k >= 0 && k < q.length && steps < 3; k += dir, steps++) {
    if (seg.weights[k]! > 0) return q[k]!;
  }
  return -1;
}
