import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HttpError, type Transformer } from "grammy";
import { describe, expect, it } from "vitest";
import { createDigestCli } from "../src/cli/digest.ts";
import { runCommandInProcess } from "./support/run-cli.ts";
import { loadConfig } from "./support/config.ts";
import { createLogger } from "../src/logger.ts";
import { networkRetry } from "../src/platforms/telegram/network-retry.ts";
import { startTelegram } from "../src/platforms/telegram/index.ts";
import { createShutdown } from "../src/app/shutdown.ts";
import { upsertSubscription } from "../src/store/subscriptions.ts";
import { emptyState } from "../src/store/types.ts";
import { createHarness } from "./support/telegram-harness.ts";
import { tempDataDir } from "./support/spawn-app.ts";

const TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1";
const UNREACHABLE = "http://127.0.0.1:1"; // nothing listens: ECONNREFUSED at once

/** Every file under a directory, recursively, with its bytes as text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, "latin1") }));
}

function capture() {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (s: string) => void lines.push(s) });
  const messages = () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  return { lines, logger, messages };
}

describe("bounded, visible network retries (issue 11, defect 5)", () => {
  it("a Bot API call that fails in transit is tried 3 times with back-off, then fails with a warning; during the outage calls fail fast", async () => {
    const { logger, messages, lines } = capture();
    let t = 0;
    const sleeps: number[] = [];
    const retry = networkRetry({ logger, sleep: async (ms) => void sleeps.push(ms), clock: () => t });
    let calls = 0;
    let up = false;
    const prev = (async () => {
      calls++;
      if (!up) throw new HttpError("Network request for 'sendMessage' failed!", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
      return { ok: true, result: true };
    }) as unknown as Parameters<Transformer>[0];
    const call = () => retry(prev, "sendMessage", { chat_id: 1, text: "x" } as never);
    await expect(call()).rejects.toBeInstanceOf(HttpError);
    expect([calls, sleeps]).toEqual([3, [1000, 2000]]);
    expect(messages()).toEqual([
      "telegram: Bot API request failed in transit; retrying",
      "telegram: Bot API request failed in transit; retrying",
      "telegram: Bot API unreachable; giving up on this call (later calls fail fast until it answers)",
    ]);
    // The outage is known: the next calls fail at once, without a request, and without a log line each.
    await expect(call()).rejects.toBeInstanceOf(HttpError);
    expect(calls).toBe(3);
    t += 10_000; // after the cool-down one probe goes out
    await expect(call()).rejects.toBeInstanceOf(HttpError);
    expect(calls).toBe(4);
    t += 60_000; // a long outage: the failed probe is reminded of once a minute
    await expect(call()).rejects.toBeInstanceOf(HttpError);
    expect(messages().at(-1)).toBe("telegram: Bot API still unreachable");
    t += 10_000;
    up = true;
    await expect(call()).resolves.toEqual({ ok: true, result: true });
    expect(messages().at(-1)).toBe("telegram: Bot API reachable again");
    expect(lines.join("")).not.toContain(TOKEN);
  });

  it("a send that timed out (it may have been delivered) is not repeated; one refused at connect is", async () => {
    const { logger } = capture();
    const sleeps: number[] = [];
    const retry = networkRetry({ logger, sleep: async (ms) => void sleeps.push(ms), attempts: 3 });
    let calls = 0;
    const failing = (cause: Error) =>
      (async () => {
        calls++;
        throw new HttpError("Network request for 'sendMessage' failed!", cause);
      }) as unknown as Parameters<Transformer>[0];
    await expect(retry(failing(new Error("Request to 'sendMessage' timed out after 60 seconds")), "sendMessage", {} as never)).rejects.toBeInstanceOf(HttpError);
    expect([calls, sleeps]).toEqual([1, []]);
    const fresh = networkRetry({ logger, sleep: async (ms) => void sleeps.push(ms) });
    calls = 0;
    await expect(fresh(failing(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })), "sendMessage", {} as never)).rejects.toBeInstanceOf(HttpError);
    expect([calls, sleeps]).toEqual([3, [1000, 2000]]);
  });

  it("a connection reset under a send (a busy process's dropped keep-alive) fails that send only: the next call, a report, still goes out (issue 17, defect 3)", async () => {
    const { logger, messages } = capture();
    const retry = networkRetry({ logger, sleep: async () => undefined, clock: () => 0 });
    let calls = 0;
    let reset = true;
    const prev = (async () => {
      calls++;
      if (reset) throw new HttpError("Network request for 'sendMessage' failed!", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      return { ok: true, result: true };
    }) as unknown as Parameters<Transformer>[0];
    await expect(retry(prev, "sendMessage", {} as never)).rejects.toBeInstanceOf(HttpError);
    expect(calls).toBe(1); // not repeated: it may have arrived
    reset = false;
    await expect(retry(prev, "sendMessage", {} as never)).resolves.toEqual({ ok: true, result: true });
    expect(calls).toBe(2);
    expect(messages()).toEqual(["telegram: connection reset under a Bot API call; giving up on this call (not counted as an outage)"]);
  });

  it("`cli digest send` against an unreachable Bot API ends with a report, a line on stderr and exit 1", async () => {
    const dir = tempDataDir();
    const state = emptyState();
    for (const chatId of ["-100", "-200", "-300"]) upsertSubscription(state, { platform: "telegram", chatId, cron: "* * * * *", timezone: "Asia/Shanghai", by: { id: "1" } }, new Date(Date.now() - 120_000));
    writeFileSync(join(dir, "db.json"), JSON.stringify(state));
    const sleeps: number[] = [];
    const env = { LOG_LEVEL: "warn", DATA_DIR: dir, BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: UNREACHABLE };
    const { code, stdout: out, stderr: err } = await runCommandInProcess(createDigestCli({ sleep: async (ms) => void sleeps.push(ms) }), ["send"], env);
    expect(code).toBe(1);
    expect(JSON.parse(out)).toMatchObject({ due: 3, sent: 0, retryLater: 3 });
    expect(sleeps).toEqual([1000, 2000]); // one back-off for the outage, not one per chat
    expect(err).toContain("digest send: 3 pushes could not be delivered now; they stay pending and the next run (or the running bot) retries them.");
    expect(err).toContain("Bot API unreachable");
    expect(err).not.toContain(TOKEN);
    // Secrets never reach disk (defect 3): the failures were recorded, scrubbed, in every file.
    expect(readFileSync(join(dir, "db.json"), "utf8")).toContain("[redacted-token]");
    for (const f of filesUnder(dir)) expect(f.text.includes(TOKEN.split(":")[1]!), f.path).toBe(false);
  });

  it("start-up with an unreachable Bot API logs what it is waiting for and retries with growing back-off until stopped", async () => {
    const h = await createHarness();
    const section = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: UNREACHABLE, CASEBOT_CONSOLE: "0" }).platforms.telegram!;
    const { logger, lines } = capture();
    const stop = new AbortController();
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      if (waits.length >= 8) stop.abort();
    };
    const started = startTelegram({ section, logger, services: h.services, now: () => new Date() }, { sleep, signal: stop.signal });
    await expect(started).rejects.toThrow("stopped while waiting for the Bot API");
    const waiting = lines.filter((l) => l.includes("telegram: waiting for the Bot API"));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(waiting[0]).toContain(`"apiRoot":"${UNREACHABLE}"`);
    expect(waiting[0]).toContain("getMe");
    const outer = waiting.map((l) => (JSON.parse(l) as { retryInMs: number }).retryInMs);
    expect(outer[1]!).toBeGreaterThan(outer[0]!);
    expect(lines.join("")).not.toContain(TOKEN);
  });
});

describe("shutdown always ends within its deadline", () => {
  function harness() {
    const exits: number[] = [];
    let fire: (() => void) | undefined;
    const { logger, messages } = capture();
    const shutdown = createShutdown({ logger, exit: (c) => void exits.push(c), deadlineMs: 4_000, setTimer: (fn) => ((fire = fn), { unref() {} }) });
    return { exits, shutdown, messages, fireDeadline: () => fire?.() };
  }

  it("exits 0 once a graceful stop finishes", async () => {
    const { exits, shutdown } = harness();
    shutdown.ready(async () => undefined);
    await shutdown.request("SIGTERM");
    expect(exits).toEqual([0]);
  });

  it("exits 1 at the deadline when the stop hangs (an API that never answers)", async () => {
    const { exits, shutdown, fireDeadline, messages } = harness();
    shutdown.ready(() => new Promise(() => undefined));
    void shutdown.request("SIGTERM");
    await Promise.resolve();
    expect(exits).toEqual([]);
    fireDeadline();
    expect(exits).toEqual([1]);
    expect(messages()).toContain("shutdown: still stopping after 4000 ms; exiting now");
  });

  it("a signal during start-up (still waiting for an API) exits at once", async () => {
    const { exits, shutdown, messages } = harness();
    await shutdown.request("SIGTERM");
    expect(exits).toEqual([0]);
    expect(messages()).toContain("shutting down during start-up");
    shutdown.ready(async () => undefined); // start-up finishing later changes nothing
    expect(exits).toEqual([0]);
  });
});
