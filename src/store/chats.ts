import type { ChatRef, Platform } from "../commands/types.ts";
import type { StateStore } from "./state-store.ts";
import { outboxKey } from "./outbox.ts";
import { chatKey, type ChatRecord, type State } from "./types.ts";

export interface MigrationResult {
  /** A chat record existed under the old id and was moved. */
  movedChat: boolean;
  subscriptions: number;
  outbox: number;
}

/**
 * The lifecycle of chats the bot talks to, over the lowdb state: first contact, removal/blocking
 * and Telegram's group → supergroup migration. Writes only when something changes, so calling
 * upsert() on every addressed message costs a map lookup.
 */
export interface ChatRepository {
  get(platform: Platform, chatId: string): ChatRecord | undefined;
  /** Records the chat as active (creating it on first contact, refreshing its title). */
  upsert(ref: ChatRef): Promise<ChatRecord>;
  /** The bot was removed, kicked or blocked: keep the record (and subscriptions) but stop talking. */
  markInactive(platform: Platform, chatId: string, reason: string): Promise<void>;
  /**
   * Moves a chat to a new id: the chat record, its subscriptions and their outbox entries are
   * re-keyed. The old record stays, inactive with `migratedTo`, so late updates for it resolve.
   * Idempotent: a second call (Telegram sends both migrate_to and migrate_from) changes nothing.
   */
  migrate(platform: Platform, from: string, to: string): Promise<MigrationResult>;
}

export function createChatRepository(store: StateStore, now: () => Date = () => new Date()): ChatRepository {
  const get = (platform: Platform, chatId: string) => store.data.chats[chatKey(platform, chatId)];
  return {
    get,
    async upsert(ref) {
      const existing = get(ref.platform, ref.chatId);
      if (existing?.active && existing.type === ref.type && (ref.title === undefined || existing.title === ref.title)) return existing;
      return store.update((s) => {
        const key = chatKey(ref.platform, ref.chatId);
        const at = now().toISOString();
        const prev = s.chats[key];
        const record: ChatRecord = {
          platform: ref.platform,
          chatId: ref.chatId,
          type: ref.type,
          ...(ref.title !== undefined ? { title: ref.title } : prev?.title !== undefined ? { title: prev.title } : {}),
          active: true,
          firstSeen: prev?.firstSeen ?? at,
          updatedAt: at,
        };
        s.chats[key] = record;
        return record;
      });
    },
    async markInactive(platform, chatId, reason) {
      const existing = get(platform, chatId);
      if (existing && !existing.active && existing.inactiveReason === reason) return;
      await store.update((s) => {
        const key = chatKey(platform, chatId);
        const at = now().toISOString();
        const prev = s.chats[key];
        s.chats[key] = {
          ...(prev ?? { platform, chatId, type: chatId.startsWith("-") ? "group" : "private", firstSeen: at }),
          active: false,
          inactiveReason: reason,
          updatedAt: at,
        };
      });
    },
    async migrate(platform, from, to) {
      if (from === to) return { movedChat: false, subscriptions: 0, outbox: 0 };
      return store.update((s) => moveChat(s, platform, from, to, now().toISOString()));
    },
  };
}

function moveChat(s: State, platform: Platform, from: string, to: string, at: string): MigrationResult {
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
    const nextKey = chatKey(sub.platform, to);
    delete s.subscriptions[key];
    // A subscription already made in the new chat wins; the old one is dropped, not duplicated.
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
