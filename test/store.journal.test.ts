import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import { createEntry } from "../src/store/outbox.ts";
import { openOutboxJournal } from "../src/store/outbox-journal.ts";
import { openStateStore } from "../src/store/state-store.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState } from "../src/store/types.ts";

const logger = createLogger("silent");
const AT = new Date("2026-11-30T01:00:00Z");
const PERIOD = "2026-11-30T09:00+08:00";

function seeded(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "casebot-journal-"));
  const file = join(dir, "db.json");
  const state = emptyState();
  for (const id of ["-1", "-2", "-3"]) {
    const { record } = upsertSubscription(state, { platform: "telegram", chatId: id, cron: "0 9 * * 1", timezone: "Asia/Shanghai", by: { id: "1" } }, AT);
    createEntry(state, record, PERIOD, "case1", "pending", AT);
  }
  writeFileSync(file, JSON.stringify(state));
  return { dir, file };
}

const journals = (dir: string) => readdirSync(dir).filter((f) => f.startsWith("db.json.journal."));

describe("outbox journal", () => {
  it("marks are appended, survive a restart without checkpoint, and are replayed once", async () => {
    const { dir, file } = seeded();
    const store = await openStateStore(file);
    const journal = openOutboxJournal(store, file, logger);
    await journal.markSent(`telegram:-1@${PERIOD}`, AT);
    await journal.markSent(`telegram:-2@${PERIOD}`, AT);
    await journal.close(); // "killed": no checkpoint, db.json still says pending
    expect(journals(dir)).toEqual(["db.json.journal.1"]);

    const store2 = await openStateStore(file);
    expect(store2.data.outbox[`telegram:-1@${PERIOD}`]?.status).toBe("pending");
    const j2 = openOutboxJournal(store2, file, logger);
    expect(await j2.recover()).toBe(2);
    expect(Object.values(store2.data.outbox).map((e) => e.status)).toEqual(["sent", "sent", "pending"]);
    expect(store2.data.subscriptions["telegram:-1"]).toMatchObject({ sentInCycle: ["case1"], lastPeriod: PERIOD });
    expect(journals(dir)).toEqual([]);

    const store3 = await openStateStore(file);
    expect(Object.values(store3.data.outbox).map((e) => e.status)).toEqual(["sent", "sent", "pending"]);
  });

  it("skips a torn last line (killed mid-append) and replays the rest", async () => {
    const { dir, file } = seeded();
    appendFileSync(join(dir, "db.json.journal.4"), `${JSON.stringify({ op: "sent", key: `telegram:-3@${PERIOD}`, at: AT.toISOString() })}\n{"op":"sent","key":"telegram:-1@20`);
    const store = await openStateStore(file);
    const journal = openOutboxJournal(store, file, logger);
    expect(await journal.recover()).toBe(1);
    expect(store.data.outbox[`telegram:-1@${PERIOD}`]?.status).toBe("pending");
    expect(store.data.outbox[`telegram:-3@${PERIOD}`]?.status).toBe("sent");
    // New segments continue after the highest number found.
    await journal.markSent(`telegram:-1@${PERIOD}`, AT);
    expect(journals(dir)).toEqual(["db.json.journal.5"]);
    await journal.close();
  });

  it("a checkpoint writes db.json and deletes the covered segment; replaying an applied mark changes nothing", async () => {
    const { dir, file } = seeded();
    const store = await openStateStore(file);
    const journal = openOutboxJournal(store, file, logger);
    await journal.markSent(`telegram:-1@${PERIOD}`, AT);
    await journal.markSent(`telegram:-1@${PERIOD}`, AT);
    expect(store.data.outbox[`telegram:-1@${PERIOD}`]?.attempts).toBe(1);
    await journal.checkpoint();
    expect(journals(dir)).toEqual([]);
    const reopened = await openStateStore(file);
    expect(reopened.data.outbox[`telegram:-1@${PERIOD}`]?.status).toBe("sent");
    expect(reopened.data.subscriptions["telegram:-1"]?.sentInCycle).toEqual(["case1"]);
  });
});

describe("the state store's change journal", () => {
  it("a journal ending in stray whitespace is rewritten before the next change is appended (it would be glued on and lost)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "casebot-changes-"));
    const file = join(dir, "db.json");
    writeFileSync(file, "{}");
    writeFileSync(`${file}.changes`, "\u000b");
    const store = await openStateStore(file, { now: () => new Date(0) });
    await store.change((s) => void (s.chats["t:1"] = { platform: "t", chatId: "1", type: "group", active: true, firstSeen: "t", updatedAt: "t" }));
    await store.close();
    const again = await openStateStore(file);
    expect(again.data.chats["t:1"]?.chatId).toBe("1");
    await again.close();
  });

  it("close() waits for the write in flight and releases the journal; a later change opens it again", async () => {
    const dir = mkdtempSync(join(tmpdir(), "casebot-changes-"));
    const file = join(dir, "db.json");
    const store = await openStateStore(file, { now: () => new Date(0) });
    const written = store.change((s) => void (s.chats["t:2"] = { platform: "t", chatId: "2", type: "private", active: true, firstSeen: "t", updatedAt: "t" }));
    await store.close();
    await written;
    expect((await openStateStore(file)).data.chats["t:2"]?.chatId).toBe("2");
    await store.change((s) => void (s.chats["t:3"] = { platform: "t", chatId: "3", type: "private", active: true, firstSeen: "t", updatedAt: "t" }));
    await store.close();
    expect((await openStateStore(file)).data.chats["t:3"]?.chatId).toBe("3");
  });
});
