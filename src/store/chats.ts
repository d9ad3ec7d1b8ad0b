import type { ChatRef } from "../chat.ts";
import { outboxKey } from "./outbox.ts";
import type { StateStore } from "./state-store.ts";
import { chatKey, subscriptionKey, type ChatRecord, type State } from "./types.ts";

export interface MigrationResult {
  /** A chat record existed under the old id and was moved. */
  movedChat: boolean;
  subscriptions: number;
  outbox: number;
}

/** A chat to mark: its type is needed only to record a chat never seen before. */
export type ChatToMark = Pick<ChatRef, "platform" | "chatId"> & { type?: ChatRef["type"] };

/**
 * The lifecycle of chats the bot talks to, over the lowdb state: first contact, removal/blocking
 * and a chat moving to a new id (Telegram's group → supergroup). Writes only when something
 * changes, so calling upsert() on every addressed message costs a map lookup.
 */
export interface ChatRepository {
  get(platform: string, chatId: string): ChatRecord | undefined;
  /** Records the chat as active (creating it on first contact, refreshing its title). */
  upsert(ref: ChatRef): Promise<ChatRecord>;
  /** The bot was removed, kicked or blocked: keep the record (and subscriptions) but stop talking. */
  markInactive(chat: ChatToMark, reason: string): Promise<void>;
  /** The chat moved to a new id: see migrateChat, the one migration path. */
  migrate(platform: string, from: string, to: string): Promise<MigrationResult>;
}

export function createChatRepository(store: StateStore, now: () => Date = () => new Date()): ChatRepository {
  const get = (platform: string, chatId: string) => store.data.chats[chatKey(platform, chatId)];
  return {
    get,
    async upsert(ref) {
      const existing = get(ref.platform, ref.chatId);
      if (existing?.active && existing.type === ref.type && (ref.title === undefined || existing.title === ref.title)) return existing;
      return store.change((s) => {
        const key = chatKey(ref.platform, ref.chatId);
        const at = now().toISOString();
        const prev = s.chats[key];
        const record: ChatRecord = {
          platform: ref.platform,
          chatId: ref.chatId,
          type: ref.type,
          title: ref.title ?? prev?.title,
          active: true,
          firstSeen: prev?.firstSeen ?? at,
          updatedAt: at,
        };
        s.chats[key] = record;
        return record;
      });
    },
    async markInactive(chat, reason) {
      const existing = get(chat.platform, chat.chatId);
      if (existing && !existing.active && existing.inactiveReason === reason) return;
      if (!existing && !chat.type) return;
      await store.change((s) => markChatInactive(s, chat, reason, now()));
    },
    async migrate(platform, from, to) {
      if (from === to) return { movedChat: false, subscriptions: 0, outbox: 0 };
      return store.update((s) => migrateChat(s, platform, from, to, now()));
    },
  };
}

/**
 * Marks a chat inactive with the reason. A chat never recorded is recorded only when its type is
 * known (the adapter knows it; a failed push does not), so nothing is guessed from an id.
 */
export function markChatInactive(s: State, chat: ChatToMark, reason: string, now: Date): void {
  const key = chatKey(chat.platform, chat.chatId);
  const prev = s.chats[key];
  if (!prev && !chat.type) return;
  const at = now.toISOString();
  s.chats[key] = {
    ...(prev ?? { platform: chat.platform, chatId: chat.chatId, type: chat.type as ChatRef["type"], firstSeen: at }),
    active: false,
    inactiveReason: reason,
    updatedAt: at,
  };
}

/**
 * The one migration path (Telegram's group → supergroup; the chat command, the reply path and the
 * weekly push all come here). The chat record moves to the new id and the old one stays, inactive
 * with `migratedTo`, so late updates for it resolve. The subscription moves with its history and
 * its outbox entries are re-keyed; the old subscription is removed, and one already made in the new
 * chat wins over the moved one. Idempotent: a second call (Telegram reports a migration from both
 * sides) changes nothing.
 */
export function migrateChat(s: State, platform: string, from: string, to: string, now: Date): MigrationResult {
  const at = now.toISOString();
  const oldKey = chatKey(platform, from);
  const newKey = chatKey(platform, to);

  let movedChat = false;
  const old = s.chats[oldKey];
  if (old && old.migratedTo !== to) {
    const target = s.chats[newKey];
    s.chats[newKey] = {
      ...old,
      ...target,
      chatId: to,
      type: "group",
      active: true,
      firstSeen: target?.firstSeen ?? old.firstSeen,
      updatedAt: at,
    };
    delete s.chats[newKey]?.inactiveReason;
    delete s.chats[newKey]?.migratedTo;
    s.chats[oldKey] = { ...old, active: false, inactiveReason: "migrated", migratedTo: to, updatedAt: at };
    movedChat = true;
  }

  let subscriptions = 0;
  const renamedSubs = new Map<string, string>();
  for (const [key, sub] of Object.entries(s.subscriptions)) {
    if (sub.platform !== platform || sub.chatId !== from) continue;
    const nextKey = subscriptionKey(sub.platform, to, sub.content);
    delete s.subscriptions[key];
    if (!s.subscriptions[nextKey]) s.subscriptions[nextKey] = { ...sub, key: nextKey, chatId: to };
    renamedSubs.set(key, nextKey);
    subscriptions++;
  }

  let outbox = 0;
  for (const [key, entry] of Object.entries(s.outbox)) {
    const sub = renamedSubs.get(entry.subscription);
    if (!sub) continue;
    const nextKey = outboxKey(sub, entry.period);
    delete s.outbox[key];
    const target = entry.chatId === from ? { chatId: to } : {};
    if (!s.outbox[nextKey]) s.outbox[nextKey] = { ...entry, ...target, key: nextKey, subscription: sub, updatedAt: at };
    outbox++;
  }
  return { movedChat, subscriptions, outbox };
}
