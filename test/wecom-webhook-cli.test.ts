import { describe, expect, it } from "vitest";
import { wecomWebhookCli, WECOM_WEBHOOK_USAGE, type CliIo } from "../src/cli/wecom-webhook.ts";
import { createLogger } from "../src/logger.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { WEBHOOK_URL_HELP } from "../src/platforms/wecom/webhook/url.ts";
import { memoryStateStore } from "../src/store/state-store.ts";

const URL_OK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0a1b2c3d-aaaa-bbbb-cccc-1234567890ab";

function setup() {
  const store = memoryStateStore();
  const webhooks = createWebhookService({ store, logger: createLogger("silent"), maxFailures: 5 });
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t) };
  return { store, services: { webhooks }, io, out, err };
}

describe("cli wecom-webhook", () => {
  it("adds, lists and removes, printing JSON with the URL redacted", async () => {
    const { services, io, out, store } = setup();
    expect(await wecomWebhookCli(["add", "一组", URL_OK], services, io)).toBe(0);
    const added = JSON.parse(out[0]!) as { ok: boolean; change: string; webhook: { name: string; redactedUrl: string } };
    expect(added).toMatchObject({ ok: true, change: "created", webhook: { name: "一组", redactedUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…90ab" } });
    expect(store.data.webhooks["一组"]!.url).toBe(URL_OK);

    expect(await wecomWebhookCli(["list"], services, io)).toBe(0);
    const listed = JSON.parse(out[1]!) as { webhooks: Array<{ name: string; active: boolean }> };
    expect(listed.webhooks).toEqual([expect.objectContaining({ name: "一组", active: true, failures: 0 })]);
    expect(out.join("\n")).not.toContain("0a1b2c3d");

    expect(await wecomWebhookCli(["remove", "一组"], services, io)).toBe(0);
    expect(JSON.parse(out[2]!)).toEqual({ ok: true, removed: true });
    expect(await wecomWebhookCli(["remove", "一组"], services, io)).toBe(1);
  });

  it("refuses a non-WeCom URL with exit 1 and the Chinese reason; prints usage with exit 2", async () => {
    const { services, io, err, store } = setup();
    expect(await wecomWebhookCli(["add", "一组", "http://127.0.0.1:8/cgi-bin/webhook/send?key=abcdefgh"], services, io)).toBe(1);
    expect(err[0]).toBe(`wecom-webhook: 只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
    expect(store.data.webhooks).toEqual({});
    expect(await wecomWebhookCli([], services, io)).toBe(2);
    expect(await wecomWebhookCli(["add", "一组"], services, io)).toBe(2);
    expect(err.at(-1)).toBe(WECOM_WEBHOOK_USAGE);
  });
});
