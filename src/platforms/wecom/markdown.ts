import type { Block, Reply, Span } from "../../reply/types.ts";
import { splitText, utf8Bytes } from "../../reply/split.ts";

/** WeCom markdown messages (AI-bot replies, group-robot webhooks) are limited by UTF-8 bytes. */
export const WECOM_MARKDOWN_MAX_BYTES = 4096;
export const WECOM_TEXT_MAX_BYTES = 2048;
/** An AI-bot stream reply (aibot_respond_msg, msgtype stream) may carry up to 20480 bytes. */
export const WECOM_STREAM_MAX_BYTES = 20480;

export interface WecomMarkdownOptions {
  /** Render command buttons as "send this word" hints (default true); off when buttons go into a card. */
  commandHints?: boolean;
  /** Maps a command name to the word users type (registry.wordFor); WeCom has no slash menu. */
  commandWord?: (name: string) => string;
  /**
   * `<font color>` tags (default true). Classic markdown (group robots) renders them; the AI bot's
   * stream markdown is not documented to, so AI-bot output marks terms in bold instead.
   */
  colors?: boolean;
}

/**
 * WeCom markdown has no escape character, so user and corpus text is neutralised by swapping
 * markdown metacharacters for their full-width look-alikes: what people see is the same text,
 * but it can no longer open a link, bold run or font tag.
 */
export function escapeWecomMarkdown(text: string): string {
  return text
    .replace(/[*`[\]<>_~|]/g, (c) => FULL_WIDTH[c] ?? c)
    .replace(/^(\s*)([#>\-+]|\d+\.)/gm, (_m, sp: string, mark: string) => sp + (FULL_WIDTH[mark] ?? `${mark}\u200b`));
}

const FULL_WIDTH: Record<string, string> = {
  "*": "＊", "`": "｀", "[": "［", "]": "］", "<": "＜", ">": "＞", _: "＿", "~": "～", "|": "｜", "#": "＃", "-": "－", "+": "＋",
};

export function renderWecomMarkdown(reply: Reply, opts: WecomMarkdownOptions = {}): string {
  const colors = opts.colors !== false;
  const parts = reply.blocks.map((b) => renderBlock(b, colors));
  if (opts.commandHints !== false && reply.buttons?.length) {
    const word = opts.commandWord ?? ((n: string) => n);
    const hints = reply.buttons.flat().flatMap((b) => {
      if (b.action.type !== "command") return [];
      const typed = escapeWecomMarkdown(word(b.action.command)) + (b.action.args ? " " + escapeWecomMarkdown(b.action.args) : "");
      return [`${escapeWecomMarkdown(b.label)}：发送“${typed}”`];
    });
    if (hints.length) parts.push(colors ? `<font color="comment">${hints.join("\n")}</font>` : hints.join("\n"));
  }
  return parts.join("\n\n");
}

/** Splits rendered markdown into messages of at most `maxBytes` UTF-8 bytes, on paragraph breaks. */
export function splitWecomMarkdown(markdown: string, maxBytes = WECOM_MARKDOWN_MAX_BYTES): string[] {
  return splitText(markdown, maxBytes, utf8Bytes);
}

function renderBlock(block: Block, colors: boolean): string {
  switch (block.kind) {
    case "heading":
      // Styles inside a bold heading would nest "**" runs, which WeCom renders as stray stars.
      return `**${escapeWecomMarkdown(block.spans.map((s) => s.text).join(""))}**`;
    case "text":
      return spans(block.spans, colors);
    case "quote":
      return spans(block.spans, colors)
        .split("\n")
        .map((l) => `> ${l}`)
        .join("\n");
    case "list":
      return block.items.map((it) => `- ${spans(it, colors)}`).join("\n");
  }
}

function spans(list: Span[], colors: boolean): string {
  return list
    .map((s) => {
      const t = escapeWecomMarkdown(s.text);
      if (s.href && /^https?:\/\//.test(s.href)) return `[${t}](${safeHref(s.href)})`;
      if (!t.trim()) return t;
      if (s.style === "bold") return `**${t}**`;
      if (s.style === "mark") return colors ? `<font color="warning">${t}</font>` : `**${t}**`;
      if (s.style === "code") return `\`${t}\``;
      return t;
    })
    .join("");
}

// encodeURIComponent leaves ( and ) alone, but a ")" would end the markdown link early.
function safeHref(href: string): string {
  return href.replace(/[()\s]/g, (c) => (c === "(" ? "%28" : c === ")" ? "%29" : encodeURIComponent(c)));
}
