/**
 * WeChat 公众号 articles (mp.weixin.qq.com pages, saved or fetched). Their body is the
 * #js_content element, which the page styles `visibility: hidden` until its script runs;
 * Readability skips hidden elements, so the body is read directly. The title is
 * #activity-name (or og:title), the publish time comes from the page script's `ct` (Unix
 * seconds) or `publish_time`, or #publish_time. Images exist only as data-src and are dropped
 * with all other media. Editors surround the body with chrome (点击蓝字关注, 长按识别二维码,
 * 分享/点赞/在看, - END -, 往期推荐 link lists); it is recognised by its shape: short lines made of
 * those words, at the very start or in the run of lines at the end.
 */
import type { Block, BlockDocument } from "../blocks.ts";
import { isoFromUnix, parseDate } from "../dates.ts";
import { metaContent, textOf, webBlocks, type HtmlDocument } from "./web-blocks.ts";

export function isWeChatPage(doc: HtmlDocument): boolean {
  return doc.querySelector("#js_content") !== null || doc.querySelector(".rich_media_content, .rich_media") !== null;
}

const CHROME_WORDS =
  /阅读原文|二维码|扫码|扫一扫|关注|分享|点赞|在看|赞赏|留言|转发|收藏|预览时标签不可点|继续滑动|向上滑动|看下一个|^[-—_\s]*(END|THE END|完)[-—_\s]*$/iu;
// Decoration only: arrows, dots, rules.
const DECORATION = /^[\p{P}\p{S}\s]+$/u;
// The start of a link list to other articles: it and everything after it go.
const RELATED = /^(往期|推荐|相关|延伸)(回顾|推荐|阅读|精选|链接)|^(往期精彩|精彩回顾)/u;
// Sign-off lines (来源、编辑、审核 …) stay: they are metadata the refinement reads.
const SIGN_OFF = /^(来源|编辑|责编|责任编辑|审核|审校|校对|作者|文字|图片|摄影|供稿|通讯员|初审|复审|终审)\s*[:：|丨]/u;
const MAX_CHROME_CHARS = 24;
const TAIL_WINDOW = 15;

const isChrome = (b: Block) =>
  b.text.length <= MAX_CHROME_CHARS &&
  !/[。！？]$/u.test(b.text) &&
  (CHROME_WORDS.test(b.text) || DECORATION.test(b.text));

/** Drops chrome at the start (the first three blocks) and in the trailing run of short lines. */
export function dropWeChatChrome(blocks: Block[]): Block[] {
  let start = 0;
  while (start < Math.min(3, blocks.length) && isChrome(blocks[start]!)) start++;
  const body = blocks.slice(start);
  const related = body.findIndex((b, i) => i >= body.length - TAIL_WINDOW && b.text.length <= MAX_CHROME_CHARS && RELATED.test(b.text));
  if (related >= 0) body.length = related;
  const drop = new Set<number>();
  for (let i = body.length - 1; i >= 0 && i >= body.length - TAIL_WINDOW; i--) {
    const b = body[i]!;
    if (isChrome(b)) drop.add(i);
    else if (!SIGN_OFF.test(b.text)) break; // the article's last real line
  }
  return body.filter((_, i) => !drop.has(i));
}

function scriptVar(scripts: string, name: string): string | undefined {
  const m = scripts.match(new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`));
  return m?.[1];
}

function publishedAt(doc: HtmlDocument): string | undefined {
  const scripts = Array.from(doc.querySelectorAll("script"), (s) => s.textContent ?? "").join("\n");
  const ct = scriptVar(scripts, "ct");
  return (
    (ct && /^\d{9,11}$/.test(ct) ? isoFromUnix(Number(ct)) : undefined) ??
    parseDate(scriptVar(scripts, "publish_time")) ??
    parseDate(scriptVar(scripts, "createTime")) ??
    parseDate(textOf(doc.querySelector("#publish_time"))) ??
    parseDate(metaContent(doc, "article:published_time", "og:article:published_time"))
  );
}

export function readWeChat(doc: HtmlDocument): BlockDocument {
  const title =
    textOf(doc.querySelector("#activity-name")) ||
    metaContent(doc, "og:title", "twitter:title") ||
    doc.title.trim() ||
    undefined;
  const root = doc.querySelector("#js_content") ?? doc.querySelector(".rich_media_content") ?? doc.body;
  const blocks = root ? dropWeChatChrome(webBlocks(root, title)) : [];
  const date = publishedAt(doc);
  return { ...(title ? { title } : {}), ...(date ? { publishedAt: date } : {}), blocks, warnings: [] };
}
