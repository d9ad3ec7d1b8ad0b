/**
 * Where a message came from, in one shape for every platform. A leaf module: the store, the
 * digest, commands and adapters all speak it.
 */
export interface ChatRef {
  /** The adapter's name ("telegram", …): chats of different platforms never share a key. */
  platform: string;
  /** Platform chat id as a string (Telegram ids can exceed 2^53 in theory; WeCom ids are strings). */
  chatId: string;
  type: "private" | "group";
  /** Forum topic (Telegram message_thread_id), when there is one. */
  topicId?: string;
  title?: string;
}

export interface UserRef {
  id: string;
  name?: string;
}
