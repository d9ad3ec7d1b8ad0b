/**
 * The message catalog: the sentences a user reads, in Simplified Chinese, in one place. Code
 * builds replies from these entries instead of literals of its own, so wording is reviewed here
 * and a future traditional-Chinese or English UI is another catalog of the same shape. What
 * depends on the platform (a command's word, a formatted time) is passed in as data; a
 * parameterised entry is a function of it. Domain lexicons (the words the corpus readers and
 * the search recognise) are not UI text and stay beside the code that reads them.
 *
 * A leaf: it imports nothing, so every layer may use it.
 */

/** What every platform tells a user when handling their message failed unexpectedly. */
export const SOMETHING_WENT_WRONG = "抱歉，处理消息时出了点问题，请稍后再试。";

/** A CasebotError's chat text when its thrower gave none. */
export const GENERIC_FAILURE = "出了点问题，请稍后再试。";

/** What a user hears when their change could not be saved: it was undone, so nothing pretends otherwise. */
export const STATE_WRITE_FAILED = "保存失败：服务器暂时无法写入数据，刚才的更改没有生效，请稍后再试或联系管理员。";

/** What a user hears once per window when they ask faster than the limit, on every platform. */
export const RATE_LIMITED = "您的提问有点太快了，请稍等一分钟再试。";

/** The weekly push's commands (订阅, 退订, 订阅状态, 本周案例). */
export const DIGEST_TEXT = {
  disabled: "本机器人没有启用每周案例推送。",
  notAdmin: "只有群管理员可以订阅或退订本群的每周案例推送。",
  notSubscribed: (subscribe: string) =>
    `这里还没有订阅每周案例推送。发送“${subscribe}”即可订阅（默认每周一 09:00），也可以写时间，例如“${subscribe} 周五 17:30”。`,
  unsubscribed: (subscribe: string) => `已退订每周案例推送。想恢复时发送“${subscribe}”。`,
  empty: "案例库还是空的，暂时没有可推送的案例。",
  change: { created: "已订阅每周案例推送", updated: "已更新每周案例推送", reactivated: "已重新订阅每周案例推送", unchanged: "这里已经订阅了每周案例推送" },
  /** After subscribing: how to preview and how to leave. */
  afterSubscribe: (preview: string, unsubscribe: string) => `发送“${preview}”先看看会收到什么，发送“${unsubscribe}”可取消。`,
  schedule: (label: string, timezone: string) => `推送时间：${label}（${timezone}）`,
  nextRun: (time: string) => `下次推送：${time}`,
  nextCase: (title: string) => `下次案例：${title}`,
  lastRun: (time: string, title?: string) => `上次推送：${time}${title ? ` · ${title}` : ""}`,
  cycle: (sent: number, total: number) => `本轮已推送：${sent}/${total} 个案例`,
} as const;

/** What /stats (统计) says. */
export const STATS_TEXT = {
  notEditor: "抱歉，提问统计只对编辑开放。如需查看，请联系管理员把你加入编辑名单。",
  privateOnly: "提问统计包含大家的提问，请在与机器人的私聊中查看。",
  disabled: "提问统计未开启（管理员设置了 STATS=off）。",
  digestDisabled: "每周推送未启用，暂时无法订阅每周统计。",
  usage: (word: string) => `用法：${word} [天数]，例如“${word} 30”；“${word} 订阅”每周一早上收到上周统计，“${word} 退订”取消。`,
  /** `next`: the next run, formatted in the schedule's zone (digest/schedule.ts formatTime). */
  subscribed: (next: string) => `已订阅每周统计：每周一早上收到上周的提问数和最常问却没有答案的问题。下次：${next}。`,
  alreadySubscribed: (next: string) => `已经订阅了每周统计。下次：${next}。`,
  unsubscribed: "已退订每周统计。",
  notSubscribed: "还没有订阅每周统计。",
} as const;

/** A WeCom group robot's last failure, as chat shows it (platforms/wecom/webhook/error-text.ts maps the stored code). */
export const WEBHOOK_ERROR_TEXT = {
  byCode: {
    93000: "webhook 地址无效或机器人已被删除",
    40008: "消息格式不被接受",
    40058: "消息内容过长",
    44004: "消息内容为空",
    45009: "发送过于频繁，稍后重试",
  } as Readonly<Record<number, string>>,
  otherCode: (code: string) => `企业微信拒绝了推送（错误码 ${code}）`,
  addressRefused: "地址不是企业微信的群机器人地址，已拒绝发送",
  redirectRefused: "对方要求跳转到其他地址，已拒绝",
  network: "无法连接企业微信",
  http: (status: string) => `企业微信服务器返回错误（HTTP ${status}）`,
  other: "推送失败",
} as const;
