import type { Block, Reply, Span } from "./types.ts";

/** Plain-text rendering: the console, the CLI's `reply` field and webhook text fallbacks. */
export interface PlainOptions {
  /** Show command buttons as "label：word args" hints (default true). */
  buttons?: boolean;
  /** Maps a command name to the word users type (registry.wordFor); defaults to the name. */
  commandWord?: (name: string) => string;
}

export function renderPlain(reply: Reply, opts: PlainOptions = {}): string {
  const parts = reply.blocks.map(renderBlock);
  if (opts.buttons !== false && reply.buttons?.length) {
    const word = opts.commandWord ?? ((n: string) => n);
    const hints = reply.buttons.flat().flatMap((b) =>
      b.action.type === "command" ? [`${b.label}：${[word(b.action.command), b.action.args].filter(Boolean).join(" ")}`] : [],
    );
    if (hints.length) parts.push(hints.join("\n"));
  }
  return parts.join("\n\n");
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case "heading":
      return `【${spans(block.spans)}】`;
    case "text":
      return spans(block.spans);
    case "quote":
      return spans(block.spans)
        .split("\n")
        .map((l) => `> ${l}`)
        .join("\n");
    case "list":
      return block.items.map((it) => `· ${spans(it)}`).join("\n");
  }
}

function spans(list: Span[]): string {
  return list.map((s) => (s.href ? `${s.text}（${s.href}）` : s.text)).join("");
}
