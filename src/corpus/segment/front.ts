import type { Block } from "../blocks.ts";
import { isHeadingShaped } from "../refine/headings.ts";
import { anchorOf, wholeUnit, type Anchor } from "./anchors.ts";
import type { UnitResolver } from "./resolver.ts";

export interface FrontMatter {
  title: string;
  subtitle: string;
  editorNote: string;
  /** The unit of a single-unit article, named by a kicker line or by `unit：headline` as title. */
  articleUnit?: Anchor;
  /** Captions that stood in the front matter. */
  captions: string[];
  /** The blocks after the front matter. */
  body: Block[];
}

const ISSUER = /(办公室|委员会|常委会|主席团|工委|人大|研究室|政府)$/;
const NOTE = /^[【[]?\s*(?:编者按|编者的话|编辑按)\s*[】\]]?\s*[：:]?\s*|^按[：:]\s*/;

/**
 * Title (two lines when an issuing office stands above 关于…), subtitle (——…), kicker (a unit
 * alone above the title of a news item) and the editor's note. Extractors that know the title
 * (Word's Title style, og:title) pass it in; a first block repeating it is dropped.
 */
export function readFrontMatter(blocks: readonly Block[], r: UnitResolver, knownTitle?: string, knownSubtitle?: string): FrontMatter {
  const rest = [...blocks];
  const captions: string[] = [];
  const take = () => rest.shift()!;
  const skipMeta = () => {
    while (rest[0] && (rest[0].kind === "meta" || rest[0].kind === "caption")) {
      const b = take();
      if (b.kind === "caption") captions.push(b.text);
    }
  };
  skipMeta();
  // A signed article's author stands alone above it (陈晓岚, 石 磊): a byline, not a title.
  if (rest[0] && isAuthorLine(rest[0].text) && rest[1]?.kind === "paragraph") rest[0] = { ...rest[0], kind: "meta", label: "作者" };
  skipMeta();
  let title = knownTitle?.trim() ?? "";
  let subtitle = knownSubtitle?.trim() ?? "";
  let articleUnit: Anchor | undefined;
  if (title && rest[0] && squeeze(rest[0].text) === squeeze(title)) take();
  // 某区某镇： alone above the headline of a news item: the place or unit it is about.
  const colonKicker = !title && rest[0] && /[：:]$/.test(rest[0].text) && rest[0].text.length <= 24 ? kickerOf(rest[0].text.slice(0, -1), r) : undefined;
  if (colonKicker && rest[1] && isHeadingShaped(rest[1].text)) {
    take();
    articleUnit = { rule: "kicker", unit: colonKicker, headline: take().text };
    title = articleUnit.headline;
  }
  if (!title && rest[0] && (rest[0].kind === "heading" || isHeadingShaped(rest[0].text))) {
    const first = take();
    const kicker = wholeUnit(first.text, r);
    const next = rest[0];
    if (ISSUER.test(first.text) && next && /^关于/.test(next.text)) {
      title = first.text + take().text;
    } else if (kicker && next && next.kind !== "meta" && isHeadingShaped(next.text) && !wholeUnit(next.text, r)) {
      articleUnit = { rule: "kicker", unit: kicker, headline: take().text };
      title = articleUnit.headline;
    } else {
      title = first.text;
      // A post titled over several short lines (公众号 covers): one title, read in order.
      let lines = 0;
      while (lines < 2 && rest[lines] && isTitleLine(rest[lines]!, r)) lines++;
      if (lines && rest[lines]?.kind === "paragraph" && isTitleLine(first, r)) for (let i = 0; i < lines; i++) title += ` ${take().text}`;
      const a = anchorOf({ ...first, kind: "heading" }, r);
      if (a && (a.rule === "unit-colon" || a.rule === "dash-unit" || a.rule === "bracket") && a.headline) articleUnit = { ...a, rule: "title-unit" };
    }
  }
  skipMeta();
  if (!subtitle && rest[0] && /^[—–─-]{1,2}/.test(rest[0].text) && rest[0].kind !== "meta") subtitle = take().text.replace(/^[—–─-]+\s*/, "");
  const editorNote = takeEditorNote(rest);
  return { title, subtitle, editorNote, articleUnit, captions, body: rest };
}

/** 编者按 as a heading over its paragraphs, or opening a paragraph (编者按：…), near the top. */
function takeEditorNote(rest: Block[]): string {
  const at = rest.slice(0, 6).findIndex((b) => NOTE.test(b.text) && b.kind !== "meta");
  if (at === -1) return "";
  const head = rest[at]!;
  const inline = head.text.replace(NOTE, "").trim();
  const lines: string[] = inline ? [inline] : [];
  let end = at + 1;
  if (!inline) {
    while (rest[end] && rest[end]!.kind === "paragraph" && (lines.length === 0 || (rest[end]!.gapBefore ?? 0) < 2)) lines.push(rest[end++]!.text);
  }
  rest.splice(at, end - at);
  return lines.join("\n");
}

/** A short heading-shaped line, not numbered and naming no unit of its own. */
function isTitleLine(b: Block, r: UnitResolver): boolean {
  if (b.kind !== "heading" && b.kind !== "paragraph") return false;
  if (b.numbering || b.text.length > 30 || !isHeadingShaped(b.text) || /^[—–─-]/.test(b.text) || NOTE.test(b.text)) return false;
  return !wholeUnit(b.text, r) && !anchorOf({ ...b, kind: "heading" }, r);
}

/** The place or unit a kicker names: 某区某镇人大主席团, or a place alone (某区某镇). */
function kickerOf(text: string, r: UnitResolver) {
  return wholeUnit(text, r) ?? r.asPlace(text);
}

/**
 * A personal name alone on a line (2–3 characters, a space allowed between family and given
 * name), opening with one of the common family names.
 */
function isAuthorLine(text: string): boolean {
  const t = text.replace(/[\s\u3000]/g, "");
  return /^[\u4e00-\u9fff]{2,3}$/.test(t) && FAMILY_NAMES.includes(t[0]!) && text.length <= 6;
}
const FAMILY_NAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

function squeeze(s: string): string {
  return s.replace(/[\s\u3000]+/g, "");
}
