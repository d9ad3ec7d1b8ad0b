import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryChannel } from "../src/digest/delivery.ts";
import type { FanoutOptions } from "../src/digest/fanout.ts";
import type { TickSource } from "../src/digest/scheduler.ts";
import { createDigestService } from "../src/digest/service.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { memoryStateStore, type StateStore } from "../src/store/state-store.ts";
import { fakeArticle, fakeChannel, mutableLibrary, silentLogger } from "./digest.fixtures.ts";

const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = "UTC"; // the host clock must not matter
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const MIN = 60_000;
// Monday 2026-11-30 09:00 Asia/Shanghai = 01:00 UTC.
const MONDAY_9 = Date.parse("2026-11-30T01:00:00Z");

function setup(opts: { articles?: number; fanout?: FanoutOptions; store?: StateStore } = {}) {
  const lib = mutableLibrary(Array.from({ length: opts.articles ?? 2 }, (_, i) => fakeArticle(i + 1, 3)));
  const store = opts.store ?? memoryStateStore();
  const clock = { t: MONDAY_9 - 6 * 86400_000 }; // a Tuesday
  let onTick: (() => void) | undefined;
  const tick: TickSource = (fn) => {
    onTick = fn;
    return { stop: () => undefined };
  };
  const digest = createDigestService({
    store,
    library: lib.library,
    logger: silentLogger,
    defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" },
    now: () => new Date(clock.t),
    tick,
    fanout: { limits: false, ...opts.fanout },
  });
  return { digest, store, lib, clock, tick: () => onTick?.() };
}

const target = (chatId: string) => ({ channel: "telegram", chatId });
const by = { id: "7", name: "管理员" };

describe("scheduling with an injected clock", () => {
  it("Monday 09:00 Asia/Shanghai fires once, with the host clock in UTC", async () => {
    const { digest, clock, tick } = setup();
    const ch = fakeChannel();
    await digest.subscribe({ target: target("-100"), by });
    clock.t = MONDAY_9 - 3 * MIN;
    const scheduler = digest.startScheduler([ch]);
    for (let i = 0; i < 10; i++) {
      await scheduler.idle();
      tick();
      await scheduler.idle();
      if (clock.t < MONDAY_9) expect(ch.sent).toHaveLength(0);
      clock.t += MIN;
    }
    await scheduler.stop();
    expect(ch.sent).toHaveLength(1);
    expect(new Date().getTimezoneOffset()).toBe(0);
  });

  it("a chat subscribed for Friday 17:30 gets its push then, not on Monday", async () => {
    const { digest, clock, tick, store } = setup();
    const ch = fakeChannel();
    clock.t = MONDAY_9 - 60 * MIN;
    await digest.subscribe({ target: target("-200"), by, scheduleText: "每周五 17:30" });
    const friday = Date.parse("2026-12-04T09:30:00Z"); // 17:30 in Shanghai
    const scheduler = digest.startScheduler([ch]);
    for (const t of [MONDAY_9, MONDAY_9 + MIN, friday - MIN]) {
      clock.t = t;
      tick();
      await scheduler.idle();
    }
    expect(ch.sent).toHaveLength(0);
    clock.t = friday;
    tick();
    await scheduler.idle();
    clock.t = friday + MIN;
    tick();
    await scheduler.idle();
    await scheduler.stop();
    expect(ch.sent.map((s) => s.target.chatId)).toEqual(["-200"]);
    expect(Object.keys(store.data.outbox)).toEqual(["telegram:-200@2026-12-04T17:30+08:00"]);
  });

  it("does not start a second fan-out while one is running", async () => {
    const { digest, clock, tick } = setup();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const slow: DeliveryChannel = {
      name: "telegram",
      limits: { perChatPerMinute: 20, globalPerSecond: 30 },
      async send() {
        calls += 1;
        await gate;
        return { status: "sent" };
      },
    };
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    const scheduler = digest.startScheduler([slow]);
    for (let i = 0; i < 5; i++) tick();
    release();
    await scheduler.idle();
    tick();
    await scheduler.idle();
    await scheduler.stop();
    expect(calls).toBe(1);
  });
});

describe("selection", () => {
  it("sends each case once per cycle, newest article first, then starts a new cycle", async () => {
    const { digest, clock, lib } = setup({ articles: 2 });
    const ch = fakeChannel();
    await digest.subscribe({ target: target("-1"), by });
    const all = lib.library.cases.map((c) => c.id);
    expect(all[0]).toMatch(/^a2/); // newest article first
    for (let week = 0; week < all.length + 2; week++) {
      clock.t = MONDAY_9 + week * 7 * 86400_000;
      const r = await digest.sendDue([ch]);
      expect(r.sent).toBe(1);
    }
    const got = ch.sent.map((s) => s.reply.caseId);
    expect(got.slice(0, all.length)).toEqual(all);
    expect(new Set(got.slice(0, all.length)).size).toBe(all.length);
    expect(got.slice(all.length)).toEqual(all.slice(0, 2));
  });

  it("puts newly ingested cases at the front", async () => {
    const { digest, clock, lib } = setup({ articles: 1 });
    const ch = fakeChannel();
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    await digest.sendDue([ch]);
    lib.set([fakeArticle(1, 3), fakeArticle(5, 2)]);
    clock.t = MONDAY_9 + 7 * 86400_000;
    await digest.sendDue([ch]);
    clock.t = MONDAY_9 + 14 * 86400_000;
    await digest.sendDue([ch]);
    clock.t = MONDAY_9 + 21 * 86400_000;
    await digest.sendDue([ch]);
    expect(ch.sent.map((s) => s.reply.caseId)).toEqual(["a1c0", "a5c0", "a5c1", "a1c1"]);
  });

  it("the push is the 📌 本周案例 card with 全文 and 分享 buttons", async () => {
    const { digest, clock } = setup({ articles: 1 });
    const ch = fakeChannel();
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    await digest.sendDue([ch]);
    const reply = ch.sent[0]?.reply;
    expect(reply?.kind).toBe("digest");
    expect(renderPlain(reply ?? { kind: "info", blocks: [] }, { buttons: false })).toBe(
      [
        "【📌 本周案例】",
        "单位a1c0人大常委会 · 标题a1c0",
        "今年以来，单位a1c0做了很多工作。",
        "· “做法一”\n· “做法二”\n· “做法三”",
        "关键数据：建成12个联络站",
        "来源：《第1期》（001.txt，2026-01-01）",
      ].join("\n\n"),
    );
    expect(reply?.buttons?.flat().map((b) => b.label)).toEqual(["全文", "分享"]);
  });
});

describe("exactly once per (chat, period)", () => {
  it("a second run in the same period sends nothing", async () => {
    const { digest, clock } = setup();
    const ch = fakeChannel();
    for (let i = 0; i < 5; i++) await digest.subscribe({ target: target(`-${i}`), by });
    clock.t = MONDAY_9 + 5 * MIN;
    const first = await digest.sendDue([ch]);
    const second = await digest.sendDue([ch]);
    expect(first).toMatchObject({ due: 5, sent: 5 });
    expect(second).toMatchObject({ due: 0, sent: 0 });
    expect(ch.sent).toHaveLength(5);
  });

  it("resumes a pending entry with the case it was written with", async () => {
    const { digest, clock, store } = setup();
    const ch = fakeChannel();
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    // A run that crashed after writing the outbox entry, before the platform answered.
    const crashing: DeliveryChannel = { ...ch, send: () => new Promise(() => undefined) };
    void digest.sendDue([crashing]);
    await new Promise((r) => setTimeout(r, 20));
    const entry = Object.values(store.data.outbox)[0];
    expect(entry?.status).toBe("pending");
    const { digest: restarted } = setup({ store });
    const report = await restarted.sendDue([ch], new Date(MONDAY_9 + 60 * MIN));
    expect(report).toMatchObject({ due: 1, sent: 1 });
    expect(ch.sent[0]?.reply.caseId).toBe(entry?.caseId);
    expect(Object.values(store.data.outbox).map((e) => e.status)).toEqual(["sent"]);
  });

  it("catches up a missed push while its period is current, records older ones as skipped", async () => {
    const { digest, clock, store } = setup();
    const ch = fakeChannel();
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9 + 2 * 86400_000; // down on Monday, back on Wednesday
    expect(await digest.sendDue([ch])).toMatchObject({ sent: 1, skipped: 0 });
    clock.t = MONDAY_9 + 22 * 86400_000; // down for two more Mondays
    expect(await digest.sendDue([ch])).toMatchObject({ sent: 1, skipped: 2 });
    const statuses = Object.values(store.data.outbox).map((e) => `${e.period} ${e.status}`).sort();
    expect(statuses).toEqual([
      "2026-11-30T09:00+08:00 sent",
      "2026-12-07T09:00+08:00 skipped",
      "2026-12-14T09:00+08:00 skipped",
      "2026-12-21T09:00+08:00 sent",
    ]);
  });

  it("a pending entry whose period has ended is skipped, not sent late", async () => {
    const { digest, clock, store } = setup();
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    const hung: DeliveryChannel = { ...fakeChannel(), send: () => new Promise(() => undefined) };
    void digest.sendDue([hung]);
    await new Promise((r) => setTimeout(r, 20));
    const { digest: restarted } = setup({ store });
    const ch = fakeChannel();
    const r = await restarted.sendDue([ch], new Date(MONDAY_9 + 7 * 86400_000 + MIN));
    expect(r).toMatchObject({ sent: 1, skipped: 1 });
    expect(Object.values(store.data.outbox).map((e) => `${e.period} ${e.status}`).sort()).toEqual([
      "2026-11-30T09:00+08:00 skipped",
      "2026-12-07T09:00+08:00 sent",
    ]);
  });

  it("does not owe a period that fired before the subscription", async () => {
    const { digest, clock } = setup();
    const ch = fakeChannel();
    clock.t = MONDAY_9 + 60 * MIN;
    await digest.subscribe({ target: target("-1"), by });
    expect(await digest.sendDue([ch])).toMatchObject({ due: 0, sent: 0 });
  });

  it("leaves subscriptions of channels this process does not run alone", async () => {
    const { digest, clock, store } = setup();
    await digest.subscribe({ target: { channel: "wecom-webhook", chatId: "研究室" }, by });
    clock.t = MONDAY_9;
    expect(await digest.sendDue([fakeChannel()])).toMatchObject({ due: 0, noChannel: 1 });
    expect(store.data.outbox).toEqual({});
    const hook = fakeChannel("wecom-webhook");
    expect(await digest.sendDue([hook])).toMatchObject({ sent: 1 });
  });
});

describe("delivery outcomes", () => {
  it("403 deactivates the subscription", async () => {
    const { digest, clock, store } = setup();
    const ch = fakeChannel();
    ch.script.push(() => ({ status: "blocked", reason: "Forbidden: bot was kicked from the group chat" }));
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    expect(await digest.sendDue([ch])).toMatchObject({ blocked: 1, sent: 0 });
    expect(store.data.subscriptions["telegram:-1"]).toMatchObject({ active: false, inactiveReason: "blocked: Forbidden: bot was kicked from the group chat" });
    expect(digest.status(target("-1"))).toBeUndefined();
    clock.t = MONDAY_9 + 7 * 86400_000;
    expect(await digest.sendDue([ch])).toMatchObject({ due: 0 });
  });

  it("a migrated group moves its subscription and gets the push at the new id", async () => {
    const { digest, clock, store } = setup();
    const ch = fakeChannel();
    ch.script.push(() => ({ status: "migrated", newChatId: "-1009" }));
    await digest.subscribe({ target: target("-9"), by });
    clock.t = MONDAY_9;
    expect(await digest.sendDue([ch])).toMatchObject({ migrated: 1, sent: 1 });
    expect(ch.sent.map((s) => s.target.chatId)).toEqual(["-1009"]);
    expect(store.data.subscriptions["telegram:-1009"]?.active).toBe(true);
    // The store's one migration rule: the old subscription is removed, not kept inactive beside the moved one.
    expect(store.data.subscriptions["telegram:-9"]).toBeUndefined();
    expect(Object.keys(store.data.outbox)).toEqual(["telegram:-1009@2026-11-30T09:00+08:00"]);
    expect(await digest.sendDue([ch])).toMatchObject({ due: 0, sent: 0 });
  });

  it("429 waits retry_after, then sends once", async () => {
    const waits: number[] = [];
    const { digest, clock } = setup({ fanout: { sleep: async (ms) => void waits.push(ms) } });
    const ch = fakeChannel();
    ch.script.push(() => ({ status: "retry", afterMs: 3000, reason: "Too Many Requests: retry after 3" }));
    await digest.subscribe({ target: target("-1"), by });
    clock.t = MONDAY_9;
    expect(await digest.sendDue([ch])).toMatchObject({ sent: 1 });
    expect(waits).toEqual([3000]);
    expect(ch.sent).toHaveLength(1);
  });

  it("a permanent failure is recorded and not retried; a transient one is retried on the next run", async () => {
    const { digest, clock, store } = setup();
    const ch = fakeChannel();
    ch.script.push(() => ({ status: "failed", reason: "Bad Request: message is too long", permanent: true }));
    ch.script.push(() => ({ status: "failed", reason: "connect ECONNREFUSED", permanent: false }));
    await digest.subscribe({ target: target("-1"), by });
    await digest.subscribe({ target: target("-2"), by });
    clock.t = MONDAY_9;
    expect(await digest.sendDue([ch])).toMatchObject({ failed: 1, sent: 0 });
    expect(store.data.outbox["telegram:-1@2026-11-30T09:00+08:00"]).toMatchObject({ status: "failed", error: "Bad Request: message is too long" });
    expect(store.data.outbox["telegram:-2@2026-11-30T09:00+08:00"]).toMatchObject({ status: "pending", attempts: 1, error: "connect ECONNREFUSED" });
    expect(await digest.sendDue([ch])).toMatchObject({ due: 1, sent: 1 });
    expect(ch.sent.map((s) => s.target.chatId)).toEqual(["-2"]);
  });
});

describe("status, preview and plan", () => {
  it("reports the schedule, the next push and the case it would carry", async () => {
    const { digest, clock, lib } = setup();
    clock.t = MONDAY_9 - 86400_000;
    const res = await digest.subscribe({ target: target("-1"), by, scheduleText: "周五 17:30" });
    expect(res.change).toBe("created");
    expect((await digest.subscribe({ target: target("-1"), by, scheduleText: "周五 17:30" })).change).toBe("unchanged");
    const st = digest.status(target("-1"));
    expect(st?.schedule.label).toBe("每周五 17:30");
    expect(st?.nextRun.toISOString()).toBe("2026-12-04T09:30:00.000Z");
    expect(st?.nextCaseId).toBe(lib.library.cases[0]?.id);
    expect(digest.preview(target("-1"))?.caseId).toBe(lib.library.cases[0]?.id);
    expect(digest.preview(target("-404"))?.caseId).toBe(lib.library.cases[0]?.id);
    await digest.subscribe({ target: target("-2"), by });
    expect(digest.plan().map((p) => [p.key, p.nextRun.toISOString(), p.caseId])).toEqual([
      ["telegram:-2", "2026-11-30T01:00:00.000Z", lib.library.cases[0]?.id],
      ["telegram:-1", "2026-12-04T09:30:00.000Z", lib.library.cases[0]?.id],
    ]);
    expect(await digest.unsubscribe(target("-1"))).toBe(true);
    expect(await digest.unsubscribe(target("-1"))).toBe(false);
    expect(digest.plan().map((p) => p.key)).toEqual(["telegram:-2"]);
    expect((await digest.subscribe({ target: target("-1"), by })).change).toBe("reactivated");
  });
});
