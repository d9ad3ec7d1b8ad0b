import type { Block } from "../blocks.ts";
import { parseDate } from "../dates.ts";

/**
 * Metadata lines of newsletters, bulletins and news items: who sent it, when, who edited it,
 * who receives it. They are kept as `meta` blocks (the attribution trailers 供稿/来源 name a
 * unit; the dates date the article), never as body text.
 */
const META_LABELS = [
  "填报单位", "填报日期", "填报人", "报送日期", "印发日期", "本期编辑", "本期责编", "责编", "来源", "信息来源", "文章来源", "稿件来源", "时间", "发布时间", "发布日期", "发稿时间", "日期", "作者", "编辑",
  "责任编辑", "值班编辑", "审核", "审核人", "审签", "校对", "初审", "终审", "通讯员", "记者", "本报记者", "供稿", "供稿单位", "撰稿", "撰稿人", "摄影", "摄像", "图片", "图文", "文字", "浏览次数",
  "点击数", "点击量", "阅读量", "阅读", "字号", "签发", "核稿", "排版", "美编", "监制", "出品", "主办", "承办", "联系电话", "电话", "投稿邮箱", "邮箱",
].join("|");
/** A label may carry a note in brackets: 填报单位（盖章）： */
const LABELLED = new RegExp(`^[（(【]?\\s*(${META_LABELS})\\s*(?:[（(][^）)]{1,6}[）)])?\\s*[：:|｜]\\s*(.*?)\\s*[）)】]?$`);
const LABEL_ANYWHERE = new RegExp(`(?:^|[\\s\\u3000])(${META_LABELS})\\s*(?:[（(][^）)]{1,6}[）)])?\\s*[：:]`, "g");
/** （XX街道人大工委供稿）, ——XX县人大常委会供稿 */
const SUPPLIED_BY = /^[（(]?\s*[—-]*\s*(.{2,40}?)\s*(供稿|供图|报送|撰稿)\s*[）)]?$/;
/** 原创 湄潭县人大常委会办公室, 2025年07月08日18:30贵州: a 公众号 article's byline and timestamp. */
/** 某某日报 2025年03月20日 第03版：要闻: a newspaper page's masthead line. */
const MASTHEAD_LINE = /^[\u4e00-\u9fff]{2,10}(?:日报|晚报|报)[\s\u3000]+\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[\s\u3000]+第\s*\d{1,3}\s*版/;
const WECHAT_BYLINE = /^原创\s+\S.{0,30}$|^\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}\s*[\u4e00-\u9fff]{0,6}$/;
const BYLINE = /^[■●◆□]?\s*(?:本报|本刊|特约)?(?:通讯员|记者|见习记者|特约通讯员|作者)[\s\u3000]+[^，。；]{1,40}$/;
const ISSUE_LINE = /^(?:\d{4}\s*年\s*)?(?:第\s*[\d一二三四五六七八九十百]+\s*期)(?:\s*[（(]?\s*总第\s*\d+\s*期\s*[）)]?)?$|^[（(]\s*第\s*\d+\s*期\s*[）)]$|^总第\s*\d+\s*期$/;
const DISTRIBUTION = /^(?:报|送|发|抄送|抄报|分送|印发|报送|主送)\s*[：:]|共印\s*\d+\s*份/;
const SALUTATION = /^各.{2,80}[：:]$/;
const DATE_ONLY = /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$|^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/;
/** An office's name and a date on one line, set apart by a run of spaces. */
const OFFICE_AND_DATE = /^(\S.{1,40}?)(?:[\s\u3000]{2,}|(?<=(?:办公室|研究室|委员会|常委会|人大|政府)(?:编|编印|主办|印发)?)\s*)(\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)$/;
/** 本报讯, 本报长沙讯, 新华社北京5月20日电: a news-agency opening, then the story. */
const DATELINE =
  new RegExp(
    String.raw`^(?:本报讯|本刊讯|本网讯|[\u4e00-\u9fff]{2,8}讯[\s：:]|本报[\u4e00-\u9fff]{1,8}讯|` +
    String.raw`[\u4e00-\u9fff]{2,8}(?:社|网|台|报)[\u4e00-\u9fff\d]{0,12}(?:电|消息)|` +
    String.raw`[^，。；]{0,16}?(?:记者|通讯员)[^，。；]{1,40}?报道[：:]?)\s*(?:[（(][^）)]{0,40}[）)])?\s*`,
  );

export interface MetaFindings {
  blocks: Block[];
  /** ISO date of the article, from a dated line, when one was found. */
  publishedAt?: string;
}

/** Marks metadata lines, strips news datelines, and dates the article. */
export function markMetadata(input: readonly Block[]): MetaFindings {
  const blocks: Block[] = [];
  let publishedAt: string | undefined;
  const noteDate = (text: string) => {
    publishedAt ??= parseDate(text, { month: true });
  };
  for (let i = 0; i < input.length; i++) {
    const b = input[i]!;
    // An issuing office on its own line above a date line is a signature, not a heading.
    if (b.kind === "paragraph" && isIssuer(b.text) && DATE_ONLY.test(input[i + 1]?.text ?? "")) {
      blocks.push({ ...b, kind: "meta", label: "署名" });
      continue;
    }
    if (b.kind !== "paragraph" && b.kind !== "meta") {
      blocks.push(b);
      continue;
    }
    const t = b.text;
    const meta = metaOf(t);
    if (meta) {
      noteDate(t);
      blocks.push({ ...b, kind: "meta", label: meta.label, text: meta.value ?? t });
      continue;
    }
    const dateline = DATELINE.exec(t);
    if (dateline && dateline[0].length < t.length - 10) {
      // The dateline goes, but what it names (红网某某站, 某某报道) may say whose story it is.
      blocks.push({ ...b, kind: "meta", label: "电头", text: dateline[0].trim() }, { ...b, text: t.slice(dateline[0].length).trim() });
      continue;
    }
    blocks.push(b);
  }
  return { blocks, publishedAt };
}

function metaOf(t: string): { label: string; value?: string } | undefined {
  if (t.length > 120) return undefined;
  const supplied = SUPPLIED_BY.exec(t);
  if (supplied && /[（(]|^[—-]/.test(t)) return { label: "供稿", value: supplied[1]! };
  const labelled = LABELLED.exec(t);
  if (labelled) {
    const label = labelled[1]!;
    // A line of several fields (来源：… 时间：…) is metadata however long its values are.
    const fields = [...t.matchAll(LABEL_ANYWHERE)].length;
    if (fields >= 2 || t.length <= 60 || /^[（(]/.test(t))
      return { label: /来源|供稿/.test(label) && fields < 2 ? label.replace(/.*(来源|供稿).*/, "$1") : label, value: fields >= 2 ? t : labelled[2]! };
  }
  if (MASTHEAD_LINE.test(t)) return { label: "来源" };
  // A time stamp alone on its line (2024 03/15 09:32:41): when the page was published.
  if (/^[\d\s:/.\-年月日时分秒]{8,}$/.test(t) && parseDate(t)) return { label: "时间" };
  // 2024-05-29 15:47 来源：某某网 作者：某某: fields after a date are metadata too.
  const fields = [...t.matchAll(LABEL_ANYWHERE)];
  if (fields.length >= 2 && t.length <= 120) return { label: fields[0]![1]!, value: t };
  if (BYLINE.test(t) && t.length <= 40) return { label: "通讯员" };
  if (WECHAT_BYLINE.test(t)) return { label: "署名" };
  if (ISSUE_LINE.test(t)) return { label: "期号" };
  if (DISTRIBUTION.test(t) && t.length <= 100) return { label: "分送" };
  if (SALUTATION.test(t)) return { label: "主送" };
  if (DATE_ONLY.test(t) || OFFICE_AND_DATE.test(t)) return { label: "署名" };
  return undefined;
}

function isIssuer(t: string): boolean {
  return t.length <= 30 && !/[，。；：:,]/.test(t) && /(办公室|委员会|常委会|主席团|工委|人大|研究室|政府|办)$/.test(t);
}

