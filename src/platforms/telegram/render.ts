import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { splitText, utf16Length } from "../../reply/split.ts";
import type { Action, Block, Button, Reply, Span, SpanStyle } from "../../reply/types.ts";
import type { ActionEncoder } from "../../interaction/actions.ts";
import { wellFormed } from "../../safety/input.ts";
import { callbackEncoder } from "./callback-data.ts";

/** Telegram counts the limit on the text after entity parsing, in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;
export const INLINE_QUERY_LIMIT = 256;

export interface TelegramChunk {
  /** HTML for parse_mode "HTML"; every corpus and user string is escaped. */
  text: string;
  reply_markup?: InlineKeyboardMarkup;
}

export interface RenderOptions {
  /** Maps a button action to callback data; the default keeps what fits in 64 bytes and drops the rest. */
  encode?: ActionEncoder;
  /** Visible characters per message (tests use small limits). */
  limit?: number;
}

/**
 * Renders a neutral Reply as Telegram HTML messages. Blocks are packed into messages of at most
 * `limit` visible characters, breaking only between blocks; a block that alone is too long is cut at
 * paragraph/line/sentence boundaries of its visible text (src/reply/split.ts) and each piece is
 * re-tagged, so no tag is ever broken. Buttons go under the last message.
 */
export function renderTelegram(reply: Reply, opts: RenderOptions = {}): TelegramChunk[] {
  const limit = opts.limit ?? TELEGRAM_TEXT_LIMIT;
  const pieces = reply.blocks.flatMap((b) => splitBlock(toRun(b), limit));
  const chunks: Run[][] = [];
  let current: Run[] = [];
  let used = 0;
  for (const piece of pieces) {
    const size = visibleLength(piece);
    if (size === 0) continue;
    const sep = current.length ? 2 : 0;
    if (current.length && used + sep + size > limit) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    used += (current.length ? 2 : 0) + size;
    current.push(piece);
  }
  if (current.length) chunks.push(current);
  if (!chunks.length) chunks.push([{ spans: [{ text: "（无内容）" }] }]);

  const out: TelegramChunk[] = chunks.map((runs) => ({ text: wellFormed(runs.map(runHtml).join("\n\n")) }));
  const markup = renderKeyboard(reply.buttons ?? [], opts.encode ?? callbackEncoder());
  const last = out[out.length - 1];
  if (markup && last) last.reply_markup = markup;
  return out;
}

/** Escapes text for Telegram HTML (also safe inside double-quoted attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** Only web and Telegram links become clickable; anything else (javascript:, data:) stays text. */
export function safeHref(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href);
    return u.protocol === "https:" || u.protocol === "http:" || u.protocol === "tg:" ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function renderKeyboard(rows: Button[][], encode: ActionEncoder = callbackEncoder()): InlineKeyboardMarkup | undefined {
  const keyboard = rows.map((row) => row.flatMap((b) => renderButton(b, encode))).filter((row) => row.length > 0);
  return keyboard.length ? { inline_keyboard: keyboard } : undefined;
}

function renderButton(b: Button, encode: ActionEncoder): InlineKeyboardButton[] {
  const action: Action = b.action;
  switch (action.type) {
    case "url": {
      const url = safeHref(action.url);
      return url ? [{ text: b.label, url }] : [];
    }
    case "share":
      // Inline queries hold at most 256 UTF-16 units; a longer question is cut (never inside a pair), not refused.
      return [{ text: b.label, switch_inline_query: cutUtf16(wellFormed(action.query), INLINE_QUERY_LIMIT) }];
    default: {
      const data = encode(action);
      return data ? [{ text: b.label, callback_data: data }] : [];
    }
  }
}

/** A block flattened to styled spans; quotes keep their wrapper. */
interface Run {
  quote?: boolean;
  spans: Span[];
}

function toRun(block: Block): Run {
  switch (block.kind) {
    case "heading":
      return { spans: block.spans.map((s) => ({ ...s, style: "bold" as SpanStyle })) };
    case "text":
      return { spans: block.spans };
    case "quote":
      return { quote: true, spans: block.spans };
    case "list":
      return { spans: block.items.flatMap((item, i) => [{ text: (i ? "\n" : "") + "• " }, ...item]) };
  }
}

function visibleLength(run: Run): number {
  return run.spans.reduce((n, s) => n + utf16Length(s.text), 0);
}

/** Cuts one over-long run at boundaries found on its visible text, keeping each span's style. */
function splitBlock(run: Run, limit: number): Run[] {
  const text = run.spans.map((s) => s.text).join("");
  if (utf16Length(text) <= limit) return [run];
  const out: Run[] = [];
  let from = 0;
  for (const piece of splitText(text, limit)) {
    const start = text.indexOf(piece, from);
    const end = start + piece.length;
    out.push({ ...run, spans: sliceSpans(run.spans, start, end) });
    from = end;
  }
  return out;
}

function sliceSpans(spans: Span[], start: number, end: number): Span[] {
  const out: Span[] = [];
  let pos = 0;
  for (const s of spans) {
    const a = Math.max(start, pos);
    const b = Math.min(end, pos + s.text.length);
    if (a < b) out.push({ ...s, text: s.text.slice(a - pos, b - pos) });
    pos += s.text.length;
  }
  return out;
}

const TAG: Record<SpanStyle, string> = { bold: "b", italic: "i", code: "code", mark: "u" };

function spanHtml(s: Span): string {
  let html = escapeHtml(s.text);
  if (s.style) {
    const tag = TAG[s.style];
    // Highlighted terms read best bold and underlined; other styles map one to one.
    html = s.style === "mark" ? `<b><u>${html}</u></b>` : `<${tag}>${html}</${tag}>`;
  }
  const href = safeHref(s.href);
  return href ? `<a href="${escapeHtml(href)}">${html}</a>` : html;
}

function runHtml(run: Run): string {
  const html = run.spans.map(spanHtml).join("");
  return run.quote ? `<blockquote>${html}</blockquote>` : html;
}

/** At most `limit` UTF-16 code units of `text`, whole code points only. */
function cutUtf16(text: string, limit: number): string {
  let out = "";
  for (const ch of text) {
    if (out.length + ch.length > limit) break;
    out += ch;
  }
  return out;
}
