import type { Correction } from "./types.ts";

/** Every Chinese text about corrections that the CLI and the chat share (tests assert them). */
export const CORRECTION_TEXT = {
  noUnit: "未归属单位的段落",
  unitGone: (name: string) => `文中找不到单位“${name}”`,
  noOwnText: "这篇文章没有未归属单位的段落",
  passageGone: "文中找不到这一段",
  passagesGone: "文中找不到这些段落",
  passageAmbiguous: (count: number, start: string) => `有 ${count} 段与“${start}”相符，无法确定是哪一段`,
  stale: (why: string) => `已失效：${why}`,
} as const;

const quoted = (name: string) => `“${name}”`;
/** The article's own text, with how many passages it had when the editor gave it a unit. */
const own = (passages: readonly unknown[] | undefined) => (passages ? `${CORRECTION_TEXT.noUnit}（${passages.length} 段）` : CORRECTION_TEXT.noUnit);

/** One correction in a sentence: 把“A”改名为“B”, 把段落“今年以来…”移到“B”. */
export function describeCorrection(c: Correction): string {
  switch (c.op) {
    case "rename":
      return c.unit ? `把${quoted(c.unit.name)}改名为${quoted(c.to)}` : `把${own(c.passages)}归入${quoted(c.to)}`;
    case "merge":
      if (!c.into) return c.unit ? `${quoted(c.unit.name)}不是单位，其段落改为不归属任何单位` : `${own(c.passages)}保持不变`;
      return c.unit ? `把${quoted(c.unit.name)}并入${quoted(c.into.name)}` : `把${own(c.passages)}归入${quoted(c.into.name)}`;
    case "move":
      return c.to ? `把段落${quoted(c.passage.text)}移到${quoted(c.to.name)}` : `把段落${quoted(c.passage.text)}移出单位（不归属任何单位）`;
  }
}
