import type { Case, CaseLibrary } from "../corpus/types.ts";

/**
 * The case a chat gets next: the first case, newest article first, that it has not received in
 * the current cycle. Newly ingested dated articles sort to the front, so they go out next;
 * undated ones come after every dated one (library.ts). When every
 * case has been sent the cycle starts over from the newest.
 */
export function nextCase(library: CaseLibrary, sentInCycle: readonly string[]): { case: Case; newCycle: boolean } | undefined {
  const sent = new Set(sentInCycle);
  const fresh = library.cases.find((c) => !sent.has(c.id));
  if (fresh) return { case: fresh, newCycle: false };
  const first = library.cases[0];
  return first ? { case: first, newCycle: true } : undefined;
}
