// @module-tag slow (npm test leaves it out; npm run test:full and CI run it): each test starts `npm run cli -- digest send` as a process and kills it
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { currentFire } from "../src/digest/schedule.ts";
import type { RunReport } from "../src/digest/service-types.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState, type State } from "../src/store/types.ts";
import { startBotApiServer, type BotApiServer, type Payload } from "./support/bot-api-server.ts";
import { runCliInProcess, type CliRun } from "./support/run-cli.ts";
import { ROOT, isolatedEnv, tempDataDir } from "./support/spawn-app.ts";

const CHATS = 1000;
const KILL_AT = 400;
const SCHEDULE = { cron: "0 9 * * 1", timezone: "Asia/Shanghai" };

/** A DATA_DIR whose db.json holds CHATS group subscriptions, all owed the current period. */
function seedDataDir(chats = CHATS): { dir: string; ids: string[] } {
  const dir = tempDataDir();
  const state: State = emptyState();
  const now = new Date();
  const fire = currentFire(SCHEDULE, now);
  if (!fire) throw new Error("schedule never fired");
  const since = new Date(fire.getTime() - 60_000);
  const ids = Array.from({ length: chats }, (_, i) => String(-1_000_000 - i));
  for (const chatId of ids) {
    const { record } = upsertSubscription(state, { platform: "telegram", chatId, ...SCHEDULE, by: { id: "1" } }, since);
    record.activeSince = since.toISOString();
  }
  writeFileSync(join(dir, "db.json"), JSON.stringify(state));
  return { dir, ids };
}

function digestEnv(dir: string, server: BotApiServer, concurrency: number): Record<string, string> {
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    DATA_DIR: dir,
    BOT_TOKEN: server.token,
    TELEGRAM_API_ROOT: server.apiRoot,
    DIGEST_LIMITS: "off",
    DIGEST_CONCURRENCY: String(concurrency),
  };
}

/** `npm run -s cli -- digest send` in a process of its own, exactly as the scheduler's caller would run it: the one that gets killed. */
function digestSend(dir: string, server: BotApiServer, concurrency: number): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx/esm", "src/cli.ts", "digest", "send"], {
    cwd: ROOT,
    env: isolatedEnv(digestEnv(dir, server, concurrency)),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * The restart: the same CLI command run again over what the killed process left on disk (db.json
 * and its journal). It runs in this process (fresh state store and journal, logs on its stderr),
 * which spares a process start per restart.
 */
function restartedDigestSend(dir: string, server: BotApiServer, concurrency: number): Promise<CliRun> {
  return runCliInProcess(["digest", "send"], digestEnv(dir, server, concurrency));
}

function finish(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/**
 * The fake server counts a push as delivered when it handles the request. The request during which
 * the process is killed is answered with an error and NOT counted: in this test the kill comes
 * before Telegram processed it. (Had Telegram processed it, that one chat would get it twice: the
 * at-least-once window of the single in-flight request, see README.)
 */
function countingServer(server: BotApiServer, killAt: { n: number; child?: ChildProcess }): Map<string, number> {
  const delivered = new Map<string, number>();
  let calls = 0;
  server.onMethod("sendMessage", (p: Payload) => {
    calls += 1;
    if (calls === killAt.n && killAt.child) {
      killAt.child.kill("SIGKILL");
      return { error: { error_code: 502, description: "Bad Gateway" } };
    }
    const id = String(p.chat_id);
    delivered.set(id, (delivered.get(id) ?? 0) + 1);
    return { result: { message_id: calls, date: 0, chat: { id: Number(p.chat_id), type: "supergroup", title: "群" }, text: "ok" } };
  });
  return delivered;
}

const servers: BotApiServer[] = [];
afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function freshServer(): Promise<BotApiServer> {
  const server = await startBotApiServer({ maxRecordedCalls: 10 });
  servers.push(server);
  return server;
}

// The two scenarios share nothing (own server, own data directory), so they run side by side.
describe.concurrent("crash during a fan-out (SIGKILL, restart)", () => {
  it("1,000 chats, one send in flight at a time: every chat gets exactly one push for the period", { timeout: 120_000 }, async ({ expect }) => {
    const server = await freshServer();
    const { dir, ids } = seedDataDir();
    const killAt: { n: number; child?: ChildProcess } = { n: KILL_AT };
    const delivered = countingServer(server, killAt);

    const first = digestSend(dir, server, 1);
    killAt.child = first;
    const crashed = await finish(first);
    expect(crashed.signal).toBe("SIGKILL");
    const beforeRestart = [...delivered.values()].reduce((a, b) => a + b, 0);
    expect(beforeRestart).toBe(KILL_AT - 1);
    // The outbox entries were all written before the first send; the 399 "sent" marks are in the
    // append-only journal next to db.json (the run was killed before its checkpoint).
    const mid = JSON.parse(readFileSync(join(dir, "db.json"), "utf8")) as State;
    expect(Object.keys(mid.outbox)).toHaveLength(CHATS);
    const journal = readdirSync(dir)
      .filter((f) => f.startsWith("db.json.journal."))
      .flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n").filter(Boolean));
    const sentInDb = Object.values(mid.outbox).filter((e) => e.status === "sent").length;
    expect(sentInDb + journal.length).toBe(KILL_AT - 1);

    killAt.child = undefined;
    const second = await restartedDigestSend(dir, server, 1);
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout) as RunReport).toMatchObject({ due: CHATS - (KILL_AT - 1), sent: CHATS - (KILL_AT - 1), failed: 0, skipped: 0 });

    expect(ids.filter((id) => delivered.get(id) !== 1)).toEqual([]);
    expect(delivered.size).toBe(CHATS);

    // Idempotent: the same period again sends nothing.
    const third = await restartedDigestSend(dir, server, 1);
    expect(JSON.parse(third.stdout) as RunReport).toMatchObject({ due: 0, sent: 0 });
    expect([...delivered.values()].reduce((a, b) => a + b, 0)).toBe(CHATS);
    const end = JSON.parse(readFileSync(join(dir, "db.json"), "utf8")) as State;
    expect(Object.values(end.outbox).filter((e) => e.status === "sent")).toHaveLength(CHATS);
    expect(readdirSync(dir).filter((f) => f.includes("journal"))).toEqual([]);
  });

  // Concurrency is what this one checks, not scale: a smaller fan-out keeps the suite fast.
  it("240 chats, eight sends in flight: none lost, and only requests in flight at the kill can be repeated", { timeout: 120_000 }, async ({ expect }) => {
    const concurrency = 8;
    const server = await freshServer();
    const { dir, ids } = seedDataDir(240);
    const killAt: { n: number; child?: ChildProcess } = { n: 96 };
    const delivered = countingServer(server, killAt);
    const first = digestSend(dir, server, concurrency);
    killAt.child = first;
    expect((await finish(first)).signal).toBe("SIGKILL");
    killAt.child = undefined;
    const second = await restartedDigestSend(dir, server, concurrency);
    expect(second.code).toBe(0);
    expect(ids.filter((id) => !delivered.get(id))).toEqual([]);
    const doubled = ids.filter((id) => (delivered.get(id) ?? 0) > 1);
    expect(doubled.length).toBeLessThan(concurrency);
  });
});
