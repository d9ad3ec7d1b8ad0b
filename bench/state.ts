import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChatRepository } from "../src/store/chats.ts";
import { openStateStore, type StateStore } from "../src/store/state-store.ts";
import type { ChatRecord } from "../src/store/types.ts";
import type { BenchSection } from "./types.ts";
import { fmt, percentile, printTable } from "./util.ts";

/**
 * New chats arriving one by one (each awaited, as a message from a new user is), written through
 * the change journal (src/store/STATE.md), side by side with the old way: a full db.json rewrite
 * per change, which is measured on a smaller state and at 16k existing chats (it grows with the
 * state, so 50k new chats that way would take many minutes).
 */
async function freshStore(existing = 0): Promise<{ store: StateStore; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), "casebot-bench-state-"));
  const store = await openStateStore(join(dir, "db.json"));
  if (existing) {
    await store.update((s) => {
      for (let i = 0; i < existing; i++) s.chats[`telegram:seed${i}`] = chatRecord(`seed${i}`);
    });
  }
  return { store, dir };
}

const AT = new Date("2026-12-01T00:00:00Z").toISOString();
const chatRecord = (id: string): ChatRecord => ({ platform: "telegram", chatId: id, type: "private", active: true, firstSeen: AT, updatedAt: AT });

async function timeNewChats(n: number, add: (i: number) => Promise<unknown>): Promise<{ total: number; times: number[] }> {
  const times: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await add(i);
    times.push(performance.now() - t);
  }
  return { total: performance.now() - t0, times: times.sort((a, b) => a - b) };
}

function row(mode: string, existing: number, n: number, r: { total: number; times: number[] }): Record<string, string> {
  return {
    mode,
    "chats before": String(existing),
    "new chats": String(n),
    "total s": fmt(r.total / 1000),
    "p50 ms": fmt(percentile(r.times, 50), 3),
    "p99 ms": fmt(percentile(r.times, 99), 3),
  };
}

export const stateBench: BenchSection = {
  name: "state",
  async run() {
    const rows: Array<Record<string, string>> = [];
    {
      const { store, dir } = await freshStore();
      const chats = createChatRepository(store);
      const r = await timeNewChats(50_000, (i) => chats.upsert({ platform: "telegram", chatId: String(i), type: "private" }));
      rows.push(row("change journal (now)", 0, 50_000, r));
      rmSync(dir, { recursive: true, force: true });
    }
    for (const existing of [0, 16_000]) {
      const { store, dir } = await freshStore(existing);
      const n = existing ? 200 : 2_000;
      const r = await timeNewChats(n, (i) => store.update((s) => void (s.chats[`telegram:${i}`] = chatRecord(String(i)))));
      rows.push(row("full rewrite per change (old)", existing, n, r));
      rmSync(dir, { recursive: true, force: true });
    }
    printTable("New chats, one at a time (each awaited until durable)", rows);
  },
};
