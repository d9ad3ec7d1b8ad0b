import type { Block } from "../blocks.ts";

/** Image file names left where a picture stood: IMG_20250312_0932.jpg, 图片1.png, [图片]. */
const IMAGE_LINE = /^(?:\[(?:图片|图像|image)\]|[\w\u4e00-\u9fff\-（）() ]{0,40}\.(?:jpe?g|png|gif|webp|bmp|tiff?|heic))$/i;
/** Page numbers on a line of their own: - 3 -, — 3 —, 第3页, 3/10, 第 3 页 共 10 页, a bare 3. */
const PAGE_NUMBER = /^(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|\d{1,3}|[（(]\s*\d{1,3}\s*[）)])$/;
/** Lines made only of rules, ornaments, dingbats and emoji. */
/** Word field codes left in an export: PAGE \* MERGEFORMAT 2. */
const FIELD_CODE = /^(?:PAGE|NUMPAGES|TOC|HYPERLINK)\b.*\\\*\s*MERGEFORMAT/i;
const ORNAMENT = /^(?:[\s\p{P}\p{S}\p{Extended_Pictographic}]|\u200d|\ufe0f)*$/u;
/** Web-page and 公众号 chrome that survives copy-paste. */
const CHROME = new RegExp(
  String.raw`^(?:字号[：:]?\s*[大中小\s]*|【?(?:打印|关闭|收藏|返回顶部)】?(?:\s*【?(?:打印|关闭|收藏|返回顶部)】?)*|分享到[：:]?.*|扫一扫.{0,12}|点击(?:上方)?蓝字.{0,12}|` +
  String.raw`(?:长按|扫描)(?:识别)?二维码.{0,12}|阅读原文|(?:点击|欢迎)?关注我们|关注公众号|(?:上|下)一(?:篇|条|页)[：:].*|[—-]*\s*分享\s*[—-]*|[（(]?本文(?:为|系|来源于?).{0,24}[）)]?|` +
  String.raw`[（(]?转载请注明(?:出处|来源)[）)。]?|预览时标签不可点|微信扫一扫.{0,16}|继续滑动看下一个|轻触阅读原文)$`,
);

/** A line made of 公众号 buttons only: 分享 ｜ 收藏 ｜ 点赞 ｜ 在看. */
const BUTTON_ROW = /^(?:(?:分享|收藏|点赞|在看|转发|评论|留言|关注|赞|阅读)\s*[|｜/、·\s]*){2,}$/;
/** Where a pasted web page's own text ends and its links to other articles begin. */
const MORE_LINKS = /^[【[]?(?:往期推荐|往期回顾|往期精彩|推荐阅读|相关阅读|延伸阅读|相关新闻|相关文章|猜你喜欢|热门文章|精彩推荐|相关链接)[】\]]?[：:]?$/;
const TAIL = 15;
/** Pinyin a mirror adds after the characters: 聯絡站（lián luò zhàn）. Tone marks tell it from English. */
const PINYIN = /[（(]\s*(?=[^（）()]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ'’\s-]{2,60}[)）]/gi;

export interface NoiseResult {
  blocks: Block[];
  /** Indices (into `blocks`) of blocks that followed a removed page number: a page break. */
  afterPageBreak: Set<number>;
}

/** Drops what is not text of the document: image placeholders, page numbers, ornaments, chrome. */
export function dropNoise(input: readonly Block[]): NoiseResult {
  const blocks: Block[] = [];
  const afterPageBreak = new Set<number>();
  let pendingBreak = false;
  let pendingGap = 0;
  const end = moreLinksAt(input);
  for (const b of input.slice(0, end)) {
    const t = b.text.replace(PINYIN, "").trim();
    const pageNumber = PAGE_NUMBER.test(t);
    if (!t || pageNumber || FIELD_CODE.test(t) || IMAGE_LINE.test(t) || ORNAMENT.test(t) || CHROME.test(t) || BUTTON_ROW.test(t)) {
      if (pageNumber) pendingBreak = true;
      pendingGap += (b.gapBefore ?? 0) + 1;
      continue;
    }
    if (pendingBreak) afterPageBreak.add(blocks.length);
    // The blank lines around a dropped line still separate its neighbours.
    blocks.push(pendingGap && b.gapBefore !== undefined ? { ...b, text: t, gapBefore: b.gapBefore + pendingGap } : { ...b, text: t });
    pendingBreak = false;
    pendingGap = 0;
  }
  return { blocks, afterPageBreak };
}

/** A "more articles" heading near the end cuts everything after it. */
function moreLinksAt(blocks: readonly Block[]): number {
  for (let i = Math.max(0, blocks.length - TAIL); i < blocks.length; i++) if (MORE_LINKS.test(blocks[i]!.text.trim())) return i;
  return blocks.length;
}
