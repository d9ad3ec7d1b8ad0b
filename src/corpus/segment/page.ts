import type { Block } from "../blocks.ts";
import type { PageLine } from "./attribute.ts";
import { NOTE_WEIGHT } from "./context.ts";

/** Metadata lines that say whose page this is: the source, the supplier, the byline, the site. */
const OWN_LINES = /^(来源|信息来源|文章来源|稿件来源|供稿|供稿单位|署名|作者|通讯员|记者|撰稿|主办|站点|页脚|电头)$/;
/** A byline closing the last paragraph: （章丘区人大 王建华）, （某县人大常委会办公室）. */
const CLOSING_BYLINE = /[（(]([^（）()]{2,40})[）)]\s*$/;

/**
 * The lines a page has besides its text: the title and subtitle, and what its metadata, byline
 * and site chrome say about where it comes from. They name the unit the page is about, or let
 * 县人大常委会 and 我区 be resolved.
 */
export function pageLines(title: string, subtitle: string, blocks: readonly Block[]): PageLine[] {
  const out: PageLine[] = [];
  if (title) out.push({ text: title, weight: NOTE_WEIGHT.title });
  if (subtitle) out.push({ text: subtitle, weight: NOTE_WEIGHT.title });
  for (const b of blocks) {
    if (b.kind === "meta" && OWN_LINES.test(b.label ?? "")) out.push({ text: b.text, weight: NOTE_WEIGHT.page });
  }
  const last = [...blocks].reverse().find((b) => b.kind === "paragraph");
  const byline = last ? CLOSING_BYLINE.exec(last.text)?.[1] : undefined;
  if (byline) out.push({ text: byline, weight: NOTE_WEIGHT.page });
  return out;
}
