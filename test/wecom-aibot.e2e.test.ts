// @module-tag slow (npm test leaves it out; npm run test:full and CI run it): the bot runs as a process, started as `npm start` starts it
/**
 * End to end: the bot is started the way `npm start` starts it (node --import tsx/esm src/main.ts) with
 * WECOM_WS_URL pointing at a local server that speaks the AI-bot long-connection protocol. The weekly
 * push is checked on the same composition root (startApp, which main.ts runs) in this process, with
 * the scheduler's clock and tick injected instead of waiting for a wall-clock minute.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../src/app/start.ts";
import { loadConfig } from "./support/config.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import type { TickSource } from "../src/digest/scheduler.ts";
import { createLogger } from "../src/logger.ts";
import { isolatedEnv, tempDataDir } from "./support/spawn-app.ts";
import { sentMarkdown, startFakeWecomServer, streamContent, textMessageBody, type FakeWecomServer } from "./support/wecom-ws-server.ts";

const BOT_ID = "aib-e2e-bot";
const SECRET = "e2e-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const GROUP = "wrE2eGroup";

let server: FakeWecomServer;
let bot: ChildProcess;
let dataDir: string;
let stderr = "";

beforeAll(async () => {
  server = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
  dataDir = tempDataDir();
  bot = spawn(process.execPath, ["--import", "tsx/esm", "src/main.ts"], {
    env: isolatedEnv({
      WECOM_BOT_ID: BOT_ID,
      WECOM_BOT_SECRET: SECRET,
      WECOM_WS_URL: server.url,
      DATA_DIR: dataDir,
      CASEBOT_CONSOLE: "0",
      LOG_LEVEL: "info",
      DIGEST_TZ: "UTC",
    }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  bot.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  await server.waitForAuthentications(1, 30_000).catch((err: unknown) => {
    throw new Error(`${(err as Error).message}\nbot stderr:\n${stderr}`);
  });
}, 40_000);

afterAll(async () => {
  if (bot.exitCode === null) {
    bot.kill("SIGTERM");
    await new Promise((r) => bot.once("exit", r));
  }
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe("WeCom AI bot started by npm start", () => {
  it("answers a group @-question with the right unit", async () => {
    const reqId = server.pushMessage(textMessageBody({ msgid: "e2e-q1", chatid: GROUP, content: "@案例通 逢6进站是怎么做的？", botId: BOT_ID }));
    const f = await server.waitForFrame((x) => x.reqId === reqId);
    expect(f.cmd).toBe("aibot_respond_msg");
    expect((f.body?.stream as { finish?: boolean }).finish).toBe(true);
    expect(streamContent(f)).toContain("大祥区城北路街道人大工委");
  });

  it("survives a reconnect without answering a redelivered message twice", async () => {
    const before = server.frames.length;
    server.dropConnection();
    await server.waitForAuthentications(2, 15_000);
    const again = server.pushMessage(textMessageBody({ msgid: "e2e-q1", chatid: GROUP, content: "@案例通 逢6进站是怎么做的？", botId: BOT_ID }));
    const fresh = server.pushMessage(textMessageBody({ msgid: "e2e-q2", chatid: GROUP, content: "@案例通 单位", botId: BOT_ID }));
    const f = await server.waitForFrame((x) => x.reqId === fresh, { from: before });
    expect(f.connection).toBe(2);
    expect(streamContent(f)).toContain("已收录");
    await new Promise((r) => setTimeout(r, 300));
    expect(server.frames.filter((x) => x.reqId === again)).toEqual([]);
    expect(server.frames.filter((x) => x.cmd === "aibot_respond_msg").length).toBe(2);
  });

  it("shuts down cleanly on SIGTERM without ever logging the secret", async () => {
    bot.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => bot.once("exit", (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).toContain("long connection authenticated");
    expect(stderr).not.toContain(SECRET);
  });
});

describe("the weekly push through the WeCom AI bot (startApp, injected clock and tick)", () => {
  let wecom: FakeWecomServer;
  let app: RunningApp;
  let dir: string;
  // Monday 2026-03-02 08:58 UTC; the subscription below pushes daily at 09:00 UTC.
  const clock = { t: Date.parse("2026-03-02T08:58:00Z") };
  let onTick: (() => void) | undefined;
  const tick: TickSource = (fn) => ((onTick = fn), { stop: () => undefined });

  beforeAll(async () => {
    wecom = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
    dir = await mkdtemp(join(tmpdir(), "casebot-wecom-push-"));
    await cp("data/articles", join(dir, "articles"), { recursive: true });
    const config = loadConfig({ WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: wecom.url, DATA_DIR: dir, CASEBOT_CONSOLE: "0", DIGEST_TZ: "UTC", WECOM_ADMINS: "zhangsan" });
    app = await startApp(config, createLogger("silent"), { now: () => new Date(clock.t), tick });
    await wecom.waitForAuthentications(1, 15_000);
  });

  afterAll(async () => {
    await app.stop();
    await wecom.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("subscribes the group with 订阅 and delivers the weekly push through aibot_send_msg", async () => {
    const reqId = wecom.pushMessage(textMessageBody({ msgid: "push-sub-1", chatid: GROUP, content: "@案例通 订阅 0 9 * * *", botId: BOT_ID }));
    const confirm = await wecom.waitForFrame((x) => x.reqId === reqId);
    expect(streamContent(confirm)).toContain("退订");
    for (const t of ["2026-03-02T08:59:00Z", "2026-03-02T09:00:05Z"]) {
      clock.t = Date.parse(t);
      onTick?.();
      await app.scheduler?.idle();
    }
    const push = await wecom.waitForFrame((x) => x.cmd === "aibot_send_msg" && x.body?.chatid === GROUP, { timeoutMs: 10_000 });
    expect(push.body?.msgtype).toBe("markdown");
    const library = await loadLibrary("data/articles");
    expect(library.cases.some((c) => sentMarkdown(push).includes(c.unit))).toBe(true);
  });
});
