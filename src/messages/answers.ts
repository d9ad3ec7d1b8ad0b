/**
 * What a user reads in an answer: the answer card, a place notice, the no-match reply, a full
 * case, a unit's case list, further pages, and the feedback buttons. Part of the message catalog
 * (catalog.ts); a leaf like it. Shortening and layout stay with the renderers (answer/*.ts).
 */

export const ANSWER_TEXT = {
  /** The question named a place the library covers, but none of its cases is on the topic. */
  placeOffTopic: (place: string, asked: string) => `${place}的案例中没有找到与“${asked}”直接相关的内容。`,
  placeCasesFollow: (place: string) => `以下是${place}的案例：`,
  /** The question named a place the library has no case from. */
  placeNotCollected: (place: string) => `暂未收录${place}的案例。`,
  elsewhereFollows: "以下是其他地方的相关做法，供参考：",
  keyFigures: "关键数据：",
  otherUnits: "其他相关单位：",
  moreButton: "其他单位",
  noMatch: (shown: string) => (shown ? `没有找到与“${shown}”相关的案例。` : "没有找到相关的案例。"),
  tryKeywords: "可以换个说法，或试试这些关键词：",
  collected: "已收录：",
  seeUnits: "。输入“单位”查看全部单位及编号。",
  /** More than ten places: the first ten, then how many there are. */
  manyUnits: (first: string, total: number) => `${first}等 ${total} 个单位`,
  emptyQuestion: "请输入问题或关键词，例如：怎么激发代表履职活力？",
  practiceNames: "也可以直接输入做法名称：",
  noMore: (query: string) => `关于“${query}”没有更多相关单位了。`,
  morePage: (query: string, page: number) => `“${query}”的其他相关单位（第 ${page} 页）`,
} as const;

export const CASE_TEXT = {
  /** The heading of a passage from a document that has neither a title nor a unit. */
  untitled: "（无标题文档）",
  sourceId: (articleId: string) => `来源：${articleId}`,
  sourceFile: (file: string, day: string) => `来源：${file}${day ? `（${day}）` : ""}`,
  sourceTitled: (title: string, subtitle: string, file: string, day: string) => `来源：《${title}》${subtitle}（${file}${day ? `，${day}` : ""}）`,
  share: "分享",
  fullText: "查看全文",
  fullTextOf: (what: string) => `查看全文：${what}`,
  practices: "特色做法：",
  caption: (text: string) => `图片说明：${text}`,
  caseId: (id: string) => `（编号 ${id}）`,
  unitCases: (unit: string, n: number) => `${unit}：${n} 个案例`,
  unitCasesHint: "查看全文：案例 <编号>",
} as const;

/** The feedback buttons under an answer, and the 👎 follow-up's reasons. */
export const FEEDBACK_LABELS = {
  up: "👍 有用",
  down: "👎 没用",
  "off-topic": "答非所问",
  outdated: "信息过时",
  other: "其他",
} as const;
