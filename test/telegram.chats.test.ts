import { describe, expect, it } from "vitest";
import { createChatRepository } from "../src/store/chats.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import type { OutboxRecord, SubscriptionRecord } from "../src/store/types.ts";

const clock = () => new Date("2026-03-02T01:00:00.000Z");

function subscription(chatId: string): SubscriptionRecord {
  return {
    key: `telegram:${chatId}`,
    platform: "telegram",
    chatId,
    cron: "0 9 * * 1",
    timezone: "Asia/Shanghai",
    subscribedBy: { id: "1" },
    subscribedAt: "2026-01-01T00:00:00.000Z",
    active: true,
    sentInCycle: ["c1"],
    cycle: 2,
  } as SubscriptionRecord;
}

function outbox(sub: string, period: string): OutboxRecord {
  return { key: `${sub}@${period}`, subscription: sub, period, caseId: "c1", status: "pending", createdAt: "x", updatedAt: "x", attempts: 0 } as OutboxRecord;
}

describe("chat repository", () => {
  it("creates a chat on first contact and does not rewrite it when nothing changed", async () => {
    const store = memoryStateStore();
    let writes = 0;
    const counting = { ...store, data: store.data, file: undefined, update: <T>(fn: (s: typeof store.data) => T) => (writes++, store.update(fn)), change: <T>(fn: (s: typeof store.data) => T) => (writes++, store.change(fn)) };
    const chats = createChatRepository(counting, clock);
    await chats.upsert({ platform: "telegram", chatId: "-100", type: "group", title: "群" });
    await chats.upsert({ platform: "telegram", chatId: "-100", type: "group", title: "群" });
    await chats.upsert({ platform: "telegram", chatId: "-100", type: "group" });
    expect(writes).toBe(1);
    await chats.upsert({ platform: "telegram", chatId: "-100", type: "group", title: "新名字" });
    expect(writes).toBe(2);
    expect(chats.get("telegram", "-100")).toMatchObject({ title: "新名字", active: true, firstSeen: "2026-03-02T01:00:00.000Z" });
  });

  it("marks a chat inactive with the reason, and reactivates it on the next contact", async () => {
    const chats = createChatRepository(memoryStateStore(), clock);
    await chats.upsert({ platform: "telegram", chatId: "42", type: "private" });
    await chats.markInactive({ platform: "telegram", chatId: "42" }, "blocked by the user");
    expect(chats.get("telegram", "42")).toMatchObject({ active: false, inactiveReason: "blocked by the user" });
    await chats.upsert({ platform: "telegram", chatId: "42", type: "private" });
    expect(chats.get("telegram", "42")?.active).toBe(true);
    // Unknown chats can be marked too (a 403 for a chat we never recorded), with the type the adapter knows.
    await chats.markInactive({ platform: "telegram", chatId: "-7", type: "group" }, "Forbidden: bot was kicked from the group chat");
    expect(chats.get("telegram", "-7")).toMatchObject({ type: "group", active: false });
  });

  it("migrates the chat, re-keys its subscription and outbox entries, and leaves look-alike ids alone", async () => {
    const store = memoryStateStore();
    const chats = createChatRepository(store, clock);
    await chats.upsert({ platform: "telegram", chatId: "-4001", type: "group", title: "老群" });
    await store.update((s) => {
      s.subscriptions["telegram:-4001"] = subscription("-4001");
      s.subscriptions["telegram:-40012"] = subscription("-40012");
      s.outbox["telegram:-4001@2026-W09"] = outbox("telegram:-4001", "2026-W09");
      s.outbox["telegram:-40012@2026-W09"] = outbox("telegram:-40012", "2026-W09");
    });
    const result = await chats.migrate("telegram", "-4001", "-1009");
    expect(result).toEqual({ movedChat: true, subscriptions: 1, outbox: 1 });
    const s = store.data;
    expect(s.chats["telegram:-1009"]).toMatchObject({ chatId: "-1009", title: "老群", active: true });
    expect(s.chats["telegram:-4001"]).toMatchObject({ active: false, inactiveReason: "migrated", migratedTo: "-1009" });
    expect(s.subscriptions["telegram:-1009"]).toMatchObject({ key: "telegram:-1009", chatId: "-1009", cycle: 2, sentInCycle: ["c1"] });
    expect(s.subscriptions["telegram:-4001"]).toBeUndefined();
    expect(s.outbox["telegram:-1009@2026-W09"]).toMatchObject({ key: "telegram:-1009@2026-W09", subscription: "telegram:-1009" });
    expect(s.outbox["telegram:-4001@2026-W09"]).toBeUndefined();
    // The look-alike chat is untouched.
    expect(s.subscriptions["telegram:-40012"]?.chatId).toBe("-40012");
    expect(s.outbox["telegram:-40012@2026-W09"]?.subscription).toBe("telegram:-40012");
  });

  it("is idempotent: Telegram reports a migration from both sides", async () => {
    const store = memoryStateStore();
    const chats = createChatRepository(store, clock);
    await chats.upsert({ platform: "telegram", chatId: "-5", type: "group" });
    await store.update((s) => void (s.subscriptions["telegram:-5"] = subscription("-5")));
    await chats.migrate("telegram", "-5", "-1005");
    const again = await chats.migrate("telegram", "-5", "-1005");
    expect(again).toEqual({ movedChat: false, subscriptions: 0, outbox: 0 });
    expect(Object.keys(store.data.subscriptions)).toEqual(["telegram:-1005"]);
  });

  it("keeps a subscription made in the new chat rather than overwriting it with the old one", async () => {
    const store = memoryStateStore();
    const chats = createChatRepository(store, clock);
    await store.update((s) => {
      s.subscriptions["telegram:-6"] = { ...subscription("-6"), cron: "0 8 * * 1" };
      s.subscriptions["telegram:-1006"] = { ...subscription("-1006"), cron: "0 17 * * 5" };
    });
    await chats.migrate("telegram", "-6", "-1006");
    expect(store.data.subscriptions["telegram:-1006"]?.cron).toBe("0 17 * * 5");
    expect(store.data.subscriptions["telegram:-6"]).toBeUndefined();
  });
});
