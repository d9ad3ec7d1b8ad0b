/**
 * Telegram and the WeCom AI bot in one process, each against its local stand-in, started through
 * the composition root main.ts runs (startApp). Stopping on SIGTERM as `npm start` is checked in
 * telegram.e2e.test.ts and wecom-aibot.e2e.test.ts; here the process boundary adds only start-up.
 */
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startApp, type RunningApp } from "../src/app/start.ts";
import { loadConfig } from "./support/config.ts";
import { createLogger } from "../src/logger.ts";
import { startBotApiServer, type BotApiServer } from "./support/bot-api-server.ts";
import { tempDataDir } from "./support/spawn-app.ts";
import { textUpdate } from "./support/telegram-updates.ts";
import { startFakeWecomServer, streamContent, textMessageBody, type FakeWecomServer } from "./support/wecom-ws-server.ts";

const BOT_ID = "aib-both-bot";
const SECRET = "both-secret-bbbbbbbbbbbbbbbbbbbbbbbbbbbb";

let api: BotApiServer | undefined;
let wecom: FakeWecomServer | undefined;
let app: RunningApp | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  await app?.stop();
  await api?.close();
  await wecom?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Telegram and WeCom in the same process", () => {
  it("answers on both platforms and stops both", async () => {
    api = await startBotApiServer();
    wecom = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
    dataDir = tempDataDir();
    const logged: string[] = [];
    const config = loadConfig({
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      WECOM_BOT_ID: BOT_ID,
      WECOM_BOT_SECRET: SECRET,
      WECOM_WS_URL: wecom.url,
      DATA_DIR: dataDir,
      CASEBOT_CONSOLE: "0",
    });
    app = await startApp(config, createLogger("debug", { write: (line: string) => void logged.push(line) }));
    await Promise.all([api.waitForPolling(30_000), wecom.waitForAuthentications(1, 30_000)]);

    api.pushUpdate(textUpdate("逢6进站是怎么做的？") as unknown as Record<string, unknown>);
    const reqId = wecom.pushMessage(textMessageBody({ msgid: "both-1", chatid: "wrBoth", content: "@案例通 逢6进站是怎么做的？", botId: BOT_ID }));

    const [tg, wc] = await Promise.all([api.waitForCall("sendMessage"), wecom.waitForFrame((x) => x.reqId === reqId)]);
    expect(String(tg.payload.text)).toContain("大祥区城北路街道人大工委");
    expect(streamContent(wc)).toContain("大祥区城北路街道人大工委");

    const running = app;
    app = undefined;
    await running.stop();
    expect(logged.some((l) => l.includes('"level":"error"'))).toBe(false);
    expect(logged.join("")).not.toContain(SECRET);
    expect(logged.join("")).not.toContain(config.platforms.telegram?.token ?? "no token");
  }, 60_000);
});
