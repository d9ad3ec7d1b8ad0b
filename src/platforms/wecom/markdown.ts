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
  const parts = reply.blocks.map(renderBlock);
  if (opts.commandHints !== false && reply.buttons?.length) {
    const word = opts.commandWord ?? ((n: string) => n);
    const hints = reply.buttons.flat().flatMap((b) =>
      b.action.type === "command" ? [`${escapeWecomMarkdown(b.label)}：发送“${escapeWecomMarkdown(word(b.action.command))}${b.action.args ? " " + escapeWecomMarkdown(b.action.args) : ""}”`] : [],
    );
    if (hints.length) parts.push(`<font color="comment">${hints.join("\n")}</font>`);
  }
  return parts.join("\n\n");
}

/** Splits rendered markdown into messages of at most `maxBytes` UTF-8 bytes, on paragraph breaks. */
export function splitWecomMarkdown(markdown: string, maxBytes = WECOM_MARKDOWN_MAX_BYTES): string[] {
  return splitText(markdown, maxBytes, utf8Bytes);
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "heading":
      return `**${spans(block.spans)}**`;
    case "text":
      return spans(block.spans);
    case "quote":
      return spans(block.spans)
        .split("\n")
        .map((l) => `> ${l}`)
        .join("\n");
    case "list":
      return block.items.map((it) => `- ${spans(it)}`).join("\n");
  }
}

function spans(list: Span[]): string {
  return list
    .map((s) => {
      const t = escapeWecomMarkdown(s.text);
      if (s.href && /^https?:\/\//.test(s.href)) return `[${t}](${safeHref(s.href)})`;
      if (s.style === "bold") return `**${t}**`;
      if (s.style === "mark") return `<font color="warning">${t}</font>`;
      if (s.style === "code") return `\`${t}\``;
      return t;
    })
    .join("");
}

// encodeURIComponent leaves ( and ) alone, but a ")" would end the markdown link early.
function safeHref(href: string): string {
  return href.replace(/[()\s]/g, (c) => (c === "(" ? "%28" : c === ")" ? "%29" : encodeURIComponent(c)));
}
