import { caseTitle } from "../answer/cards.ts";
import type { CaseLibrary } from "../corpus/types.ts";
import { formatTime } from "./schedule.ts";
import type { SubscriptionStatus } from "./service-types.ts";

/** Every user-visible text of the push commands, so tests can assert them exactly. */
export const DIGEST_TEXT = {
  disabled: "本机器人没有启用每周案例推送。",
  notAdmin: "只有群管理员可以订阅或退订本群的每周案例推送。",
  notSubscribed: (subscribe: string) => `这里还没有订阅每周案例推送。发送“${subscribe}”即可订阅（默认每周一 09:00），也可以写时间，例如“${subscribe} 周五 17:30”。`,
  unsubscribed: (subscribe: string) => `已退订每周案例推送。想恢复时发送“${subscribe}”。`,
  empty: "案例库还是空的，暂时没有可推送的案例。",
  change: { created: "已订阅每周案例推送", updated: "已更新每周案例推送", reactivated: "已重新订阅每周案例推送", unchanged: "这里已经订阅了每周案例推送" },
} as const;

export function scheduleLine(st: SubscriptionStatus): string {
  return `推送时间：${st.schedule.label}（${st.schedule.timezone}）`;
}

export function statusLines(st: SubscriptionStatus, library: CaseLibrary): string[] {
  const lines = [scheduleLine(st), `下次推送：${formatTime(st.nextRun, st.schedule.timezone)}`];
  const next = st.nextCaseId ? library.byId(st.nextCaseId) : undefined;
  if (next) lines.push(`下次案例：${caseTitle(next)}`);
  const sub = st.subscription;
  const last = sub.lastCaseId ? library.byId(sub.lastCaseId) : undefined;
  if (sub.lastSentAt) lines.push(`上次推送：${formatTime(new Date(sub.lastSentAt), st.schedule.timezone)}${last ? ` · ${caseTitle(last)}` : ""}`);
  lines.push(`本轮已推送：${sub.sentInCycle.length}/${library.cases.length} 个案例`);
  return lines;
}
