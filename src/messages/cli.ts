/**
 * What the command line says to an operator in Chinese: each command's usage and summary (cli
 * --help), ingest's lines, the progress line. Part of the message catalog (catalog.ts); a leaf
 * like it. English diagnostics on stderr (for logs) stay with the code.
 */

/** Each CLI command's usage line and summary in `cli --help`. */
export const CLI_COMMANDS = {
  ask: { usage: "ask [--json] [问题…]   (无问题时逐行读取标准输入)", summary: "回答问题；--json 输出 {query, hits, reply}" },
  case: { usage: "case [--json] <编号或单位名>", summary: "打印一个案例的全文；单位有多个案例时列出全部（新的在前）" },
  correct: { usage: "correct <文章> [查看|改名|合并|移动|撤销 …]", summary: "查看和更正一篇新闻稿的单位识别：单位改名、合并，段落移到另一单位，撤销（--help 看写法）" },
  digest: { usage: "digest send | plan [--json]", summary: "每周推送：立即执行本期推送（幂等）/ 查看推送计划" },
  ingest: { usage: "ingest [--dry-run] [文件、目录或网址…]", summary: "收录新闻稿（.txt .md .docx .pdf .html 或网址）并更新案例库，报告识别出的单位；--dry-run 只报告不写入" },
  remove: { usage: "remove <文章编号或文件名…>", summary: "从案例库删除新闻稿（原文件移到 DATA_DIR/removed/）" },
  stats: { usage: "stats [--days N] [--json]", summary: "提问统计：每天/每周提问数、找到答案的比例、热门与无答案问题、案例展示与反馈" },
  units: { usage: "units [--json]", summary: "列出全部单位及其案例：编号、单位、级别、标题、文章、日期" },
} as const;

export const CLI_TEXT = {
  noCase: (key: string) => `没有找到“${key}”对应的案例。运行 units 查看全部编号。`,
  emptyLibrary: "(案例库为空)",
  dryRunSummary: (summary: string) => `（试运行，未写入）${summary}`,
  indexUpdated: (added: number, removed: number, took: string) => `检索索引已更新：新增 ${added} 篇、移除 ${removed} 篇，用时 ${took}`,
  unsupported: (path: string) => `跳过 ${path}：不是支持的格式`,
  nothingIn: (path: string) => `${path} 里没有可收录的文件（.txt .md .docx .pdf .html .htm）`,
  notFound: "找不到这个文件或目录，请检查路径。",
  noPermission: "没有读取权限。",
  unreadable: "无法读取这个文件。",
  notADocument: "不是可收录的文件",
  cannotTake: (what: string, why: string) => `无法收录 ${what}：${why}`,
  taken: (file: string) => `收录 ${file}`,
} as const;

/** The ingest progress line and durations (cli/progress.ts). */
export const PROGRESS_TEXT = {
  documents: "篇",
  running: (count: number, total: number, noun: string, rate: string) => `收录 ${count}/${total} ${noun} · 每秒 ${rate} ${noun}`,
  eta: (left: string) => ` · 预计还需 ${left}`,
  done: (count: number, total: number, noun: string, took: string, rate: string) => `处理 ${count}/${total} ${noun}，用时 ${took}（每秒 ${rate} ${noun}）`,
  /** 3 分 12 秒, 45 秒, 1 小时 5 分. */
  seconds: (s: number) => `${s} 秒`,
  minutes: (m: number, s: number) => `${m} 分 ${s} 秒`,
  hours: (h: number, m: number) => `${h} 小时 ${m} 分`,
} as const;
