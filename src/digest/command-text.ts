import { caseTitle } from "../answer/cards.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { DIGEST_TEXT } from "../messages/catalog.ts";
import { formatTime } from "./schedule.ts";
import type { SubscriptionStatus } from "./service-types.ts";

export function scheduleLine(st: SubscriptionStatus): string {
  return DIGEST_TEXT.schedule(st.schedule.label, st.schedule.timezone);
}

export function statusLines(st: SubscriptionStatus, library: CaseLibrary): string[] {
  const lines = [scheduleLine(st), DIGEST_TEXT.nextRun(formatTime(st.nextRun, st.schedule.timezone))];
  const next = st.nextCaseId ? library.byId(st.nextCaseId) : undefined;
  if (next) lines.push(DIGEST_TEXT.nextCase(caseTitle(next)));
  const sub = st.subscription;
  const last = sub.lastCaseId ? library.byId(sub.lastCaseId) : undefined;
  if (sub.lastSentAt) lines.push(DIGEST_TEXT.lastRun(formatTime(new Date(sub.lastSentAt), st.schedule.timezone), last ? caseTitle(last) : undefined));
  lines.push(DIGEST_TEXT.cycle(sub.sentInCycle.length, library.cases.length));
  return lines;
}
