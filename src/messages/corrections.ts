/**
 * What an editor reads about corrections (更正 in chat, `cli correct`): the grammar, its refusals,
 * what was done, and why a stored correction no longer applies. Part of the message catalog
 * (catalog.ts); a leaf like it. The verbs an editor may type stay with the grammar
 * (corpus/corrections/edit.ts): they are input, not output.
 */

/** Every Chinese text about corrections that the CLI and the chat share (tests assert them). */
export const CORRECTION_TEXT = {
  noUnit: "未归属单位的段落",
  unitGone: (name: string) => `文中找不到单位“${name}”`,
  noOwnText: "这篇文章没有未归属单位的段落",
  passageGone: "文中找不到这一段",
  passagesGone: "文中找不到这些段落",
  passageAmbiguous: (count: number, start: string) => `有 ${count} 段与“${start}”相符，无法确定是哪一段`,
  stale: (why: string) => `已失效：${why}`,
  noUnitCounted: (n: number) => `未归属单位的段落（${n} 段）`,
  /** One correction in a sentence (corrections/describe.ts): 把“A”改名为“B”, 把段落“今年以来…”移到“B”. */
  renamed: (unit: string, to: string) => `把“${unit}”改名为“${to}”`,
  ownGiven: (own: string, to: string) => `把${own}归入“${to}”`,
  notAUnit: (unit: string) => `“${unit}”不是单位，其段落改为不归属任何单位`,
  ownUnchanged: (own: string) => `${own}保持不变`,
  merged: (unit: string, into: string) => `把“${unit}”并入“${into}”`,
  moved: (passage: string, to: string) => `把段落“${passage}”移到“${to}”`,
  movedOut: (passage: string) => `把段落“${passage}”移出单位（不归属任何单位）`,
} as const;

/** The correction grammar's usage and refusals (corpus/corrections/edit.ts). */
export const EDIT_TEXT = {
  /** The grammar, with `how` the way this place invokes it (`npm run -s cli -- correct`, `更正`, `/correct`). */
  usage: (how: string) =>
    [
      `${how} <文章编号或文件名>  查看各单位的段落编号和已做的更正`,
      `${how} <文章> 改名 <单位> <新名称>  单位名称识别错了（新名称若是文中另一单位，两者合并）`,
      `${how} <文章> 合并 <单位> <并入的单位>  一个单位被识别成了两个（并入“-”：这不是一个单位，段落改为不归属任何单位）`,
      `${how} <文章> 移动 <段落编号…> <单位>  段落归错了单位（段落编号见报告方括号，可写 3 5 或 3-5；也可写段落开头几个字；单位可以是新名称，写“-”表示不归属任何单位）`,
      `${how} <文章> 撤销 <更正编号>  撤销一条更正`,
      `单位可写名称、案例编号，或“未归属”（未归属单位的段落）。更正保存在原文件旁（<文件>.corrections.json），重新收录或程序升级后仍然有效。`,
    ].join("\n"),
  unknownVerb: (verb: string) => `不认识的操作“${verb}”。可用：查看、改名、合并、移动、撤销。`,
  needs: (verb: string, what: string) => `${verb}需要${what}。`,
  /** What each verb needs (EDIT_TEXT.needs). */
  renameNeeds: "两项：原单位和新名称",
  mergeNeeds: "两项：要并入的单位和被并入的单位",
  moveNeeds: "段落编号（或段落开头几个字）和目标单位",
  undoNeeds: "更正编号",
  noSuchUnit: (q: string, units: readonly string[]) => `这篇文章里没有单位“${q}”。${units.length ? `文中的单位：${units.join("、")}。` : "文中没有识别出单位。"}`,
  ambiguousUnit: (q: string, units: readonly string[]) => `“${q}”对应多个单位：${units.join("、")}。请写全称或案例编号。`,
  mergeNeedsUnit: (q: string) => `“${q}”不是这篇文章里的单位。要给段落起新的单位名，请用“改名”或“移动”。`,
  badName: "新名称要有 2 到 40 个字，不能含换行或特殊符号。",
  noOwnText: "这篇文章没有未归属单位的段落。",
  noSuchPassage: (n: string, count: number) => `没有第 ${n} 段（这篇文章共 ${count} 段，编号见报告方括号）。`,
  noPassageStarting: (text: string) => `没有以“${text}”开头的段落。`,
  ambiguousPassage: (text: string, count: number) => `有 ${count} 段包含“${text}”，请多写几个字或用段落编号。`,
  noSuchCorrection: (n: string, count: number) => (count ? `没有第 ${n} 条更正（共 ${count} 条）。` : "这篇文章还没有更正。"),
  tooMany: (max: number) => `一篇文章最多 ${max} 条更正；请先撤销一些。`,
  done: (what: string) => `已更正：${what}。`,
  undone: (what: string) => `已撤销：${what}。`,
} as const;

/** A corrections file beside a newsletter that cannot be used (corpus/corrections/sidecar.ts). */
export const SIDECAR_TEXT = {
  unreadable: (file: string, why: string) => `更正文件 ${file} 无法使用（${why}），其中的更正没有生效。请修复或删除这个文件后再更正。`,
  readFailed: "读取失败",
  notJson: "不是有效的 JSON",
  tooBig: "文件过大",
  badShape: (where: string) => `内容不符合格式：${where}`,
} as const;
