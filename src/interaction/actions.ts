import { renderMorePage } from "../answer/more.ts";
import type { CommandContext, AnsweringServices } from "../dispatch/types.ts";
import type { Action, FeedbackChoice, Reply } from "../reply/types.ts";
import { feedbackReply, recordFeedback } from "./feedback.ts";

/**
 * A button press as a platform hands it back. One type for every platform's buttons and cards;
 * a `more` whose question was kept in a memory that lost it (restart, eviction) has no `query`.
 */
export type DecodedAction =
  | { type: "command"; command: string; args: string }
  | { type: "more"; page: number; query?: string }
  | { type: "feedback"; answer: string; choice: FeedbackChoice };

export interface CodecOptions {
  /** The platform's payload limit in UTF-8 bytes (Telegram callback_data: 64, WeCom card key: 1024). */
  maxBytes: number;
  /** Keeps long fields (the question behind 其他单位) when the payload is too small to carry them; returns their key. */
  remember?: (query: string) => string;
}

export type ActionEncoder = (action: Action) => string | undefined;
type Recall = (key: string) => string | undefined;

/**
 * One grammar, two spellings. Payloads under COMPACT_BELOW bytes use the compact one; roomier ones
 * the spelled-out one, where the whole action rides in the payload. Decoding accepts both, so a
 * button already sent keeps working whichever platform it came from.
 *
 *   kind      compact                spelled out
 *   command   c:<command>:<args>     case:<id> (the full case) · cmd:<command>:<args>
 *   more      m:<page>[:<memory key>] more:<page>:<question>
 *   feedback  f:<answer>:<u|d|o|t|x>   feedback:<answer>:<up|down|off-topic|outdated|other>
 *
 * A new kind of button (feedback, paging through /stats) is one more Kind in KINDS.
 */
const COMPACT_BELOW = 256;
type Spelling = "compact" | "spelled-out";

interface Kind<A extends Action> {
  type: A["type"];
  encode(action: A, spelling: Spelling, remember: CodecOptions["remember"]): string;
  /** The decoded action when `data` is this kind in either spelling. */
  decode(data: string, recall: Recall): DecodedAction | undefined;
}

const command: Kind<Extract<Action, { type: "command" }>> = {
  type: "command",
  encode(a, spelling) {
    const args = a.args ?? "";
    if (spelling === "compact") return `c:${a.command}:${args}`;
    return a.command === "case" ? `case:${args}` : `cmd:${a.command}:${args}`;
  },
  decode(data) {
    const m = /^(?:c|cmd):([A-Za-z0-9_-]{1,32}):([\s\S]*)$/.exec(data);
    if (m?.[1]) return { type: "command", command: m[1], args: m[2] ?? "" };
    const c = /^case:([\s\S]+)$/.exec(data);
    if (c?.[1]) return { type: "command", command: "case", args: c[1] };
    return undefined;
  },
};

const more: Kind<Extract<Action, { type: "more" }>> = {
  type: "more",
  encode(a, spelling, remember) {
    if (spelling === "spelled-out") return `more:${a.page}:${a.query}`;
    return remember ? `m:${a.page}:${remember(a.query)}` : `m:${a.page}`;
  },
  decode(data, recall) {
    const m = /^m:(\d{1,4})(?::([A-Za-z0-9_-]{1,32}))?$/.exec(data);
    if (m) {
      const query = m[2] ? recall(m[2]) : undefined;
      return query ? { type: "more", page: Number(m[1]), query } : { type: "more", page: Number(m[1]) };
    }
    const s = /^more:(\d{1,4}):([\s\S]+)$/.exec(data);
    if (s?.[2]) return { type: "more", page: Number(s[1]), query: s[2] };
    return undefined;
  },
};

/** One letter per choice in the compact spelling: `f:<8-char id>:u` is 12 bytes. */
const CHOICE_LETTERS: Record<FeedbackChoice, string> = { up: "u", down: "d", "off-topic": "o", outdated: "t", other: "x" };
const CHOICE_OF_LETTER = new Map(Object.entries(CHOICE_LETTERS).map(([c, l]) => [l, c as FeedbackChoice]));
const CHOICES = new Set(Object.keys(CHOICE_LETTERS));

const feedback: Kind<Extract<Action, { type: "feedback" }>> = {
  type: "feedback",
  encode(a, spelling) {
    return spelling === "compact" ? `f:${a.answer}:${CHOICE_LETTERS[a.choice]}` : `feedback:${a.answer}:${a.choice}`;
  },
  decode(data) {
    const m = /^f:([A-Za-z0-9_-]{1,16}):([udotx])$/.exec(data);
    const choice = m?.[2] ? CHOICE_OF_LETTER.get(m[2]) : undefined;
    if (m?.[1] && choice) return { type: "feedback", answer: m[1], choice };
    const s = /^feedback:([A-Za-z0-9_-]{1,16}):([a-z-]{2,9})$/.exec(data);
    if (s?.[1] && s[2] && CHOICES.has(s[2])) return { type: "feedback", answer: s[1], choice: s[2] as FeedbackChoice };
    return undefined;
  },
};

/** Every kind of button payload, by action type. Share and link buttons have no payload. */
const KINDS: Partial<Record<Action["type"], Kind<Action>>> = { command, more, feedback };

/** The payload for a button, or undefined when the action has none (share, url) or does not fit. */
export function encodeAction(action: Action, opts: CodecOptions): string | undefined {
  const spelling: Spelling = opts.maxBytes < COMPACT_BELOW ? "compact" : "spelled-out";
  const data = KINDS[action.type]?.encode(action, spelling, opts.remember);
  // Dropped rather than truncated into something that means another thing.
  return data !== undefined && Buffer.byteLength(data, "utf8") <= opts.maxBytes ? data : undefined;
}

export function decodeAction(data: unknown, recall: Recall = () => undefined): DecodedAction | undefined {
  if (typeof data !== "string") return undefined;
  for (const kind of Object.values(KINDS)) {
    const decoded = kind.decode(data, recall);
    if (decoded) return decoded;
  }
  return undefined;
}

/**
 * The one handler for buttons and cards: what a decoded press does, or undefined when it is stale
 * (its command no longer exists, or its question was forgotten and cannot be recovered). Resolving
 * first lets an adapter acknowledge the press (Telegram's callback answer) before the work runs.
 */
export function resolveAction(
  action: DecodedAction,
  services: AnsweringServices,
  recoverQuestion: () => string | undefined = () => undefined,
): ((ctx: CommandContext) => Promise<Reply>) | undefined {
  switch (action.type) {
    case "command": {
      const found = services.registry.get(action.command);
      return found ? (ctx) => found.run(ctx, action.args) : undefined;
    }
    case "more": {
      const query = action.query ?? recoverQuestion();
      return query ? async () => renderMorePage(services.answerer, query, action.page) : undefined;
    }
    case "feedback":
      // Adapters with a toast (Telegram) call recordFeedback themselves; this is the plain fallback.
      return async (ctx) => feedbackReply(recordFeedback(services.questions, action.answer, action.choice, { platform: ctx.chat.platform, id: ctx.user.id }));
  }
}
