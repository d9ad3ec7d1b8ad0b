/**
 * What WeChat bodies and other web pages share once the main content is found: parsing with
 * linkedom (a small, maintained DOM; the same one that reads mammoth's output) and turning
 * the raw blocks of the content into Blocks.
 */
import type { Block } from "../blocks.ts";
import { BoldHeadingLeveller, levelShift } from "./headings.ts";
import { rawBlocks, type DomNode } from "./html-blocks.ts";

/** The few Document members the HTML extractors use (linkedom's types lean on the DOM lib). */
export interface HtmlDocument {
  querySelector(selector: string): (DomNode & { getAttribute(name: string): string | null }) | null;
  querySelectorAll(selector: string): ArrayLike<DomNode & { getAttribute(name: string): string | null }>;
  readonly body: DomNode | null;
  readonly title: string;
}

export async function parseHtmlDocument(html: string): Promise<HtmlDocument> {
  const { parseHTML } = await import("linkedom");
  const { document } = parseHTML(html);
  // Text without any element (a truncated or mislabelled file) leaves linkedom with no root, and
  // its head, body and title getters throw: read it as a body's text instead.
  if (!document.documentElement) return parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`).document as HtmlDocument;
  return document as HtmlDocument;
}

/** A fragment (mammoth's output, Readability's content) parsed as the body of a document. */
export async function parseHtmlFragment(html: string): Promise<DomNode | null> {
  return (await parseHtmlDocument(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`)).body;
}

export const textOf = (node: DomNode | null | undefined): string => (node?.textContent ?? "").replace(/\s+/g, " ").trim();

export function metaContent(doc: HtmlDocument, ...names: string[]): string | undefined {
  for (const name of names) {
    const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
    const value = el?.getAttribute("content")?.trim();
    if (value) return value;
  }
  return undefined;
}

const headingTag = (tag: string) => (/^h[1-6]$/.test(tag) ? Number(tag[1]) : undefined);
const sameText = (a: string, b: string) => a.replace(/\s/g, "") === b.replace(/\s/g, "");

/**
 * Content root → blocks. h1–h6 become headings, shifted so the body's top level is 2 (the
 * title is the page's, level 1, and not part of the body); bold-only blocks follow headings.ts;
 * figcaption is a caption. A copy of the title at the top of the body is dropped.
 */
export function webBlocks(root: DomNode, title: string | undefined): Block[] {
  const raw = rawBlocks(root);
  while (title && raw.length && raw.slice(0, 3).some((b) => sameText(b.text, title))) {
    raw.splice(raw.findIndex((b) => sameText(b.text, title)), 1);
  }
  const shift = levelShift(raw.map((b) => headingTag(b.tag)).filter((l): l is number => l !== undefined));
  const leveller = new BoldHeadingLeveller();
  return raw.map((b): Block => {
    const h = headingTag(b.tag);
    if (h !== undefined) {
      const level = Math.min(Math.max(h + shift, 2), 6);
      leveller.saw(level);
      return { kind: "heading", text: b.text, level };
    }
    if (b.tag === "figcaption" || b.tag === "caption") return { kind: "caption", text: b.text };
    if (b.bold) {
      const level = leveller.level(b.text);
      return level === undefined ? { kind: "paragraph", text: b.text, emphasis: true } : { kind: "heading", text: b.text, level };
    }
    return { kind: "paragraph", text: b.text };
  });
}
