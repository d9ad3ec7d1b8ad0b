export interface StatsArgs {
  kind: "show" | "subscribe" | "unsubscribe" | "usage";
  days: number;
  page: number;
}

export const DEFAULT_DAYS = 7;
export const MAX_DAYS = 3650;

/** `[天数] [p<页>|第<页>页]`, `订阅`/`subscribe`, `退订`/`unsubscribe`. */
export function parseStatsArgs(args: string): StatsArgs {
  const out: StatsArgs = { kind: "show", days: DEFAULT_DAYS, page: 1 };
  for (const word of args.split(/[\s\u3000]+/).filter(Boolean)) {
    const days = /^(\d{1,4})(?:天|d)?$/i.exec(word);
    const page = /^(?:p|第)(\d{1,2})页?$/i.exec(word);
    if (days) out.days = Math.min(Math.max(1, Number(days[1])), MAX_DAYS);
    else if (page) out.page = Math.max(1, Number(page[1]));
    else if (/^(订阅|subscribe)$/i.test(word)) out.kind = "subscribe";
    else if (/^(退订|取消订阅|unsubscribe)$/i.test(word)) out.kind = "unsubscribe";
    else return { ...out, kind: "usage" };
  }
  return out;
}
