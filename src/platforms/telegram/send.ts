import type { Api } from "grammy";
import type { Message } from "grammy/types";
import type { Reply } from "../../reply/types.ts";
import { renderTelegram, type RenderOptions, type TelegramChunk } from "./render.ts";

export interface SendTarget {
  chatId: number | string;
  /** Forum topic to post in. */
  threadId?: number;
  /** Message to reply to (the asker's); only the first chunk quotes it. */
  replyTo?: number;
}

/** Options every outgoing message uses: HTML, no link previews. */
export const BASE_SEND_OPTIONS = { parse_mode: "HTML", link_preview_options: { is_disabled: true } } as const;

/**
 * Sends a Reply as one or more HTML messages, in order, buttons under the last one.
 * Errors (403, 400 migrate, …) propagate to the caller, which knows what they mean for its chat.
 */
export async function sendReply(api: Api, target: SendTarget, reply: Reply, opts: RenderOptions = {}): Promise<Message.TextMessage[]> {
  return sendChunks(api, target, renderTelegram(reply, opts));
}

/** Sends already rendered chunks (the push renders a card once for all chats). */
export async function sendChunks(api: Api, target: SendTarget, chunks: readonly TelegramChunk[]): Promise<Message.TextMessage[]> {
  const sent: Message.TextMessage[] = [];
  for (const [i, chunk] of chunks.entries()) {
    sent.push(
      await api.sendMessage(target.chatId, chunk.text, {
        ...BASE_SEND_OPTIONS,
        message_thread_id: target.threadId,
        reply_parameters: i === 0 && target.replyTo !== undefined ? { message_id: target.replyTo, allow_sending_without_reply: true } : undefined,
        reply_markup: chunk.reply_markup,
      }),
    );
  }
  return sent;
}
