import { GrammyError, type Context } from "grammy";
import { dispatch } from "../../dispatch/dispatch.ts";
import type { CommandContext, Services } from "../../dispatch/types.ts";
import type { Logger } from "../../logger.ts";
import type { Reply } from "../../reply/types.ts";
import type { ChatRepository } from "../../store/chats.ts";
import type { QuestionMemory } from "../../interaction/question-memory.ts";
import { TELEGRAM_CAPABILITIES } from "./profile.ts";
import { scopedEncoder } from "./callback-data.ts";
import { chatRef, topicOf, userRef, type Addressed } from "./decode.ts";
import { sendReply, type SendTarget } from "./send.ts";

/** What the features share: built once per bot by createBot. */
export interface TelegramRuntime {
  services: Services;
  logger: Logger;
  chats: ChatRepository;
  memory: QuestionMemory;
  /** TELEGRAM_EDITORS. */
  editors: ReadonlySet<string>;
  now: () => Date;
}

export interface CasebotFlavor {
  casebot: {
    /** Set when the message is for us (see decode.addressed). */
    addressed?: Addressed;
  };
}

export type BotContext = Context & CasebotFlavor;

const ADMIN = new Set(["creator", "administrator"]);

/** The platform-neutral context commands run with. */
export function commandContext(ctx: BotContext, rt: TelegramRuntime): CommandContext {
  const chat = ctx.chat;
  const msg = ctx.msg;
  const from = ctx.from;
  return {
    chat: chat ? chatRef(chat, topicOf(msg)) : { platform: "telegram", chatId: String(from?.id ?? "unknown"), type: "private" },
    user: userRef(from),
    services: rt.services,
    capabilities: TELEGRAM_CAPABILITIES,
    async isAdmin() {
      if (!chat || chat.type === "private") return true;
      // Anonymous admins post as the group itself.
      if (msg?.sender_chat?.id === chat.id) return true;
      if (!from) return false;
      const member = await ctx.api.getChatMember(chat.id, from.id);
      return ADMIN.has(member.status);
    },
    isEditor: from !== undefined && rt.editors.has(String(from.id)),
    now: rt.now,
    bot: { username: ctx.me.username },
  };
}

/**
 * Sends a reply into the chat of the current update: quoting the asker's message, in its forum
 * topic. A 403 means we were removed or blocked: the chat goes inactive and nothing is retried.
 * A 400 with migrate_to_chat_id moves the chat's state and resends to the new supergroup.
 */
export async function respond(ctx: BotContext, rt: TelegramRuntime, reply: Reply, target?: Partial<SendTarget>): Promise<void> {
  const chatId = target?.chatId ?? ctx.chat?.id;
  if (chatId === undefined) return;
  const threadId = target && "threadId" in target ? target.threadId : topicOf(ctx.msg);
  const replyTo = target && "replyTo" in target ? target.replyTo : ctx.message?.message_id;
  const full: SendTarget = { chatId, threadId, replyTo };
  const scoped = scopedEncoder(rt.memory, chatId);
  const { encode } = scoped;
  try {
    const sent = await sendReply(ctx.api, full, reply, { encode });
    // The buttons ride on the last message; their keys now answer only there.
    const last = sent.at(-1);
    if (last) rt.memory.bind(scoped.keys, last.message_id);
  } catch (err) {
    if (!(err instanceof GrammyError)) throw err;
    if (err.error_code === 403) {
      rt.logger.info({ chatId, description: err.description }, "telegram: cannot write to chat; marking it inactive");
      await rt.chats.markInactive({ platform: "telegram", chatId: String(chatId), type: ctx.chat ? chatRef(ctx.chat).type : undefined }, err.description);
      return;
    }
    const moved = err.parameters.migrate_to_chat_id;
    if (err.error_code === 400 && moved !== undefined) {
      rt.logger.info({ from: chatId, to: moved }, "telegram: chat migrated to a supergroup");
      await rt.chats.migrate("telegram", String(chatId), String(moved));
      const resent = scopedEncoder(rt.memory, moved);
      const sent = await sendReply(ctx.api, { chatId: moved }, reply, { encode: resent.encode });
      const last = sent.at(-1);
      if (last) rt.memory.bind(resent.keys, last.message_id);
      return;
    }
    throw err;
  }
}

/** Runs decoded text through the shared command registry and replies to the asker. */
export async function answerText(ctx: BotContext, rt: TelegramRuntime, text: string): Promise<void> {
  const cmd = commandContext(ctx, rt);
  await rt.chats.upsert(cmd.chat);
  const reply = await dispatch(cmd, text);
  await respond(ctx, rt, reply);
}
