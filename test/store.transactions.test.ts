import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Answerer } from "../src/answer/types.ts";
import { dispatch } from "../src/dispatch/dispatch.ts";
import type { CommandContext } from "../src/dispatch/types.ts";
import { createDigestService } from "../src/digest/service.ts";
import { StateFileError, userMessageOf } from "../src/errors.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { createChatRepository } from "../src/store/chats.ts";
import { nodeStateFiles, type StateFiles } from "../src/store/state-files.ts";
import { openStateStore, type StateStore } from "../src/store/state-store.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState } from "../src/store/types.ts";
import { fakeArticle, fakeChannel, mutableLibrary, silentLogger } from "./digest.fixtures.ts";
import { capabilitiesOf, testServices } from "./support/services.ts";

const NOW = new Date("2026-11-24T02:00:00Z");
const MONDAY_9 = new Date("2026-11-30T01:00:00Z");
const tmpFile = () => join(mkdtempSync(join(tmpdir(), "casebot-tx-")), "db.json");
const errno = (code: string) => Object.assign(new Error(`${code}: refused`), { code });

/** The real files, with writes that fail while `broken.on` (a full disk, a read-only directory). */
function faulty(file: string, code = "ENOSPC"): { files: StateFiles; broken: { on: boolean }; counts: { snapshots: number; appends: number } } {
  const real = nodeStateFiles(file);
  const broken = { on: false };
  const counts = { snapshots: 0, appends: 0 };
  const files: StateFiles = {
    ...real,
    path: file,
    get lastSnapshotSize() {
      return real.lastSnapshotSize;
    },
    snapshot: {
      read: () => real.snapshot.read(),
      async write(data) {
        counts.snapshots += 1;
        if (broken.on) {
          // steno got as far as the temp file before the disk refused.
          writeFileSync(join(file, "..", ".db.json.tmp"), "{ half");
          throw errno(code);
        }
        await real.snapshot.write(data);
      },
    },
    async appendJournal(text) {
      if (text) counts.appends += 1;
      if (broken.on) throw errno(code);
      await real.appendJournal(text);
    },
  };
  return { files, broken, counts };
}

function world(store: StateStore) {
  const { library } = mutableLibrary([fakeArticle(1, 2)]);
  const digest = createDigestService({ store, library, logger: silentLogger, defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" }, now: () => NOW });
  const services = testServices({ library, answerer: { ask: () => ({ hits: [] }) } as unknown as Answerer, store, digest });
  const ctx: CommandContext = {
    chat: { platform: "wecom", chatId: "g1", type: "group", title: "研究室" },
    user: { id: "u1", name: "张三" },
    services,
    capabilities: capabilitiesOf("wecom"),
    isEditor: false,
    isAdmin: async () => true,
    now: () => NOW,
    bot: {},
  };
  // What every platform's error boundary shows for a failed command.
  const say = (text: string) => dispatch(ctx, text).then((r) => renderPlain(r, { buttons: false }), userMessageOf);
  return { say, digest, library };
}

describe("state changes are transactional (issue 11, defect 7)", () => {
  it("订阅 on a full disk answers that saving failed, and 订阅状态 still says not subscribed", async () => {
    const file = tmpFile();
    const { files, broken } = faulty(file);
    const store = await openStateStore(file, { files });
    const w = world(store);
    broken.on = true;
    expect(await w.say("订阅")).toBe("保存失败：服务器暂时无法写入数据，刚才的更改没有生效，请稍后再试或联系管理员。");
    expect(store.data.subscriptions).toEqual({});
    expect((await w.say("订阅状态")).startsWith("这里还没有订阅每周案例推送。")).toBe(true);
    // Once the disk accepts writes again, the same command works and survives a restart.
    broken.on = false;
    expect((await w.say("订阅")).split("\n")[0]).toBe("已订阅每周案例推送。");
    expect((await openStateStore(file)).data.subscriptions["wecom:g1"]?.active).toBe(true);
  });

  it("a failed full write undoes every change of its batch and those queued after it", async () => {
    const file = tmpFile();
    const { files, broken } = faulty(file);
    const store = await openStateStore(file, { files });
    await store.update((s) => void (s.webhooks.a = { name: "a", url: "https://x.invalid/a", addedAt: "t", active: true, failures: 0 }));
    broken.on = true;
    const results = await Promise.allSettled([
      store.update((s) => void (s.webhooks.a!.failures = 3)),
      store.update((s) => void delete s.webhooks.a),
      store.update((s) => void (s.webhooks.b = { name: "b", url: "https://x.invalid/b", addedAt: "t", active: true, failures: 0 })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(store.data.webhooks).toEqual({ a: { name: "a", url: "https://x.invalid/a", addedAt: "t", active: true, failures: 0 } });
    // The temp file the failed write left is gone (issue 11, rough edge: .db.json.tmp left behind).
    expect(existsSync(join(file, "..", ".db.json.tmp"))).toBe(false);
  });

  it("an unwritable data directory stops start-up with a named error saying what to fix", async () => {
    const file = tmpFile();
    const { files, broken } = faulty(file, "EACCES");
    broken.on = true;
    const err = await openStateStore(file, { files }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(StateFileError);
    expect((err as Error).message).toBe(
      `Cannot write the state file ${file} (the directory is not writable, EACCES). casebot keeps subscriptions and push history there. ` +
        `Make ${join(file, "..")} writable by this user, or set DATA_DIR to a writable directory.`,
    );
  });

  it("removes a .db.json.tmp that an earlier process left behind", async () => {
    const file = tmpFile();
    writeFileSync(file, JSON.stringify(emptyState()));
    writeFileSync(join(file, "..", ".db.json.tmp"), "{ half");
    await openStateStore(file);
    expect(existsSync(join(file, "..", ".db.json.tmp"))).toBe(false);
  });
});

describe("state is validated on load (issue 11, defect 8)", () => {
  it("quarantines a null subscription with a warning; the weekly push still reaches the other chats", async () => {
    const file = tmpFile();
    const state = emptyState();
    upsertSubscription(state, { platform: "telegram", chatId: "-1", cron: "0 9 * * 1", timezone: "Asia/Shanghai", by: { id: "7" } }, NOW);
    const raw = JSON.parse(JSON.stringify(state)) as Record<string, Record<string, unknown>>;
    raw.subscriptions!["telegram:-2"] = null;
    raw.chats!["telegram:-3"] = { platform: "telegram", chatId: "-3", type: "channel", active: "yes" };
    writeFileSync(file, JSON.stringify(raw));
    const warnings: Array<Record<string, unknown>> = [];
    const logger = { warn: (o: Record<string, unknown>) => void warnings.push(o), info: () => undefined };
    const store = await openStateStore(file, { logger: logger as never });
    expect(Object.keys(store.data.subscriptions)).toEqual(["telegram:-1"]);
    expect(store.data.chats).toEqual({});
    const kept = JSON.parse(readFileSync(join(file, "..", "db.quarantine.json"), "utf8")) as Array<Record<string, unknown>>;
    expect(kept.map((k) => [k.collection, k.key, k.record])).toEqual([
      ["chats", "telegram:-3", raw.chats!["telegram:-3"]],
      ["subscriptions", "telegram:-2", null],
    ]);
    expect(kept[1]?.problem).toBe("(record): Invalid input: expected object, received null");
    expect(warnings.map((w) => w.key)).toEqual(["telegram:-3", "telegram:-2"]);
    // db.json no longer holds them, so the next start loads clean.
    expect(Object.keys((JSON.parse(readFileSync(file, "utf8")) as { subscriptions: object }).subscriptions)).toEqual(["telegram:-1"]);

    const { library } = mutableLibrary([fakeArticle(1, 2)]);
    const digest = createDigestService({ store, library, logger: silentLogger, defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" }, now: () => MONDAY_9, fanout: { limits: false } });
    const ch = fakeChannel();
    expect((await digest.sendDue([ch])).sent).toBe(1);
    expect(ch.sent.map((s) => s.target.chatId)).toEqual(["-1"]);
  });
});

describe("new chats and subscriptions go through the change journal (issue 11, defect 9)", () => {
  it("200 new chats are journal appends, not db.json rewrites, and all survive a restart", async () => {
    const file = tmpFile();
    const { files, counts } = faulty(file);
    const store = await openStateStore(file, { files });
    const chats = createChatRepository(store, () => NOW);
    const before = counts.snapshots;
    for (let i = 0; i < 200; i++) await chats.upsert({ platform: "telegram", chatId: String(i), type: "private" });
    expect(counts.snapshots - before).toBeLessThanOrEqual(1);
    expect(counts.appends).toBeGreaterThanOrEqual(100);
    const again = await openStateStore(file);
    expect(Object.keys(again.data.chats)).toHaveLength(200);
  });

  it("a journal append that fails undoes the change; replay skips a torn line and lines the snapshot covers", async () => {
    const file = tmpFile();
    const { files, broken } = faulty(file);
    const store = await openStateStore(file, { files });
    const chats = createChatRepository(store, () => NOW);
    await chats.upsert({ platform: "telegram", chatId: "1", type: "group", title: "旧名" });
    broken.on = true;
    await expect(chats.upsert({ platform: "telegram", chatId: "1", type: "group", title: "新名" })).rejects.toThrow("the change was undone");
    await expect(chats.upsert({ platform: "telegram", chatId: "2", type: "private" })).rejects.toThrow();
    expect(Object.values(store.data.chats).map((c) => c.title)).toEqual(["旧名"]);
    broken.on = false;
    await store.checkpoint();
    // A line older than the snapshot (killed between the snapshot and emptying the journal) and a torn one.
    writeFileSync(`${file}.changes`, JSON.stringify({ seq: 1, ops: [{ c: "chats", k: "telegram:1", d: 1 }] }) + '\n{"seq":99,"ops":[{"c":"chats"');
    const again = await openStateStore(file);
    expect(Object.values(again.data.chats).map((c) => c.title)).toEqual(["旧名"]);
  });
});
