/**
 * End to end: the bot is started the way `npm start` starts it (node --import tsx/esm src/main.ts) with
 * WECOM_WS_URL pointing at a local server that speaks the AI-bot long-connection protocol.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLibrary } from "../src/corpus/load.ts";
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
  dataDir = await mkdtemp(join(tmpdir(), "casebot-wecom-e2e-"));
  await cp("data/articles", join(dataDir, "articles"), { recursive: true });
  bot = spawn(process.execPath, ["--import", "tsx/esm", "src/main.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? dataDir,
      WECOM_BOT_ID: BOT_ID,
      WECOM_BOT_SECRET: SECRET,
      WECOM_WS_URL: server.url,
      DATA_DIR: dataDir,
      CASEBOT_CONSOLE: "0",
      LOG_LEVEL: "info",
      DIGEST_TZ: "UTC",
    },
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

  it("subscribes the group with 订阅 and delivers the weekly push through aibot_send_msg", async () => {
    // Pushes are at most daily, so the test subscribes for "daily at the next full minute" (UTC)
    // and waits for the scheduler's minutely tick to reach it: real time, no clock tricks.
    // On a loaded machine the confirmation could come after that minute; then subscribe again.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const fire = new Date(Math.ceil((Date.now() + 3_000) / 60_000) * 60_000);
      const cron = `${fire.getUTCMinutes()} ${fire.getUTCHours()} * * *`;
      const reqId = server.pushMessage(textMessageBody({ msgid: `e2e-sub-${attempt}`, chatid: GROUP, content: `@案例通 订阅 ${cron}`, botId: BOT_ID }));
      const confirm = await server.waitForFrame((x) => x.reqId === reqId);
      expect(streamContent(confirm)).toContain("退订");
      if (Date.now() < fire.getTime() - 1_000) break;
    }
    const push = await server.waitForFrame((x) => x.cmd === "aibot_send_msg" && x.body?.chatid === GROUP, { timeoutMs: 90_000 });
    expect(push.body?.msgtype).toBe("markdown");
    const library = await loadLibrary("data/articles");
    expect(library.cases.some((c) => sentMarkdown(push).includes(c.unit))).toBe(true);
  }, 100_000);

  it("shuts down cleanly on SIGTERM without ever logging the secret", async () => {
    bot.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => bot.once("exit", (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).toContain("long connection authenticated");
    expect(stderr).not.toContain(SECRET);
  });
});
