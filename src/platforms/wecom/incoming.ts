/**
 * Decoding of WeCom AI-bot messages into the neutral command shape. Both transports — the
 * WebSocket long connection (aibot/) and the encrypted HTTP callback (callback/) — deliver the
 * same JSON body, so both call handleWecomMessage() and only differ in how they send the reply.
 */
import type { ChatRef, UserRef } from "../../chat.ts";
import { dispatch } from "../../dispatch/dispatch.ts";
import { commandWordFor } from "../../dispatch/registry.ts";
import type { CommandContext, Services } from "../../dispatch/types.ts";
import { welcome } from "../../interaction/welcome.ts";
import { textReply } from "../../reply/build.ts";
import { renderPlain } from "../../reply/plain.ts";
import type { Reply } from "../../reply/types.ts";
import { WECOM_CAPABILITIES } from "./profile.ts";
import type { UserRateLimiter } from "../../interaction/rate-limit.ts";
import { RATE_LIMITED } from "../../messages/catalog.ts";

/** The fields of an aibot_msg_callback body we read; everything is optional because input is untrusted. */
export interface WecomMessageBody {
  msgid?: string;
  aibotid?: string;
  /** Only present in group chats. */
  chatid?: string;
  chattype?: string;
  from?: { userid?: string; corpid?: string };
  msgtype?: string;
  text?: { content?: string };
  mixed?: { msg_item?: Array<{ msgtype?: string; text?: { content?: string } }> };
  /** Voice messages arrive already transcribed. */
  voice?: { content?: string };
  /** A file message: its encrypted download URL (valid 5 minutes) and the key to decrypt it. */
  file?: { url?: string; aeskey?: string };
  event?: { eventtype?: string; event_key?: string; task_id?: string };
}

export interface WecomIncomingOptions {
  services: Services;
  /**
   * User ids allowed to change a group's subscription (WECOM_ADMINS). The AI-bot API has no
   * "is this member a group admin" lookup, so with an empty list the editors (WECOM_EDITORS) are
   * the group admins, and with both empty nobody manages a group from chat.
   */
  admins?: readonly string[];
  /** WECOM_EDITORS: userids that may upload newsletters and read 统计. */
  editors?: readonly string[];
  /** The bot's display name, when known: `@name` is then removed anywhere in the text. */
  botName?: string;
  now?: () => Date;
  /** Per-user limit on questions (interaction/rate-limit.ts). */
  limiter?: UserRateLimiter;
}

export type WecomIncomingResult =
  | { kind: "reply"; reply: Reply; ctx: CommandContext; text: string }
  | { kind: "ignored"; reason: string }
  /** Over the per-user limit and already told so this window: no answer at all. */
  | { kind: "dropped" };

/** The user's text from a text, mixed (text parts joined) or voice message; undefined for other types. */
export function extractText(body: WecomMessageBody): string | undefined {
  switch (body.msgtype) {
    case "text":
      return typeof body.text?.content === "string" ? body.text.content : undefined;
    case "voice":
      return typeof body.voice?.content === "string" ? body.voice.content : undefined;
    case "mixed": {
      const items = Array.isArray(body.mixed?.msg_item) ? body.mixed.msg_item : [];
      const parts = items.flatMap((it) => (it?.msgtype === "text" && typeof it.text?.content === "string" ? [it.text.content] : []));
      return parts.length ? parts.join("\n") : undefined;
    }
    default:
      return undefined;
  }
}

// WeCom clients put U+2005 (four-per-em space) or NBSP after a mention.
const MENTION_GAP = "[\\s\\u00a0\\u2005\\u3000]";

/**
 * Removes the @bot mention. Group messages reach the bot only when it was mentioned, and the
 * mention comes first, so leading `@name` tokens go; with a known bot name, `@name` goes anywhere.
 */
export function stripMention(text: string, botName?: string): string {
  let t = text.replace(new RegExp(`^(?:${MENTION_GAP}*@[^\\s\\u00a0\\u2005\\u3000]+(?:${MENTION_GAP}+|$))+`, "u"), "");
  if (botName) t = t.split(`@${botName}`).join(" ");
  return t.trim();
}

/** Where the message came from; a single chat is addressed by the sender's userid (as aibot_send_msg expects). */
export function chatRefOf(body: WecomMessageBody): ChatRef | undefined {
  const userId = idOf(body.from?.userid);
  if (body.chattype === "group") {
    const chatId = idOf(body.chatid);
    return chatId ? { platform: "wecom", chatId, type: "group" } : undefined;
  }
  return userId ? { platform: "wecom", chatId: userId, type: "private" } : undefined;
}

export function userRefOf(body: WecomMessageBody): UserRef {
  return { id: idOf(body.from?.userid) ?? "unknown" };
}

/** Ids are non-empty strings of sane length; anything else in a forged or broken body is dropped. */
function idOf(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 && v.length <= 256 ? v : undefined;
}

export function wecomContext(body: WecomMessageBody, chat: ChatRef, opts: WecomIncomingOptions): CommandContext {
  const user = userRefOf(body);
  const admins = opts.admins ?? [];
  return {
    chat,
    user,
    services: opts.services,
    capabilities: WECOM_CAPABILITIES,
    // The AI-bot API cannot tell who administers a group: WECOM_ADMINS says so, else the editors do
    // (an open group must not let any member redirect or stop its pushes).
    isAdmin: async () => chat.type === "private" || (admins.length > 0 ? admins : (opts.editors ?? [])).includes(user.id),
    isEditor: (opts.editors ?? []).includes(user.id),
    now: opts.now ?? (() => new Date()),
    bot: { username: opts.botName },
  };
}

/**
 * Decodes one message body and runs it through the command registry. Chinese command words work
 * without a slash (帮助, 搜索 <词>, 案例 <单位> …) because WeCom has no command menu.
 * Throws whatever the command throws: the caller is the platform's error boundary.
 */
export async function handleWecomMessage(body: WecomMessageBody, opts: WecomIncomingOptions): Promise<WecomIncomingResult> {
  const chat = chatRefOf(body);
  if (!chat) return { kind: "ignored", reason: "no chat or sender id" };
  const raw = extractText(body);
  if (raw === undefined) return { kind: "ignored", reason: `unsupported msgtype ${String(body.msgtype)}` };
  const text = stripMention(raw, opts.botName);
  const ctx = wecomContext(body, chat, opts);
  const verdict = opts.limiter?.check(ctx.user.id) ?? "ok";
  if (verdict === "drop") return { kind: "dropped" };
  if (verdict === "notify") return { kind: "reply", reply: textReply("error", RATE_LIMITED), ctx, text };
  const reply = await dispatch(ctx, text);
  return { kind: "reply", reply, ctx, text };
}

/** The shared welcome (src/interaction/welcome.ts) as the plain text WeCom's enter-chat reply takes. */
export function welcomeText(services: Services): string {
  return renderPlain(welcome(services, { chat: "private", commandWord: commandWordFor(WECOM_CAPABILITIES, services.registry) }));
}
