import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runWecomWebhook, WECOM_WEBHOOK_USAGE, type LineIo } from "../src/platforms/wecom/webhook/cli.ts";
import { createLogger } from "../src/logger.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { WEBHOOK_URL_HELP } from "../src/platforms/wecom/webhook/url.ts";
import { memoryStateStore, openStateStore } from "../src/store/state-store.ts";
import { runCliInProcess } from "./support/run-cli.ts";
import { tempDataDir } from "./support/spawn-app.ts";

const inProcess = (args: string[], env: Record<string, string>) => runCliInProcess(args, { LOG_LEVEL: "warn", ...env });

const URL_OK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0a1b2c3d-aaaa-bbbb-cccc-1234567890ab";

function setup() {
  const store = memoryStateStore();
  const webhooks = createWebhookService({ store, logger: createLogger("silent"), maxFailures: 5 });
  const out: string[] = [];
  const err: string[] = [];
  const io: LineIo = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  return { store, services: { webhooks }, io, out, err };
}

describe("cli wecom-webhook", () => {
  it("adds, lists and removes, printing JSON with the URL redacted", async () => {
    const { services, io, out, store } = setup();
    expect(await runWecomWebhook(["add", "一组", URL_OK], services, io)).toBe(0);
    const added = JSON.parse(out[0]!) as { ok: boolean; change: string; webhook: { name: string; redactedUrl: string } };
    expect(added).toMatchObject({ ok: true, change: "created", webhook: { name: "一组", redactedUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…90ab" } });
    expect(store.data.webhooks["一组"]!.url).toBe(URL_OK);

    expect(await runWecomWebhook(["list"], services, io)).toBe(0);
    const listed = JSON.parse(out[1]!) as { webhooks: Array<{ name: string; active: boolean }> };
    expect(listed.webhooks).toEqual([expect.objectContaining({ name: "一组", active: true, failures: 0 })]);
    expect(out.join("\n")).not.toContain("0a1b2c3d");

    expect(await runWecomWebhook(["remove", "一组"], services, io)).toBe(0);
    expect(JSON.parse(out[2]!)).toEqual({ ok: true, removed: true });
    expect(await runWecomWebhook(["remove", "一组"], services, io)).toBe(1);
  });

  it("refuses a non-WeCom URL with exit 1 and the Chinese reason; prints usage with exit 2", async () => {
    const { services, io, err, store } = setup();
    expect(await runWecomWebhook(["add", "一组", "http://127.0.0.1:8/cgi-bin/webhook/send?key=abcdefgh"], services, io)).toBe(1);
    expect(err[0]).toBe(`wecom-webhook: 只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
    expect(store.data.webhooks).toEqual({});
    expect(await runWecomWebhook([], services, io)).toBe(2);
    expect(await runWecomWebhook(["add", "一组"], services, io)).toBe(2);
    expect(err.at(-1)).toBe(WECOM_WEBHOOK_USAGE);
  });
});

// The entry point `npm run -s cli` runs (runCli), in this process: cli.test.ts starts the real one.
describe("cli wecom-webhook on a real state file", () => {
  it("stores the webhook and its weekly subscription in db.json, printing only the redacted URL", async () => {
    const dataDir = tempDataDir();
    const env = { DATA_DIR: dataDir, NODE_ENV: "production" };
    const added = await inProcess(["wecom-webhook", "add", "一组", URL_OK, "周五", "17:30"], env);
    expect(added.code).toBe(0);
    const out = JSON.parse(added.stdout) as { change: string; subscription: { schedule: string; cron: string } };
    expect(out).toMatchObject({ change: "created", subscription: { schedule: "每周五 17:30", cron: "30 17 * * 5" } });
    expect(added.stdout + added.stderr).not.toContain("0a1b2c3d");
    // db.json plus its change journal (subscriptions are journaled, see src/store/STATE.md).
    const state = (await openStateStore(join(dataDir, "db.json"))).data;
    expect(state.webhooks["一组"]).toMatchObject({ url: URL_OK, active: true, failures: 0 });
    expect(state.subscriptions["wecom-webhook:一组"]).toMatchObject({ platform: "wecom-webhook", chatId: "一组", active: true });

    // The refusal on the same state file.
    const refused = await inProcess(["wecom-webhook", "add", "二组", "http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdefgh"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("只接受企业微信群机器人的 webhook 地址。");
  });
});
