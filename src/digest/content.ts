import type { Reply } from "../reply/types.ts";
import type { OutboxRecord, SubscriptionRecord } from "../store/types.ts";

/**
 * What a push other than the weekly case carries (the editors' weekly statistics). A subscription
 * with `content` set goes through the same outbox as the case push — planned, written pending,
 * sent, marked — so it is sent exactly once per period too; only what it carries comes from here.
 * A subscription whose content this process does not know is left for one that does.
 */
export interface PushContent {
  /** The id the outbox entry keeps for this period (in `caseId`), or undefined when nothing is owed. */
  pick(sub: SubscriptionRecord, period: string): string | undefined;
  /** The message for a pending entry, rendered when it is sent (a resumed entry renders the same). */
  render(entry: OutboxRecord): Reply | undefined;
}

export type PushContents = Readonly<Record<string, PushContent>>;
