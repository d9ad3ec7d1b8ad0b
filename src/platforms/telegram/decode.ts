import type { Chat, Message, MessageEntity, User, UserFromGetMe } from "grammy/types";
import type { Registry, ChatRef, UserRef } from "../../dispatch/types.ts";

/** A message the bot should answer, with the bot's own @mentions removed. */
export interface Addressed {
  kind: "command" | "question";
  text: string;
}

export function chatRef(chat: Chat, topicId?: number): ChatRef {
  const title = "title" in chat && chat.title ? chat.title : undefined;
  return {
    platform: "telegram",
    chatId: String(chat.id),
    type: chat.type === "private" ? "private" : "group",
    topicId: topicId !== undefined ? String(topicId) : undefined,
    title,
  };
}

export function userRef(from: User | undefined): UserRef {
  if (!from) return { id: "unknown" };
  const name = [from.first_name, from.last_name].filter(Boolean).join(" ");
  return { id: String(from.id), name: name || undefined };
}

/** The forum topic a message belongs to (not the reply thread of an ordinary group). */
export function topicOf(msg: Message | undefined): number | undefined {
  return msg?.is_topic_message ? msg.message_thread_id : undefined;
}

/**
 * Decides whether a message is for us. Private chats: any text. Groups: a command (ours, or
 * `/cmd@us`), an @mention of the bot anywhere, or a reply to one of the bot's messages.
 * Unrelated chatter and commands for other bots return undefined.
 */
export function addressed(msg: Message, me: UserFromGetMe, registry: Registry): Addressed | undefined {
  const text = msg.text;
  if (text === undefined) return undefined;
  const entities = msg.entities ?? [];
  const isPrivate = msg.chat.type === "private";

  const command = entities.find((e) => e.type === "bot_command" && e.offset === 0);
  if (command) {
    const token = text.slice(1, command.length);
    const [name = "", target] = token.split("@");
    // In a group, /cmd@otherbot is another bot's. A private chat holds only us and the user, so
    // whatever its target (or a malformed one, /x@), the user is talking to us and is answered.
    if (!isPrivate && target !== undefined && target.toLowerCase() !== me.username.toLowerCase()) return undefined;
    // In a group, a bare /foo we don't know is probably another bot's.
    if (!isPrivate && target === undefined && !registry.get(name)) return undefined;
    return { kind: "command", text: stripMentions(text, entities, me) };
  }

  if (isPrivate) return { kind: "question", text: stripMentions(text, entities, me) };
  if (mentionsBot(text, entities, me) || repliesToBot(msg, me)) return { kind: "question", text: stripMentions(text, entities, me) };
  return undefined;
}

export function mentionsBot(text: string, entities: readonly MessageEntity[], me: UserFromGetMe): boolean {
  return entities.some((e) => isOurMention(text, e, me));
}

/**
 * A reply to one of our messages. In forum topics every message "replies" to the topic's first
 * message; that implicit reply is not a reply to the bot.
 */
export function repliesToBot(msg: Message, me: UserFromGetMe): boolean {
  const r = msg.reply_to_message;
  if (!r || r.from?.id !== me.id) return false;
  if (r.forum_topic_created || (msg.is_topic_message && r.message_id === msg.message_thread_id)) return false;
  return true;
}

/** Removes our @mentions by their entity ranges (UTF-16 offsets, as Telegram counts). */
export function stripMentions(text: string, entities: readonly MessageEntity[], me: UserFromGetMe): string {
  const ranges = entities.filter((e) => isOurMention(text, e, me)).sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const e of ranges) out = out.slice(0, e.offset) + " " + out.slice(e.offset + e.length);
  return out.replace(/[ \t]{2,}/g, " ").trim();
}

function isOurMention(text: string, e: MessageEntity, me: UserFromGetMe): boolean {
  if (e.type === "text_mention") return e.user.id === me.id;
  if (e.type !== "mention") return false;
  return text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me.username.toLowerCase()}`;
}
