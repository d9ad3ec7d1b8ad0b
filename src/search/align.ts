import type { Segment } from "./query.ts";

/** Skipping characters of the passage inside a match (码上找代表 for 码找代表) costs a little. */
const GAP = 0.25;
/** Leaving a character of the question unmatched costs less: it is simply not covered. */
const SKIP = 0.1;
const MISMATCH = 0.3;

/**
 * How much of a question segment one passage contains, in order and close together: a local
 * alignment (Smith–Waterman) where a matched character earns its weight. A character earns its
 * full weight only when a neighbour matches too — the adjacent character, or the nearest content
 * character of the question (stop characters skipped) within two places of the passage; a lone
 * shared character is half as convincing. This one rule covers typos (连络站 ↔ 联络站), inserted
 * words (扫码…找到代表 ↔ 码上找代表) and loose paraphrase without any list of misspellings.
 */
export function alignSegment(seg: Segment, passage: string, scratch: Float64Array = new Float64Array(passage.length + 1)): number {
  const q = seg.chars;
  const m = q.length;
  const n = passage.length;
  if (m === 0 || n === 0) return 0;
  let quick = false;
  for (const ch of q) if (passage.includes(ch)) {
    quick = true;
    break;
  }
  if (!quick) return 0;
  const prevContent = q.map((_, i) => nearestContent(seg, i, -1));
  const nextContent = q.map((_, i) => nearestContent(seg, i, 1));
  const near = (j: number, qi: number | undefined, dir: number) =>
    qi !== undefined && (passage[j + dir] === q[qi] || passage[j + 2 * dir] === q[qi]);
  const row = scratch.length > n ? scratch : new Float64Array(n + 1);
  row.fill(0, 0, n + 1);
  let best = 0;
  for (let i = 0; i < m; i++) {
    const qi = q[i]!;
    const w = seg.weights[i]!;
    const prevQ = i > 0 ? q[i - 1] : undefined;
    const nextQ = i + 1 < m ? q[i + 1] : undefined;
    let diag = 0; // row[j-1] of the previous query row
    let left = 0; // row[j-1] of this query row
    row[0] = 0;
    for (let j = 1; j <= n; j++) {
      const up = row[j]!; // previous query row, same passage position
      const pc = passage[j - 1];
      let gain: number;
      if (pc === qi) {
        const at = j - 1;
        const paired =
          (prevQ !== undefined && passage[at - 1] === prevQ) ||
          (nextQ !== undefined && passage[at + 1] === nextQ) ||
          near(at, prevContent[i], -1) ||
          near(at, nextContent[i], 1);
        gain = paired ? w : w / 2;
      } else gain = -MISMATCH;
      const cell = Math.max(0, diag + gain, up - SKIP, left - GAP);
      diag = up;
      row[j] = cell;
      left = cell;
      if (cell > best) best = cell;
    }
  }
  return best;
}

/** Index of the closest character in direction `dir` that carries weight, at most 3 places away. */
function nearestContent(seg: Segment, i: number, dir: -1 | 1): number | undefined {
  for (let k = i + dir, steps = 0; k >= 0 && k < seg.chars.length && steps < 3; k += dir, steps++) {
    if (seg.weights[k]! > 0) return k;
  }
  return undefined;
}
