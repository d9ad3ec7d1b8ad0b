import { randomBytes } from "node:crypto";
import { userMessageOf } from "../../../errors.ts";
import type { Logger } from "../../../logger.ts";
import { renderPlain } from "../../../reply/plain.ts";
import { splitText, utf8Bytes } from "../../../reply/split.ts";
import type { Reply } from "../../../reply/types.ts";
import type { Services } from "../../../dispatch/types.ts";
import type { ChatRepository } from "../../../store/chats.ts";
import { WecomCallbackError, type SignedQuery, type WecomCrypto } from "../crypto.ts";
import type { MsgIdDedupe } from "../dedupe.ts";
import type { UserRateLimiter } from "../../../interaction/rate-limit.ts";
import { chatRefOf, handleWecomMessage, welcomeText, type WecomMessageBody } from "../incoming.ts";
import { renderWecomMarkdown, WECOM_MARKDOWN_MAX_BYTES, WECOM_STREAM_MAX_BYTES, WECOM_TEXT_MAX_BYTES } from "../markdown.ts";
import {
  aibotStreamReply,
  aibotTextReply,
  appTextReply,
  appToBody,
  CallbackFormatError,
  envelope,
  parseEnvelope,
  parseMessage,
  type AibotMessage,
  type AppMessage,
  type EnvelopeSyntax,
} from "./formats.ts";

/** A stream reply's content may hold up to 20480 UTF-8 bytes (WeCom AI-bot passive reply). */
const TRUNCATED = "\n\n……（内容较长，已截断）";

export interface CallbackHandlerDeps {
  crypto: WecomCrypto;
  services: Services;
  logger: Logger;
  dedupe: MsgIdDedupe;
  /** WeCom waits 5 s for the answer; past this budget we answer empty and reply actively instead. */
  budgetMs: number;
  fetch: typeof fetch;
  now: () => Date;
  admins?: readonly string[];
  editors?: readonly string[];
  botName?: string;
  /** Keeps late work visible to stop(), so shutdown waits for active replies already under way. */
  track(work: Promise<unknown>): void;
  /** Records chats on contact, as the long connection does, so `digest` and stats see them. */
  chats?: ChatRepository;
  /** Per-user question limit (interaction/rate-limit.ts). */
  limiter?: UserRateLimiter;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType?: string;
}

const FORBIDDEN: HttpAnswer = { status: 403, body: "forbidden" };
const EMPTY: HttpAnswer = { status: 200, body: "" };

function signedQuery(params: URLSearchParams): SignedQuery | undefined {
  const msg_signature = params.get("msg_signature");
  const timestamp = params.get("timestamp");
  const nonce = params.get("nonce");
  if (!msg_signature || !timestamp || !nonce) return undefined;
  return { msg_signature, timestamp, nonce };
}

/** GET: URL verification from the admin console. Answers the bare plaintext (no quotes, no newline). */
export function handleVerify(params: URLSearchParams, deps: CallbackHandlerDeps): HttpAnswer {
  const q = signedQuery(params);
  // Base64 has no spaces: a space here is a "+" that a proxy or client left unencoded.
  const echostr = params.get("echostr")?.replace(/ /g, "+");
  if (!q || !echostr) return { status: 400, body: "missing msg_signature, timestamp, nonce or echostr" };
  try {
    return { status: 200, body: deps.crypto.verifyUrl({ ...q, echostr }), contentType: "text/plain; charset=utf-8" };
  } catch (err) {
    return reject(err, deps, "url verification");
  }
}

/** POST: one encrypted message. Always answers within the budget; never throws. */
export async function handleMessage(params: URLSearchParams, body: string, contentType: string, deps: CallbackHandlerDeps): Promise<HttpAnswer> {
  const q = signedQuery(params);
  if (!q) return { status: 400, body: "missing msg_signature, timestamp or nonce" };
  let syntax: EnvelopeSyntax;
  let plaintext: string;
  try {
    const env = parseEnvelope(body, contentType);
    syntax = env.syntax;
    plaintext = deps.crypto.decryptMessage(q, env.encrypt);
  } catch (err) {
    if (err instanceof CallbackFormatError) return { status: 400, body: "bad request" };
    return reject(err, deps, "message");
  }

  let message;
  try {
    message = parseMessage(plaintext);
  } catch (err) {
    // Signed and decrypted, so it really is from WeCom: answer 200 so it is not redelivered forever.
    deps.logger.warn({ err: (err as Error).message }, "wecom callback: undecodable message ignored");
    return EMPTY;
  }

  const msgid = message.kind === "aibot" ? message.body.msgid : message.msgId;
  if (msgid && deps.dedupe.seen(String(msgid))) {
    deps.logger.debug({ msgid }, "wecom callback: duplicate msgid ignored");
    return EMPTY;
  }

  const work = produce(message, syntax, deps).catch((err: unknown): Produced => {
    deps.logger.error({ err, msgid }, "wecom callback: building the reply failed");
    return { http: EMPTY };
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), deps.budgetMs);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== "late") return first.http;

  deps.logger.warn({ msgid, budgetMs: deps.budgetMs }, "wecom callback: answer not ready in time, replying actively");
  deps.track(work.then((produced) => sendLate(message, produced, deps)));
  return EMPTY;
}

interface Produced {
  http: HttpAnswer;
  /** The AI-bot answer as markdown before fitting, kept for an active reply when the passive one is too late. */
  markdown?: string;
}

/** Builds the encrypted passive reply (or an empty answer when there is nothing to say). */
async function produce(message: AibotMessage | AppMessage, syntax: EnvelopeSyntax, deps: CallbackHandlerDeps): Promise<Produced> {
  const { plaintext, markdown } =
    message.kind === "aibot" ? await aibotReply(message, deps) : { plaintext: await appReply(message, syntax, deps), markdown: undefined };
  if (plaintext === undefined) return { http: EMPTY };
  const { body, contentType } = envelope(deps.crypto.encryptReply(plaintext), syntax);
  return { http: { status: 200, body, contentType }, markdown };
}

async function aibotReply(message: AibotMessage, deps: CallbackHandlerDeps): Promise<{ plaintext?: string; markdown?: string }> {
  const body = message.body;
  if (body.msgtype === "event") {
    return body.event?.eventtype === "enter_chat" ? { plaintext: aibotTextReply(welcomeText(deps.services)) } : {};
  }
  // Only AI-bot chats are recorded: a self-built app's users are not reachable by the AI bot's pushes.
  const chat = chatRefOf(body);
  if (chat && deps.chats)
    await deps.chats.upsert(chat).catch((err: unknown) => deps.logger.warn({ err, msgid: body.msgid }, "wecom callback: could not record the chat"));
  const markdown = await answerAs(body, deps, (r) => renderWecomMarkdown(r));
  if (markdown === undefined) return {};
  return { plaintext: aibotStreamReply(randomBytes(8).toString("hex"), fitBytes(markdown, WECOM_STREAM_MAX_BYTES)), markdown };
}

async function appReply(message: AppMessage, syntax: EnvelopeSyntax, deps: CallbackHandlerDeps): Promise<string | undefined> {
  if (message.msgType === "event") return undefined;
  const text = await answerAs(appToBody(message), deps, (r) => renderPlain(r));
  if (text === undefined) return undefined;
  return appTextReply(message, fitBytes(text, WECOM_TEXT_MAX_BYTES), Math.floor(deps.now().getTime() / 1000), syntax);
}

/** Runs the message through the command registry; this is the callback transport's error boundary. */
async function answerAs(body: WecomMessageBody, deps: CallbackHandlerDeps, render: (r: Reply) => string): Promise<string | undefined> {
  let rendered: string;
  try {
    const result = await handleWecomMessage(body, {
      services: deps.services,
      now: deps.now,
      admins: deps.admins,
      editors: deps.editors,
      botName: deps.botName,
      limiter: deps.limiter,
    });
    if (result.kind === "dropped") return undefined;
    if (result.kind === "ignored") {
      deps.logger.debug({ reason: result.reason }, "wecom callback: message ignored");
      return undefined;
    }
    rendered = render(result.reply);
  } catch (err) {
    deps.logger.error({ err, msgid: body.msgid }, "wecom callback: handling failed");
    rendered = userMessageOf(err);
  }
  return rendered;
}

function fitBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  return (splitText(text, maxBytes - utf8Bytes(TRUNCATED), utf8Bytes)[0] ?? "") + TRUNCATED;
}

/**
 * The answer came too late for the passive reply. An AI bot gets it through the message's one-time
 * response_url (markdown); a self-built app would need an access token we are not configured with.
 */
async function sendLate(message: AibotMessage | AppMessage, produced: Produced, deps: CallbackHandlerDeps): Promise<void> {
  if (produced.http.body === "") return;
  if (message.kind === "app") {
    deps.logger.warn({ msgid: message.msgId }, "wecom callback: late answer dropped (self-built app has no active-send credentials here)");
    return;
  }
  const url = message.body.response_url;
  if (!url || !/^https?:\/\//.test(url) || produced.markdown === undefined) {
    deps.logger.warn({ msgid: message.body.msgid }, "wecom callback: late answer dropped (no response_url)");
    return;
  }
  const markdown = fitBytes(produced.markdown, WECOM_MARKDOWN_MAX_BYTES);
  try {
    const res = await deps.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "markdown", markdown: { content: markdown } }),
      signal: AbortSignal.timeout(10_000),
    });
    const data = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (!res.ok || (data.errcode ?? 0) !== 0) {
      deps.logger.warn({ status: res.status, errcode: data.errcode, errmsg: data.errmsg }, "wecom callback: active reply refused");
    }
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message }, "wecom callback: active reply failed");
  }
}

function reject(err: unknown, deps: CallbackHandlerDeps, what: string): HttpAnswer {
  if (err instanceof WecomCallbackError) {
    // The error names the check that failed; it never contains the token or the key.
    deps.logger.warn({ error: err.name, reason: err.message }, `wecom callback: ${what} rejected`);
    return FORBIDDEN;
  }
  deps.logger.error({ err }, `wecom callback: ${what} failed`);
  return { status: 500, body: "internal error" };
}
