import { CORRECTION_TEXT as T } from "../../messages/corrections.ts";
import type { Correction } from "./types.ts";

/** The article's own text, with how many passages it had when the editor gave it a unit. */
const own = (passages: readonly unknown[] | undefined) => (passages ? T.noUnitCounted(passages.length) : T.noUnit);

/** One correction in a sentence: 把“A”改名为“B”, 把段落“今年以来…”移到“B”. */
export function describeCorrection(c: Correction): string {
  switch (c.op) {
    case "rename":
      return c.unit ? T.renamed(c.unit.name, c.to) : T.ownGiven(own(c.passages), c.to);
    case "merge":
      if (!c.into) return c.unit ? T.notAUnit(c.unit.name) : T.ownUnchanged(own(c.passages));
      return c.unit ? T.merged(c.unit.name, c.into.name) : T.ownGiven(own(c.passages), c.into.name);
    case "move":
      return c.to ? T.moved(c.passage.text, c.to.name) : T.movedOut(c.passage.text);
  }
}
