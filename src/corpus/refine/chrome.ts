import type { Block } from "../blocks.ts";

/**
 * A web page pasted or saved whole brings the site with it: a greeting and menu above the
 * article, a breadcrumb, widgets (今天是：, 字体：大 中 小), and a footer (版权所有, ICP备, 网站地图,
 * a comment box, links to other stories, lines injected by mirror sites). None of it is text of
 * the article, but the site's name and its footer often say whose page it is (欢迎光临某县人大网,
 * 版权所有 © 某县人大常委会办公室): those lines are kept as metadata (站点, 页脚), the rest dropped.
 */
const BREADCRUMB =
  new RegExp(
    String.raw`^(?:您的位置|你的位置|您现在的位置|当前位置|所在位置|位置|导航)\s*[：:]|(?:首页|主页|网站首页)\s*(?:>>?|->|→|»|›|＞|\/)|` +
    String.raw`^[^\s>»›＞→]{2,12}(?:[\s\u3000]*(?:>>?|->|→|»|›|＞)[\s\u3000]*[^\s>»›＞→]{2,12}){2,}$`,
  );
const GREETING = /^欢迎(?:光临|访问|来到|进入|您访问)\s*(.{2,30}?)[！!。]?$/;
const WIDGET = /^(?:今天是|今日是|当前时间|日期)[：:]?.{0,24}$|^字体[：:]\s*[大中小\s]*$|^【?\s*字体[：:]/;
const FOOTER = /版权所有|copyright|©|ICP备|ICP证|公网安备|网站地图|关于本站|关于我们|联系我们|技术支持|主办单位|承办单位|发表评论|立即注册|请先登录|投稿须知|广告合作|免责声明|网站标识码/i;
/** A footer line that names the site's owner is worth keeping. */
const NAMES_OWNER = /人大|委员会|政府|办公室|主办|版权所有/;
/** Spam a mirror appends to a title: 某某标题-某某官网登录入口. */
const SPAM_SUFFIX = /\s*[-—_|｜]\s*[^-—_|｜，。]{0,16}(?:官网|官方网站|登录入口|入口|APP|app|下载|体育|娱乐|彩票|棋牌|博彩|电竞|开户|注册)[^-—_|｜，。]{0,10}$/;
/** How far from the top a breadcrumb still ends the site's header. */
const HEADER_SPAN = 8;

export interface ChromeResult {
  blocks: Block[];
  /** Whether anything was taken for site chrome. */
  found: boolean;
}

export function markSiteChrome(input: readonly Block[]): ChromeResult {
  let found = false;
  const crumb = input.slice(0, HEADER_SPAN).findIndex((b) => BREADCRUMB.test(b.text) && b.text.length <= 80);
  const footerAt = footerStart(input);
  const out: Block[] = [];
  input.forEach((b, i) => {
    const t = b.text.trim();
    const greeting = GREETING.exec(t);
    if (i <= crumb || i >= footerAt || greeting || WIDGET.test(t)) {
      found = true;
      if (greeting) out.push({ ...b, kind: "meta", label: "站点", text: greeting[1]! });
      else if (i <= crumb && NAMES_OWNER.test(t) && t.length <= 40) out.push({ ...b, kind: "meta", label: "站点", text: t });
      else if (i >= footerAt && NAMES_OWNER.test(t) && t.length <= 80)
        out.push({ ...b, kind: "meta", label: "页脚", text: t.replace(/^.*?(?:版权所有|copyright|©|主办单位|主办)\s*[:：©]?\s*(?:©\s*)?/i, "") });
      return;
    }
    const cleaned = t.length <= 80 ? t.replace(SPAM_SUFFIX, "") : t;
    if (cleaned !== t) found = true;
    out.push(cleaned === b.text ? b : { ...b, text: cleaned });
  });
  return { blocks: out, found };
}

/** The first footer line in the last part of the page: it and everything after it are chrome. */
function footerStart(blocks: readonly Block[]): number {
  const from = Math.floor(blocks.length / 2);
  for (let i = from; i < blocks.length; i++) if (FOOTER.test(blocks[i]!.text) && blocks[i]!.text.length <= 120) return i;
  return blocks.length;
}
