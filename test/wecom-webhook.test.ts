import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UserInputError } from "../src/errors.ts";
import { createLogger } from "../src/logger.ts";
import { createWebhookChannel } from "../src/platforms/wecom/webhook/channel.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { redactWebhookUrl, validateWebhookName, validateWebhookUrl, WEBHOOK_URL_HELP } from "../src/platforms/wecom/webhook/url.ts";
import { heading, para, reply } from "../src/reply/build.ts";
import type { Reply } from "../src/reply/types.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { startWebhookServer, type FakeWebhookServer } from "./support/webhook-server.ts";

const KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
const OFFICIAL = `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`;

let server: FakeWebhookServer;
let t: number;
let logLines: string[];

beforeEach(async () => {
  t = Date.UTC(2026, 0, 5, 1, 0, 0);
  server = await startWebhookServer({ keys: ["good-key-1", "good-key-2"], now: () => t });
  logLines = [];
});
afterEach(async () => {
  await server.close();
});

function setup(maxFailures = 3) {
  const logger = createLogger("debug", { write: (s: string) => void logLines.push(s) });
  const store = memoryStateStore();
  const webhooks = createWebhookService({ store, logger, maxFailures, allowedHosts: ["127.0.0.1"], now: () => new Date(t) });
  const sleeps: number[] = [];
  const channel = createWebhookChannel({
    webhooks,
    logger,
    clock: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
  });
  return { store, webhooks, channel, sleeps };
}

const short: Reply = reply("digest", [heading("本周案例"), para("逢6进站：代表联络站每逢6日开放。")]);
const target = (name: string) => ({ channel: "wecom-webhook", chatId: name });

describe("webhook URL and name validation", () => {
  it("accepts WeCom's webhook URL and, only when allowed, a local http stand-in", () => {
    expect(validateWebhookUrl(` ${OFFICIAL} `)).toBe(OFFICIAL);
    expect(validateWebhookUrl("http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdefgh", { allowedHosts: ["127.0.0.1"] })).toBe("http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdefgh");
    expect(() => validateWebhookUrl("http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdefgh")).toThrow(UserInputError);
  });

  it("refuses other hosts, plain http, a missing key and junk with exact Chinese messages", () => {
    const msg = (u: string) => {
      try {
        validateWebhookUrl(u);
        return "accepted";
      } catch (err) {
        return (err as UserInputError).userMessage;
      }
    };
    expect(msg("https://evil.example/cgi-bin/webhook/send?key=abcdefgh")).toBe(`只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
    expect(msg(`http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}`)).toBe(`只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
    expect(msg("http://10.0.0.1/cgi-bin/webhook/send?key=abcdefgh")).toBe(`只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
    expect(msg("https://qyapi.weixin.qq.com/cgi-bin/webhook/send")).toBe(`webhook 地址缺少有效的 key 参数。${WEBHOOK_URL_HELP}`);
    expect(msg("推送群")).toBe(`这不是有效的网址。${WEBHOOK_URL_HELP}`);
  });

  it("redacts the key to its last four characters", () => {
    expect(redactWebhookUrl(OFFICIAL)).toBe("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa");
    expect(redactWebhookUrl(OFFICIAL)).not.toContain(KEY.slice(0, 8));
  });

  it("accepts Chinese names and refuses spaces, markup and overlong names", () => {
    expect(validateWebhookName(" 推送群_1 ")).toBe("推送群_1");
    for (const bad of ["", "a b", "<b>x</b>", "x".repeat(33), "🙂"]) expect(() => validateWebhookName(bad)).toThrow(UserInputError);
  });
});

describe("the wecom-webhook delivery channel against a local group-robot stand-in", () => {
  it("posts the push as markdown to the robot and resets the failure count", async () => {
    const { webhooks, channel, store } = setup();
    await webhooks.add("组一", server.url("good-key-1"));
    await store.update((s) => void (s.webhooks["组一"]!.failures = 2));
    expect(await channel.send(target("组一"), short)).toEqual({ status: "sent" });
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatchObject({ key: "good-key-1", msgtype: "markdown" });
    expect(server.messages[0]!.content).toContain("**本周案例**");
    expect(store.data.webhooks["组一"]!.failures).toBe(0);
    expect(channel.name).toBe("wecom-webhook");
    expect(channel.limits.perChatPerMinute).toBe(20);
  });

  it("splits a long push into messages of at most 4096 UTF-8 bytes, all delivered in order", async () => {
    const { webhooks, channel } = setup();
    await webhooks.add("组一", server.url("good-key-1"));
    const paragraphs = Array.from({ length: 12 }, (_, i) => para(`第${i + 1}段：` + "代表联络站常态化开放，收集群众意见并跟踪办理。".repeat(20)));
    expect(await channel.send(target("组一"), reply("digest", paragraphs))).toEqual({ status: "sent" });
    expect(server.messages.length).toBeGreaterThan(2);
    for (const m of server.messages) expect(Buffer.byteLength(m.content)).toBeLessThanOrEqual(4096);
    expect(server.messages[0]!.content).toContain("第1段");
    expect(server.messages.at(-1)!.content).toContain("第12段");
  });

  it("paces to 20 messages a minute per robot, so the robot never answers 45009", async () => {
    const { webhooks, channel, sleeps } = setup();
    await webhooks.add("组一", server.url("good-key-1"));
    await webhooks.add("组一别名", server.url("good-key-1")); // same robot, shared budget
    for (let i = 0; i < 15; i++) expect(await channel.send(target("组一"), short)).toEqual({ status: "sent" });
    for (let i = 0; i < 10; i++) expect(await channel.send(target("组一别名"), short)).toEqual({ status: "sent" });
    expect(server.messages).toHaveLength(25);
    expect(server.posts).toHaveLength(25); // every request accepted: none refused with 45009
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(59_000);
  });

  it("turns errcode 45009 into a retry outcome without counting a failure, and resumes a split push where it stopped", async () => {
    const { webhooks, channel, store } = setup();
    await webhooks.add("组一", server.url("good-key-1"));
    server.failNext(45009);
    const outcome = await channel.send(target("组一"), short);
    expect(outcome).toEqual({ status: "retry", afterMs: 60_000, reason: "errcode 45009" });
    expect(store.data.webhooks["组一"]!.failures).toBe(0);
    expect(logLines.some((l) => l.includes("rate limited"))).toBe(true);

    const long = reply("digest", Array.from({ length: 6 }, (_, i) => para(`第${i + 1}段：` + "联络站".repeat(300))));
    const before = server.messages.length;
    server.failNext(45009, 1, 1); // the first part goes through, the second hits the limit
    expect((await channel.send(target("组一"), long)).status).toBe("retry");
    expect(await channel.send(target("组一"), long)).toEqual({ status: "sent" });
    const delivered = server.messages.slice(before).map((m) => m.content);
    expect(delivered.length).toBeGreaterThan(1);
    expect(new Set(delivered).size).toBe(delivered.length); // no part twice
    expect(delivered.join("")).toContain("第1段");
    expect(delivered.join("")).toContain("第6段");
  });

  it("counts errcode 93000 (invalid webhook url) and deactivates the webhook after WECOM_WEBHOOK_MAX_FAILURES in a row", async () => {
    const { webhooks, channel, store } = setup(3);
    await webhooks.add("坏群", server.url("revoked-key-9"));
    expect(await channel.send(target("坏群"), short)).toEqual({ status: "failed", reason: "errcode 93000", permanent: true });
    expect(await channel.send(target("坏群"), short)).toMatchObject({ status: "failed" });
    expect(store.data.webhooks["坏群"]).toMatchObject({ active: true, failures: 2, lastError: "errcode 93000" });
    expect(await channel.send(target("坏群"), short)).toEqual({ status: "blocked", reason: "webhook deactivated: errcode 93000" });
    expect(store.data.webhooks["坏群"]).toMatchObject({ active: false, failures: 3 });
    expect(await channel.send(target("坏群"), short)).toEqual({ status: "blocked", reason: "webhook deactivated" });
    expect(server.posts).toHaveLength(3);
    const log = logLines.join("\n");
    expect(log).toContain("deactivated after consecutive failures");
    expect(log).toContain("key=…ey-9");
    expect(log).not.toContain("revoked-key-9");
  });

  it("re-adding a deactivated webhook turns it back on", async () => {
    const { webhooks, channel } = setup(1);
    await webhooks.add("坏群", server.url("revoked-key-9"));
    expect((await channel.send(target("坏群"), short)).status).toBe("blocked");
    expect((await webhooks.add("坏群", server.url("revoked-key-9"))).change).toBe("reactivated");
    expect(webhooks.list()[0]).toMatchObject({ active: true, failures: 0 });
  });

  it("treats server errors as retries and network errors as pending for a later run, neither counted against the robot", async () => {
    const { webhooks, channel, store } = setup(1);
    await webhooks.add("组一", server.url("good-key-1"));
    server.httpErrorNext(502);
    expect(await channel.send(target("组一"), short)).toEqual({ status: "retry", afterMs: 30_000, reason: "HTTP 502" });
    await webhooks.add("无人", "http://127.0.0.1:1/cgi-bin/webhook/send?key=nobody-listens");
    expect(await channel.send(target("无人"), short)).toEqual({ status: "failed", reason: "network error (ECONNREFUSED)", permanent: false });
    expect(store.data.webhooks["组一"]!.active).toBe(true);
    expect(store.data.webhooks["无人"]!.failures).toBe(0);
    expect(logLines.join("\n")).not.toContain("nobody-listens");
  });

  it("reports an unknown webhook name as blocked", async () => {
    const { channel } = setup();
    expect(await channel.send(target("没有"), short)).toEqual({ status: "blocked", reason: "webhook not registered" });
  });
});

describe("the webhook registry", () => {
  it("lists redacted URLs only and never logs the key", async () => {
    const { webhooks } = setup();
    const r = await webhooks.add("组二", OFFICIAL.replace("qyapi", "qyapi"), { id: "admin1", name: "王五" });
    expect(r).toMatchObject({ change: "created", webhook: { name: "组二", redactedUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa", addedBy: "王五 (admin1)" } });
    expect(JSON.stringify(webhooks.list())).not.toContain(KEY);
    expect(logLines.join("\n")).not.toContain(KEY);
    expect((await webhooks.add("组二", OFFICIAL)).change).toBe("unchanged");
    expect((await webhooks.add("组二", server.url("good-key-2"))).change).toBe("updated");
    expect(await webhooks.remove("组二")).toBe(true);
    expect(await webhooks.remove("组二")).toBe(false);
    expect(webhooks.list()).toEqual([]);
  });
});
