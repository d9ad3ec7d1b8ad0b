import type { Block, Reply, ReplyKind, Span } from "./types.ts";

/** Small constructors so reply-building code reads like the message it builds. */
export const span = (text: string, style?: Span["style"]): Span => (style ? { text, style } : { text });
export const bold = (text: string): Span => ({ text, style: "bold" });
export const link = (text: string, href: string): Span => ({ text, href });

export const heading = (...spans: Array<Span | string>): Block => ({ kind: "heading", spans: spans.map(toSpan) });
export const para = (...spans: Array<Span | string>): Block => ({ kind: "text", spans: spans.map(toSpan) });
export const quote = (...spans: Array<Span | string>): Block => ({ kind: "quote", spans: spans.map(toSpan) });
export const list = (items: Array<Array<Span | string> | string>): Block => ({
  kind: "list",
  items: items.map((it) => (typeof it === "string" ? [span(it)] : it.map(toSpan))),
});

export function reply(kind: ReplyKind, blocks: Block[], extra: Omit<Reply, "kind" | "blocks"> = {}): Reply {
  return { kind, blocks, ...extra };
}

/** A one-paragraph reply, for short confirmations and errors. */
export function textReply(kind: ReplyKind, text: string): Reply {
  return { kind, blocks: text.split(/\n{2,}/).map((p) => para(p)) };
}

function toSpan(s: Span | string): Span {
  return typeof s === "string" ? { text: s } : s;
}
