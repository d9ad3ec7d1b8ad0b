import type { Block } from "../blocks.ts";
import { findUnitMentions, placeText } from "../units.ts";
import { squeeze } from "./toc.ts";

/** List markers and the heading level they stand for (一、 above （一） above 1. above （1））. */
const NUMBERINGS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^第[一二三四五六七八九十百]+[章部篇](?:分)?[\s\u3000、：:]*/, 2],
  [/^(?:案例|项目|经验|典型案例|典型|做法|材料)\s*[一二三四五六七八九十百\d]+\s*[：:、．.]?\s*/, 2],
  [/^[一二三四五六七八九十百]+\s*[、．.]\s*/, 2],
  [/^[（(]\s*[一二三四五六七八九十百]+\s*[）)]\s*[、．.]?\s*/, 3],
  [/^\d{1,2}\s*[、．.](?!\d)\s*/, 4],
  [/^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*/, 4],
  [/^[（(]\s*\d{1,2}\s*[）)]\s*/, 5],
];
/** Labels of case blocks (申报单位：…, 主要做法：…): a short label, a colon, its value. */
const FIELD =
  new RegExp(
    String.raw`^(${[
      "申报单位", "推荐单位", "报送单位", "供稿单位", "责任单位", "实施单位", "单位名称", "案例单位", "所属单位", "单位", "案例名称", "项目名称", "品牌名称", "名称", "主要做法", "具体做法", "经验做法", "创新做法",
      "工作做法", "典型做法", "做法", "取得成效", "主要成效", "工作成效", "实施成效", "实践成效", "成效", "案例简介", "简介", "基本情况", "案例背景", "工作背景", "背景", "创新点", "创新亮点", "特色亮点", "亮点",
      "经验启示", "启示", "下一步打算", "下一步工作", "下一步",
    ].join("|")})\s*[：:]\s*(.*)$`,
  );
const CAPTION_MARK = /^(?:[▲△▼↑↓]|图为|[（(]?图\s*\d*\s*[：:]|[上下左右]图[：:为]|图片[：:])/;
const CAPTION_CUES = /(现场|图为|摄影|摄$|合影|认真听取|正在|开展.{0,8}活动|调研|走访|留影)/;
const PHOTO_CREDIT = /(?:通讯员|记者|摄影)?\s*[\u4e00-\u9fff]{2,4}\s*摄$/;
const LEAD_IN = /(?:今年以来|今年上半年|近年来|去年以来|\d{4}年以来|自\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月(?:上|中|下)旬|为(?:进一步|深入|切实|有效|推动|加强)|针对|围绕|近期|近日|日前|此前|目前)/;

export function numberingOf(text: string): { numbering: string; level: number } | undefined {
  for (const [re, level] of NUMBERINGS) {
    const m = re.exec(text);
    if (m && m[0].length < text.length) return { numbering: m[0], level };
  }
  return undefined;
}

/** Heading-shaped: short, and not a sentence (no sentence end inside or at the end). */
export function isHeadingShaped(text: string): boolean {
  const len = Array.from(text).length;
  return len <= 50 && !/[。！？!?；;]/.test(text.replace(/[“"「『][^”"」』]*[”"」』]/g, "")) && !/[：:，,、]$/.test(text);
}

/**
 * Classifies refined blocks: numbered and heading-shaped lines become headings (with a level),
 * labelled lines become fields, picture captions become captions. Formats that already know
 * their headings (Word styles, <h2>) keep them; only their numbering is read.
 */
export function classifyBlocks(input: readonly Block[], tocEntries: readonly string[]): Block[] {
  const blocks = splitGluedHeadings(input, tocEntries);
  const typicalGap = median(blocks.filter((b) => b.kind === "paragraph").map((b) => b.gapBefore ?? 0));
  return blocks.map((b, i) => {
    if (b.kind !== "paragraph" && b.kind !== "heading") return b;
    const numbered = numberingOf(b.text);
    const withNumbering = numbered ? { ...b, numbering: numbered.numbering } : b;
    if (b.kind === "heading") return numbered && b.level === undefined ? { ...withNumbering, level: numbered.level } : withNumbering;
    const field = FIELD.exec(b.text);
    if (field) return { ...b, kind: "field", label: field[1]!, text: field[2]!.trim() };
    const prev = blocks[i - 1];
    const lastAfterText = i === blocks.length - 1 && prev?.kind === "paragraph" && !isHeadingShaped(prev.text);
    if (isCaption(b, typicalGap, lastAfterText)) return { ...b, kind: "caption" };
    const last = i === blocks.length - 1;
    if (!last && isHeadingShaped(b.text) && (numbered || b.emphasis || startsSection(blocks, i))) {
      return { ...withNumbering, kind: "heading", level: numbered?.level ?? 2 };
    }
    return withNumbering;
  });
}

/** An unnumbered short line is a heading when text follows it (not a closing line before the footer). */
function startsSection(blocks: readonly Block[], i: number): boolean {
  for (let j = i + 1; j < blocks.length; j++) if (blocks[j]!.kind !== "meta") return true;
  return false;
}

/** `lastAfterText`: the document's last block, right after body text (a caption under the last photo). */
function isCaption(b: Block, typicalGap: number, lastAfterText: boolean): boolean {
  const t = b.text;
  if (CAPTION_MARK.test(t) || (PHOTO_CREDIT.test(t) && t.length <= 80)) return true;
  // Photo captions between sections: one short sentence, set off by more space than paragraphs are.
  const oneSentence = t.length <= 80 && /[。]$/.test(t) && (t.match(/。/g)?.length ?? 0) === 1 && !/[；]/.test(t);
  if (!oneSentence) return false;
  const gap = b.gapBefore ?? 0;
  return (gap >= 2 && gap > typicalGap) || (lastAfterText && CAPTION_CUES.test(t) && t.length <= 50);
}

/**
 * A PDF copy glues a heading to its paragraph ("一、…破解小区治理难题今年以来，…"). The table of
 * contents names the heading exactly; without one, a numbered block whose first clause runs on
 * is cut where a paragraph's opening begins (今年以来, 近年来, 针对 …).
 */
function splitGluedHeadings(input: readonly Block[], tocEntries: readonly string[]): Block[] {
  const entries = tocEntries.map(squeeze).filter((e) => e.length >= 2);
  const out: Block[] = [];
  for (const b of input) {
    const cut = b.kind === "paragraph" ? gluedHeadingEnd(b.text, entries) : undefined;
    if (cut === undefined) {
      out.push(b);
      continue;
    }
    out.push({ ...b, kind: "heading", level: numberingOf(b.text)?.level ?? 2, text: b.text.slice(0, cut).trim() });
    out.push({ ...b, kind: "paragraph", text: b.text.slice(cut).trim(), gapBefore: 0 });
  }
  return out;
}

function gluedHeadingEnd(text: string, entries: readonly string[]): number | undefined {
  const squeezed = squeeze(text);
  for (const e of entries) {
    if (squeezed.length > e.length + 4 && squeezed.startsWith(e)) return positionAfterSqueezed(text, e.length);
  }
  if (!numberingOf(text)) return undefined;
  const firstClause = /^[^，。；,;]*/.exec(text)![0];
  // "…——unit：headline" then the paragraph names its place again: 苇塘乡人大主席团：…苇塘乡地处深山.
  const unit = findUnitMentions(firstClause)[0];
  const place = unit ? placeText(unit) : "";
  const colon = unit ? firstClause.indexOf("：", unit.end) : -1;
  if (place.length >= 2 && colon !== -1 && colon === unit!.end) {
    const again = firstClause.indexOf(place, colon + 4);
    if (again !== -1) return again;
  }
  if (Array.from(firstClause).length <= 40) return undefined;
  const m = LEAD_IN.exec(firstClause.slice(8));
  return m ? 8 + m.index : undefined;
}

/** The index in `text` after `count` non-space characters. */
function positionAfterSqueezed(text: string, count: number): number {
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    if (/[\s\u3000]/.test(text[i]!)) continue;
    if (++seen === count) return i + 1;
  }
  return text.length;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
