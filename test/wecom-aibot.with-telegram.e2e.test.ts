/** Telegram and the WeCom AI bot in one `npm start` process, each against its local stand-in. */
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { startBotApiServer, type BotApiServer } from "./support/bot-api-server.ts";
import { spawnApp, tempDataDir } from "./support/spawn-app.ts";
import { textUpdate } from "./support/telegram-updates.ts";
import { startFakeWecomServer, streamContent, textMessageBody, type FakeWecomServer } from "./support/wecom-ws-server.ts";

const BOT_ID = "aib-both-bot";
const SECRET = "both-secret-bbbbbbbbbbbbbbbbbbbbbbbbbbbb";

let api: BotApiServer | undefined;
let wecom: FakeWecomServer | undefined;
let app: ChildProcess | undefined;
let dataDir: string | undefined;

afterAll(async () => {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((r) => app?.once("exit", r));
  }
  await api?.close();
  await wecom?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("Telegram and WeCom in the same process", () => {
  it("answers on both platforms and stops both on SIGTERM", async () => {
    api = await startBotApiServer();
    wecom = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
    dataDir = tempDataDir();
    app = spawnApp({
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      WECOM_BOT_ID: BOT_ID,
      WECOM_BOT_SECRET: SECRET,
      WECOM_WS_URL: wecom.url,
      DATA_DIR: dataDir,
      CASEBOT_CONSOLE: "0",
    });
    let stderr = "";
    app.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    await Promise.all([api.waitForPolling(30_000), wecom.waitForAuthentications(1, 30_000)]).catch((err: unknown) => {
      throw new Error(`${(err as Error).message}\nstderr:\n${stderr}`);
    });

    api.pushUpdate(textUpdate("逢6进站是怎么做的？") as unknown as Record<string, unknown>);
    const reqId = wecom.pushMessage(textMessageBody({ msgid: "both-1", chatid: "wrBoth", content: "@案例通 逢6进站是怎么做的？", botId: BOT_ID }));

    const [tg, wc] = await Promise.all([api.waitForCall("sendMessage"), wecom.waitForFrame((x) => x.reqId === reqId)]);
    expect(String(tg.payload.text)).toContain("大祥区城北路街道人大工委");
    expect(streamContent(wc)).toContain("大祥区城北路街道人大工委");

    app.kill("SIGTERM");
    const code = await new Promise<number | null>((r) => app?.once("exit", (c) => r(c)));
    expect(code).toBe(0);
    expect(stderr).not.toContain(SECRET);
  }, 60_000);
});
