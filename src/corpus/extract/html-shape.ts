import { LIMIT_MESSAGES } from "../../messages/documents.ts";
import { limitExceeded } from "./errors.ts";
import { megabytes, type ExtractLimits } from "./limits.ts";

/**
 * The size and shape check for web pages, before any parser builds a tree. HTML parsers
 * (htmlparser2 under linkedom) and Readability slow down with nesting depth far faster than
 * linearly: a 2 MB page of 200,000 nested <div>s takes over a minute to parse, where a normal
 * page of that size takes a fraction of a second. So the tags are counted first with one pass
 * of a regular expression: elements, and how deep the container elements nest. Void elements,
 * self-closed tags and elements whose end tag may be left out (p, li, td …) never add depth, so
 * sloppy but ordinary pages measure their real depth; script, style and comments are skipped.
 */
// No part of a tag may run past the next "<": a page of "<a<a<a…" stays one linear pass.
const TAG = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea|title)\b[^<>]*>[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][^\s/<>]*)[^<>]*?(\/?)>/g;
const FLAT = new Set(
  (
    "area base br col embed hr img input link meta source track wbr param keygen " +
    "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rp"
  ).split(" "),
);

export interface HtmlShape {
  elements: number;
  depth: number;
}

/** Elements and nesting depth, measured up to the point a limit is passed. */
export function measureHtml(html: string, limits: Pick<ExtractLimits, "htmlDepth" | "htmlElements">): HtmlShape {
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (m[1]) {
      elements++; // a script, style, textarea or title, contents skipped
      continue;
    }
    const name = m[3]?.toLowerCase();
    if (!name) continue; // a comment
    const flat = FLAT.has(name);
    if (m[2]) {
      if (!flat && depth > 0) depth--;
      continue;
    }
    elements++;
    if (!flat && !m[4]) deepest = Math.max(deepest, ++depth);
    if (deepest > limits.htmlDepth || elements > limits.htmlElements) break;
  }
  return { elements, depth: deepest };
}

/** Refuses a page over its size, depth or element limit (the refusal names which). */
export function checkHtml(bytes: number, html: string, fileName: string, limits: Pick<ExtractLimits, "htmlBytes" | "htmlDepth" | "htmlElements">): void {
  if (bytes > limits.htmlBytes) throw limitExceeded(fileName, `${bytes} bytes of HTML`, LIMIT_MESSAGES.htmlBytes(megabytes(limits.htmlBytes)));
  const shape = measureHtml(html, limits);
  if (shape.depth > limits.htmlDepth)
    throw limitExceeded(fileName, `elements nested over ${limits.htmlDepth} deep`, LIMIT_MESSAGES.htmlDepth(limits.htmlDepth));
  if (shape.elements > limits.htmlElements)
    throw limitExceeded(fileName, `over ${limits.htmlElements} elements`, LIMIT_MESSAGES.htmlElements(limits.htmlElements));
}
