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

/** Every user-visible text of chat uploads and the editors' commands (tests assert them). */
export const UPLOAD_TEXT = {
  notEditor: "抱歉，只有编辑可以向案例库添加新闻稿。如需收录，请把文件交给编辑。",
  notEditorCommand: "抱歉，只有编辑可以查看和管理收录的新闻稿。",
  documentsPrivateOnly: "新闻稿列表请在与我的私聊中查看：群里的其他成员不需要看到案例库的全部文件和隔离原因。",
  sendPrivately: "请在与我的私聊（单聊）中发送文件；群聊里的文件不会收录。",
  unavailable: "当前无法在聊天中收录新闻稿，请联系维护人员用命令行收录。",
  downloadFailed: "文件下载失败，请稍后重新发送。",
  storeFailed: "保存文件时出错，未能收录。请联系维护人员检查服务器的数据目录。",
  undoLabel: "撤销",
  removeLabel: "删除这篇",
  refused: (name: string, why: string) => `无法收录“${name}”：${why}`,
  ready: "现在就可以提问了。",
  noUnits: "没有识别出单位；全文仍可检索，按文章和小标题引用。",
  addHint: "添加：在私聊中把文件（.docx .pdf .html .txt .md，20 MB 以内）发给我。",
  addHintCli: "添加：在服务器上运行 npm run -s cli -- ingest <文件、目录或网址>。",
  unitsFound: (n: number) => `识别出 ${n} 个单位（方括号里是段落编号）：`,
  unattributed: (n: number) => `另有 ${n} 段未归属单位，仍可检索：`,
  corrections: (n: number) => `更正（${n} 条）：`,
  stale: (why: string) => `⚠ 已失效：${why}`,
  correctHint: (word: string, id: string) =>
    `识别有误可以更正，例如：${word} ${id} 移动 <段落编号> <单位>；${word} ${id} 改名 <单位> <新名称>。发送“${word}”查看全部写法。`,
  untitled: "（无标题）",
  title: (title: string) => `《${title}》`,
  dated: (day: string) => `${day}（文中日期）`,
  undated: "文中未写日期（排在有日期的新闻稿之后）",
  sameFile: "这份文件已收录，内容没有变化",
  sameAs: (file: string) => `内容与已收录的 ${file} 相同`,
  notAgain: (title: string, same: string) => `${title}${same}，未重复收录。`,
  unitsIn: (units: readonly string[]) => `其中的单位：${units.join("、")}。`,
  added: (title: string) => `已收录${title}`,
  replaced: (title: string) => `已替换${title}（旧版本已保存）`,
  fileAndDate: (file: string, date: string) => `文件：${file} · 日期：${date}`,
  warnings: "提示：",
  removed: (title: string, file: string) => `已从案例库删除${title}（${file}）。原文件已移入数据目录的 removed 文件夹，可以恢复。`,
  caseCount: (n: number) => `${n} 个案例`,
  quarantined: (why: string | undefined) => `已隔离：${why ?? "无法读取"}（文件已移到数据目录的 quarantine 文件夹）`,
  notIncluded: (why: string | undefined) => `未收录：${why ?? "无法读取"}`,
  libraryHeading: (documents: number, cases: number) => `案例库共 ${documents} 篇新闻稿，${cases} 个案例`,
  documentsHint: (remove: string, correct: string) => `删除一篇：${remove} <编号>。查看或更正识别结果：${correct} <编号>。`,
} as const;

export const FEEDBACK_TEXT = {
  thanks: (label: string) => `感谢反馈：${label}`,
  changed: (label: string) => `已改为：${label}`,
  same: (label: string) => `已记录：${label}`,
  expired: "这条回答的反馈已过期，感谢关注。",
  disabled: "反馈功能未开启。",
  followUp: "哪里没帮上忙？选一项，编辑会据此补充案例：",
} as const;

/** Every user-visible text of 更正 in chat that the CLI does not share (tests assert them). */
export const CORRECT_TEXT = {
  privately: "更正请在与我的私聊（单聊）中进行。",
  usageHead: "查看和更正我对一篇新闻稿的理解（哪段文字属于哪个单位）：",
  seeUsage: (word: string) => `发送“${word}”查看全部写法。`,
  title: (title: string) => `《${title || "（无标题）"}》的识别结果`,
  file: (file: string, id: string) => `文件：${file} · 编号：${id}`,
} as const;

/** What a button press answers when it cannot be honoured (unknown command, forgotten question). */
export const STALE_BUTTON = "按钮已过期，请重新提问。";

/** The one welcome (interaction/welcome.ts): a group hears how to address the bot, a private chat that it can just ask. */
export const WELCOME_TEXT = {
  group: {
    heading: "大家好，我是案例通",
    intro: "我收录了各地人大的典型案例。在群里 @我 提问，或回复我的消息，我就会找出做法相近的单位。",
    examplesHead: "例如：\n",
    practice: (at: string, practice: string) => `${at}${practice}是怎么做的？`,
    noPractice: (at: string) => `${at}代表联络站怎么建？`,
    place: (at: string, place: string) => `${at}${place}有什么经验？`,
    noPlace: (at: string) => `${at}怎么激发代表履职活力？`,
    help: (help: string) => `输入 ${help} 查看全部命令。`,
  },
  private: {
    intro: (cases: number) => `您好！我是案例通，收录了 ${cases} 个人大工作典型案例。直接提问即可，例如：`,
    practice: (practice: string) => `“${practice}”是怎么做的？`,
    place: (place: string) => `${place}在激发代表活力方面有哪些做法？`,
    help: (help: string) => `发送“${help}”查看全部命令。`,
    helpAndSubscribe: (help: string, subscribe: string) => `发送“${help}”查看全部命令，发送“${subscribe}”每周收到一个案例。`,
  },
} as const;

/** WeCom's 推送群 command (platforms/wecom/webhook/command.ts): registering group robots from a chat. */
export const WEBHOOK_USAGE = [
  "用法：",
  "推送群 添加 <名称> <webhook地址> — 登记一个群机器人，每周把案例推送到那个群",
  "推送群 列表 — 查看已登记的群机器人",
  "推送群 删除 <名称> — 停止推送并删除",
].join("\n");

export const WEBHOOK_TEXT = {
  notAdmin: "只有管理员可以管理推送群。",
  groupOnly: "推送群只能由群管理员在群聊中管理，或在服务器上用命令行：npm run -s cli -- wecom-webhook add <名称> <地址>。",
  disabled: "本机器人没有启用群机器人推送。",
  missingName: "请先写名称，再写 webhook 地址，例如：推送群 添加 推送群1 https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  empty: "还没有登记推送群。发送“推送群 添加 <名称> <webhook地址>”登记一个。",
  noDigest: "（每周推送服务未启用，暂不会推送。）",
  change: { created: "已登记", updated: "已更新", reactivated: "已重新启用", unchanged: "已登记（无变化）" },
  registered: (change: string, name: string, url: string) => `${change}推送群“${name}”：${url}`,
  schedule: (label: string) => `每周推送时间：${label}。`,
  removed: (name: string) => `已删除推送群“${name}”，不再向它推送。`,
  noSuch: (name: string) => `没有名为“${name}”的推送群。`,
  listHead: (n: number) => `已登记 ${n} 个推送群：`,
  active: "正常",
  inactive: (why: string | undefined) => `已停用${why ? `：${why}` : ""}`,
  entry: (name: string, url: string, state: string) => `· ${name}：${url}（${state}）`,
  nameTaken: (name: string) => `名称“${name}”已被其他群使用，请换一个名称。`,
  badName: "名称只能包含中文、字母、数字、- 或 _，最长 32 个字符，例如：推送群1。",
  urlHelp: (example: string) => `地址应形如 ${example}（在群聊“消息推送/群机器人”设置中复制）。`,
  notUrl: "这不是有效的网址。",
  notWebhook: "只接受企业微信群机器人的 webhook 地址。",
  noKey: "webhook 地址缺少有效的 key 参数。",
  badForm: "webhook 地址格式不对。",
  command: { description: "管理员：登记企业微信群机器人，每周向该群推送案例", usage: "添加 <名称> <地址> | 列表 | 删除 <名称>" },
  cli: { usage: "wecom-webhook add <名称> <地址> | list | remove <名称>", summary: "登记/查看/删除企业微信群机器人（每周推送）" },
} as const;

/** What the console chat prints when it opens. */
export const CONSOLE_BANNER = [
  "案例通 · 控制台对话（未配置任何平台令牌）",
  "直接输入问题，例如：怎么激发代表履职活力？  输入“帮助”查看命令，Ctrl+D 退出。",
  "连接 Telegram：设置 BOT_TOKEN；连接企业微信：设置 WECOM_BOT_ID 和 WECOM_BOT_SECRET（见 README 和 .env.example）。",
].join("\n");

/** How the console chat names its one chat, its user and its prompt. */
export const CONSOLE_TEXT = { chatTitle: "控制台", userName: "你", prompt: "你> " } as const;

/** The WeCom AI bot's answer to a message it cannot read (an image, a voice note). */
export const UNSUPPORTED_TEXT = "我目前只能读懂文字消息，请直接用文字提问，或发送“帮助”查看用法。";

/** Platform wording of shared cards: Telegram's inline results, WeCom's button cards. */
export const CARD_TEXT = {
  /** The product's name, a card's title when the reply has no heading. */
  product: "案例通",
  viewInBot: "在案例通中查看全文 ›",
  fullText: "查看全文",
  shareToGroup: "分享给其他群",
  pressToContinue: "点击按钮继续查看",
} as const;

/** Each chat command's line in /help and the command menu: description, group note, argument hint. */
export const COMMAND_TEXT = {
  ask: { description: "提问或按关键词搜索典型案例", usage: "<问题或关键词>" },
  case: { description: "查看某个单位的完整案例", usage: "<编号或单位名>" },
  correct: { description: "（编辑）查看和更正一篇新闻稿的单位识别：改名、合并、移动段落、撤销", usage: "<文章编号> [改名|合并|移动|撤销 …]" },
  digest: { description: "预览下一次会收到的每周案例" },
  documents: { description: "（编辑）列出收录的新闻稿、日期和案例数" },
  help: { description: "查看使用说明和全部命令" },
  random: { description: "随机看一个典型案例" },
  remove: { description: "（编辑）从案例库删除一篇新闻稿", usage: "<文章编号或文件名>" },
  start: { description: "开始使用" },
  stats: { description: "提问统计与每周统计订阅（仅编辑）", usage: "[天数] | 订阅 | 退订" },
  subscribe: { description: "订阅每周案例推送", groupNote: "群里仅管理员", usage: "[周一 09:00 | cron 表达式]" },
  subscription: { description: "查看推送时间和下次推送" },
  units: { description: "列出收录的全部单位和案例编号" },
  unsubscribe: { description: "退订每周案例推送", groupNote: "群里仅管理员" },
} as const;

/** What the library's own commands say: 案例, 帮助, 随机, 订阅状态, 单位. */
export const LIBRARY_TEXT = {
  caseUsage: (place: string) => `请在命令后写上案例编号或单位名，例如：案例 ${place}。输入“单位”可查看全部单位。`,
  caseNotFound: (q: string) => `没有找到“${q}”对应的案例。输入“单位”查看全部单位及编号。`,
  helpHeading: "案例通 · 使用说明",
  helpAsk: (example: string | undefined) => "直接提问即可，例如：怎么激发代表履职活力？" + (example ? `；或输入关键词：${example}` : ""),
  helpGroup: (bareWords: boolean) => `在群里请先 @我 再提问，或使用${bareWords ? "下面的命令词" : "命令"}。`,
  helpCommands: "命令：",
  /** Between the ways a command can be typed (统计 或 /stats). */
  or: " 或 ",
  empty: "案例库还是空的。",
  randomTitle: "🎲 随机案例",
  subscribed: "每周案例推送：已订阅",
  unitsCount: (units: number, cases: number) => (cases > units ? `${units} 个单位的 ${cases} 个典型案例` : `${units} 个单位的典型案例`),
  unitsHeading: (count: string) => `已收录 ${count}`,
  unitCases: (level: string, n: number) => `（${level}）：${n} 个案例`,
  fullTextHint: "查看全文：案例 <编号或单位名>",
} as const;

/** The statistics pages of /stats (stats/render.ts) and the editors' Monday digest (stats/editor-digest.ts). */
export const STATS_REPORT_TEXT = {
  reasons: { "off-topic": "答非所问", outdated: "信息过时", other: "其他" },
  pages: { overview: "概览", questions: "问得最多的问题", unanswered: "没有找到答案的问题", cases: "展示最多的案例", feedback: "答案反馈" },
  heading: (days: number, page: string, n: number, of: number) => `📊 提问统计（近 ${days} 天）· ${page} ${n}/${of}`,
  next: (page: string) => `下一页：${page}`,
  asked: (total: number) => `提问 ${total} 次`,
  found: (answered: number, answeredShare: string, noMatch: number, noMatchShare: string) =>
    `：找到答案 ${answered}（${answeredShare}），没有找到 ${noMatch}（${noMatchShare}）`,
  feedback: "反馈：",
  perDay: "每天提问数：",
  perWeek: "每周（自周一起）提问数：",
  bucket: (start: string, questions: number, answered: number) => `${start}：${questions}${questions ? `（找到 ${answered}）` : ""}`,
  times: (n: number) => `${n} 次 `,
  noAnswer: " · 无答案",
  noQuestions: "这段时间没有人提问。",
  fillIn: "下一期简报可以补上这些：",
  allAnswered: "这段时间的问题都找到了答案。",
  shown: (n: number) => `展示 ${n} 次`,
  noneShown: "这段时间没有展示过案例。",
  total: "总计：",
  noFeedback: "这段时间没有收到 👍/👎 反馈。",
  removedCase: "（已移除的案例）",
  digestHeading: (range: string) => `📊 上周提问统计（${range}）`,
  mostShown: (unit: string, n: number) => `展示最多：${unit}（${n} 次）`,
  topUnanswered: "问得最多、还没有答案的问题：",
  lastWeekAnswered: "上周的问题都找到了答案。",
  digestFooter: "发送 /stats 查看详情，“/stats 退订”停止每周统计。",
} as const;

/** The weekly push's schedule (digest/schedule.ts): how a time is read back, and why one is refused. */
export const SCHEDULE_TEXT = {
  help: "可以写“周一 09:00”“每周五 17:30”“星期五 17:30”，或 5 段 cron 表达式（分 时 日 月 周），例如“30 17 * * 5”。",
  unknownZone: (zone: string) => `无法识别时区“${zone}”，请写成 Asia/Shanghai 这样的时区名。`,
  badTime: (text: string) => `时间“${text}”不对：小时应在 0–23，分钟应在 0–59。`,
  notUnderstood: (text: string) => `没看懂“${text}”。`,
  badCron: (cron: string, why: string) => `cron 表达式“${cron}”无效（${why}）。`,
  tooOften: (cron: string) => `“${cron}”推送太频繁了：两次推送之间至少要隔一天。`,
  /** Sunday first, as Date.getDay() counts. */
  weekdays: ["日", "一", "二", "三", "四", "五", "六"],
  weekly: (day: string, time: string) => `每周${day} ${time}`,
  time: (year: number, month: number, day: number, weekday: string, time: string) => `${year}年${month}月${day}日（周${weekday}）${time}`,
  /** The weekly card's title and its full-text button. */
  cardTitle: "📌 本周案例",
  cardFullText: "全文",
} as const;
