/**
 * A platform-neutral reply. Core code builds these; each adapter renders them
 * (Telegram HTML, WeCom markdown, plain text) and escapes every string itself.
 */
export type SpanStyle = "bold" | "italic" | "code" | "mark";

export interface Span {
  text: string;
  style?: SpanStyle;
  href?: string;
}

export type Block =
  | { kind: "heading"; spans: Span[] }
  | { kind: "text"; spans: Span[] }
  | { kind: "quote"; spans: Span[] }
  | { kind: "list"; items: Span[][] };

/** What a button does; adapters map it to callback data, inline sharing or a command word. */
export type Action =
  | { type: "command"; command: string; args?: string }
  | { type: "share"; caseId: string; query: string }
  /** The next page of matches for a question ("其他单位"); adapters keep the question themselves. */
  | { type: "more"; query: string; page: number }
  | { type: "url"; url: string }
  /** 👍/👎 on an answer, or a 👎's reason; `answer` is the question log's id for it. */
  | { type: "feedback"; answer: string; choice: FeedbackChoice };

/** What a feedback button records: a vote, or the reason for a 👎 (which is a 👎 too). */
export type FeedbackChoice = "up" | "down" | "off-topic" | "outdated" | "other";

export interface Button {
  label: string;
  action: Action;
}

export type ReplyKind = "answer" | "nomatch" | "case" | "info" | "error" | "digest";

export interface Reply {
  kind: ReplyKind;
  blocks: Block[];
  /** Rows of buttons; platforms without buttons render them as hints or drop them. */
  buttons?: Button[][];
  /** The case this reply is about, when there is one (share cards, follow-ups). */
  caseId?: string;
}
