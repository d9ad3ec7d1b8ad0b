/**
 * Web pages (.html, .htm) → blocks. The bytes are decoded by charset.ts (BOM, HTTP header,
 * <meta charset>, else UTF-8, GB18030 or BIG5; mojibake refused or warned about), its size and
 * shape are checked (html-shape.ts), then a WeChat 公众号 article is read by wechat.ts and any
 * other page by web-article.ts (Readability).
 */
import type { BlockDocument, Extractor, ExtractInfo } from "../blocks.ts";
import { decodeChecked } from "./charset.ts";
import { unreadable } from "./errors.ts";
import { checkHtml } from "./html-shape.ts";
import { limitsOf } from "./limits.ts";
import { assertText } from "./sniff.ts";
import { readWebArticle } from "./web-article.ts";
import { parseHtmlDocument } from "./web-blocks.ts";
import { isWeChatPage, readWeChat } from "./wechat.ts";

export const htmlExtractor: Extractor = {
  extensions: ["html", "htm"],
  async extract(bytes: Uint8Array, info: ExtractInfo): Promise<BlockDocument> {
    assertText(bytes, info.fileName);
    const limits = limitsOf(info.limits);
    if (bytes.length > limits.htmlBytes) checkHtml(bytes.length, "", info.fileName, limits);
    const { text: html, warnings } = decodeChecked(bytes, info.fileName, { html: true, contentType: info.contentType });
    checkHtml(bytes.length, html, info.fileName, limits);
    const doc = await parseHtmlDocument(html);
    const result = isWeChatPage(doc) ? readWeChat(doc) : await readWebArticle(html, doc);
    if (result.blocks.length === 0) throw unreadable("emptyHtml", info.fileName, "no main text found");
    return warnings.length ? { ...result, warnings: [...warnings, ...result.warnings] } : result;
  },
};
