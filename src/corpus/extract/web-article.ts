/**
 * Any other web page (a 人大 website's news item, a saved article): the main content is found
 * by Mozilla's Readability (Firefox Reader View's algorithm) on a linkedom document; it scores
 * text density and commas (full-width ones included) and drops navigation, sidebars and
 * footers. Cheerio was the alternative, but it is only a parser: choosing the content would
 * be a heuristic of our own, which is what Readability maintains.
 *
 * Readability's own title logic counts space-separated words, which misreads Chinese titles,
 * so the title is chosen here: og:title, else a heading whose text the <title> contains, else
 * the <title> without its site part (标题_站点名, 站点 - 栏目 - 标题), else the first <h1>.
 * The date: article:published_time and similar meta tags, Readability's JSON-LD date, else a
 * labelled date line on the page (发布时间：2025-06-12 10:30).
 */
import type { BlockDocument } from "../blocks.ts";
import { DATE_PATTERN, parseDate } from "../dates.ts";
import { domShape, type DomNode } from "./html-blocks.ts";
import { metaContent, parseHtmlDocument, parseHtmlFragment, textOf, webBlocks, type HtmlDocument } from "./web-blocks.ts";

// Where a page has no <article>-like structure Readability finds nothing; then the body is
// read without the parts that are never content.
const NOT_CONTENT = "nav, header, footer, aside, form, script, style, [role=navigation], [role=banner], [role=contentinfo]";
// Readability's scoring is roughly linear in elements but quadratic in depth (it walks every
// candidate's ancestors and their text); on linkedom a 4,000-element page takes about a second,
// a page nested 400 deep several. Beyond these bounds the body is read without it.
const READABILITY_MAX_ELEMENTS = 8000;
const READABILITY_MAX_DEPTH = 80;
const LABELLED_DATE = new RegExp(`(?:发布|发表|更新|成文|印发)?(?:时间|日期)\\s*[:：]\\s*(${DATE_PATTERN.source})`, "u");

export function pageTitle(doc: HtmlDocument): string | undefined {
  const og = metaContent(doc, "og:title", "twitter:title", "ArticleTitle");
  if (og) return og;
  const docTitle = doc.title.replace(/\s+/g, " ").trim();
  const headings = Array.from(doc.querySelectorAll("h1, h2, h3"), (h) => textOf(h)).filter((t) => t.length >= 4);
  const inTitle = headings.find((h) => docTitle.includes(h));
  if (inTitle) return inTitle;
  if (docTitle) {
    const parts = docTitle.split(/\s*[_|｜]\s*|\s+[-—–]\s+/u).filter(Boolean);
    // The article part is the longest one; site and column names are short.
    return parts.sort((a, b) => b.length - a.length)[0];
  }
  return headings[0];
}

function labelledDate(doc: HtmlDocument): string | undefined {
  const m = textOf(doc.body).match(LABELLED_DATE);
  return m ? parseDate(m[1]) : undefined;
}

export async function readWebArticle(html: string, doc: HtmlDocument): Promise<BlockDocument> {
  const title = pageTitle(doc);
  const metaDate = parseDate(metaContent(doc, "article:published_time", "og:release_date", "PubDate", "publishdate", "pubdate", "datePublished", "dc.date"));
  const pageDate = labelledDate(doc);
  const warnings: string[] = [];
  const shape = doc.body ? domShape(doc.body) : { elements: 0, depth: 0 };
  const tractable = shape.elements <= READABILITY_MAX_ELEMENTS && shape.depth <= READABILITY_MAX_DEPTH;
  if (!tractable) warnings.push("网页结构过于复杂，未能识别正文区域，已读取整个页面（去掉导航和页脚）。");
  let article: { content?: string | null; publishedTime?: string | null } | null = null;
  if (tractable) {
    const { Readability } = await import("@mozilla/readability");
    // Readability changes the document it reads, so it gets its own copy. linkedom's document
    // stands in for the DOM Document type its typings name.
    article = new Readability((await parseHtmlDocument(html)) as never, { charThreshold: 200 }).parse();
  }
  let root: DomNode | null = null;
  if (article?.content) root = await parseHtmlFragment(article.content);
  if (!root || !textOf(root)) {
    for (const el of Array.from(doc.querySelectorAll(NOT_CONTENT))) (el as unknown as { remove(): void }).remove();
    root = doc.body;
  }
  const blocks = root ? webBlocks(root, title) : [];
  const publishedAt = metaDate ?? parseDate(article?.publishedTime) ?? pageDate;
  return { ...(title ? { title } : {}), ...(publishedAt ? { publishedAt } : {}), blocks, warnings };
}
