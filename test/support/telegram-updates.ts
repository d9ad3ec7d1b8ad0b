/**
 * Builders for Telegram updates as the real server sends them, for unit tests (bot.handleUpdate)
 * and the fake Bot API server (pushUpdate). Entity offsets are UTF-16 code units, like Telegram's.
 */
import type { Update } from "grammy/types";
import { TEST_BOT_INFO } from "./bot-api-server.ts";

export const PRIVATE_USER = { id: 1001, is_bot: false, first_name: "小王", username: "xiaowang", language_code: "zh-hans" };
export const OTHER_USER = { id: 1002, is_bot: false, first_name: "老李" };
export const SUPERGROUP = { id: -1001234567890, type: "supergroup" as const, title: "人大工作交流群" };
export const FORUM = { id: -1009876543210, type: "supergroup" as const, title: "代表履职论坛", is_forum: true as const };
export const BASIC_GROUP = { id: -4001, type: "group" as const, title: "老群" };

let nextUpdate = 1000;
let nextMessage = 500;
const date = () => Math.floor(Date.now() / 1000);

type Chat = { id: number; type: "private" | "group" | "supergroup"; title?: string; is_forum?: true };
type From = typeof PRIVATE_USER | typeof OTHER_USER;

export interface TextOptions {
  chat?: Chat;
  from?: From;
  /** Forum topic. */
  threadId?: number;
  /** The message this one replies to (e.g. one of the bot's). */
  replyTo?: Record<string, unknown>;
  /** Mark `@username` / `/command` occurrences as entities (default true). */
  entities?: boolean;
  updateId?: number;
}

/** What every incoming message carries: a fresh id, the time, the chat (a private chat is the sender's) and the sender. */
function messageBase(chat: Chat = { id: PRIVATE_USER.id, type: "private" }, from: From = PRIVATE_USER): Record<string, unknown> {
  return {
    message_id: nextMessage++,
    date: date(),
    chat: chat.type === "private" ? { id: chat.id, type: "private", first_name: from.first_name } : chat,
    from,
  };
}

/** A text message; `@mentions`, `/commands` and `https://` links get entities with UTF-16 offsets. */
export function textUpdate(text: string, o: TextOptions = {}): Update {
  const msg: Record<string, unknown> = { ...messageBase(o.chat, o.from), text };
  if (o.entities !== false) {
    const entities = findEntities(text);
    if (entities.length) msg.entities = entities;
  }
  if (o.threadId !== undefined) {
    msg.message_thread_id = o.threadId;
    msg.is_topic_message = true;
  }
  if (o.replyTo) msg.reply_to_message = o.replyTo;
  return { update_id: o.updateId ?? nextUpdate++, message: msg } as unknown as Update;
}

export function findEntities(text: string): Array<{ type: string; offset: number; length: number }> {
  const out: Array<{ type: string; offset: number; length: number }> = [];
  for (const m of text.matchAll(/@[A-Za-z0-9_]{5,32}/g)) out.push({ type: "mention", offset: m.index, length: m[0].length });
  const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  if (cmd) out.push({ type: "bot_command", offset: 0, length: cmd[0].length });
  return out.sort((a, b) => a.offset - b.offset);
}

/** A message the bot sent earlier (for reply_to_message). */
export function botMessage(text: string, chat: Chat, messageId = 77): Record<string, unknown> {
  return {
    message_id: messageId,
    date: date(),
    chat,
    from: { id: TEST_BOT_INFO.id, is_bot: true, first_name: TEST_BOT_INFO.first_name, username: TEST_BOT_INFO.username },
    text,
  };
}

export function callbackUpdate(data: string, message: Record<string, unknown>, from: From = PRIVATE_USER): Update {
  return {
    update_id: nextUpdate++,
    callback_query: { id: `cb${nextUpdate}`, from, chat_instance: "ci-1", data, message },
  } as unknown as Update;
}

export function inlineUpdate(query: string, from: From = PRIVATE_USER): Update {
  return { update_id: nextUpdate++, inline_query: { id: `iq${nextUpdate}`, from, query, offset: "" } } as unknown as Update;
}

export function memberUpdate(chat: Chat, oldStatus: string, newStatus: string, from: From = OTHER_USER): Update {
  const bot = { id: TEST_BOT_INFO.id, is_bot: true, first_name: TEST_BOT_INFO.first_name, username: TEST_BOT_INFO.username };
  return {
    update_id: nextUpdate++,
    my_chat_member: {
      chat,
      from,
      date: date(),
      old_chat_member: { status: oldStatus, user: bot },
      new_chat_member: newStatus === "kicked" ? { status: "kicked", user: bot, until_date: 0 } : { status: newStatus, user: bot },
    },
  } as unknown as Update;
}

/** The service message a basic group posts when it becomes a supergroup. */
export function migrateUpdate(from: Chat, toId: number): Update {
  return {
    update_id: nextUpdate++,
    message: { message_id: nextMessage++, date: date(), chat: from, from: OTHER_USER, migrate_to_chat_id: toId },
  } as unknown as Update;
}

/** A document message (`file` as the Bot API server's addFile returned it); a caption's @mentions get entities. */
export function documentUpdate(
  file: { file_id: string; file_unique_id: string; file_size?: number },
  o: { fileName?: string; mimeType?: string; caption?: string; chat?: Chat; from?: From } = {},
): Update {
  const msg: Record<string, unknown> = {
    ...messageBase(o.chat, o.from),
    document: { ...file, ...(o.fileName && { file_name: o.fileName }), ...(o.mimeType && { mime_type: o.mimeType }) },
  };
  if (o.caption !== undefined) {
    msg.caption = o.caption;
    const entities = findEntities(o.caption);
    if (entities.length) msg.caption_entities = entities;
  }
  return { update_id: nextUpdate++, message: msg } as unknown as Update;
}
