import { formatTime } from "../digest/schedule.ts";

/** What /stats says (user-visible text in one place; tests assert it exactly). */
export const STATS_TEXT = {
  notEditor: "抱歉，提问统计只对编辑开放。如需查看，请联系管理员把你加入编辑名单。",
  privateOnly: "提问统计包含大家的提问，请在与机器人的私聊中查看。",
  disabled: "提问统计未开启（管理员设置了 STATS=off）。",
  digestDisabled: "每周推送未启用，暂时无法订阅每周统计。",
  usage: (word: string) => `用法：${word} [天数]，例如“${word} 30”；“${word} 订阅”每周一早上收到上周统计，“${word} 退订”取消。`,
  subscribed: (next: Date, timezone: string) => `已订阅每周统计：每周一早上收到上周的提问数和最常问却没有答案的问题。下次：${formatTime(next, timezone)}。`,
  alreadySubscribed: (next: Date, timezone: string) => `已经订阅了每周统计。下次：${formatTime(next, timezone)}。`,
  unsubscribed: "已退订每周统计。",
  notSubscribed: "还没有订阅每周统计。",
} as const;

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
