import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { dispatch } from "../src/dispatch/dispatch.ts";
import type { CommandContext } from "../src/dispatch/types.ts";
import { loadConfig } from "./support/config.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { createLogger } from "../src/logger.ts";
import { wecomPlatform } from "../src/platforms/wecom/adapter.ts";
import type { WecomSection } from "../src/platforms/wecom/profile.ts";
import { createWebhookChannel } from "../src/platforms/wecom/webhook/channel.ts";
import { robotsFor } from "../src/platforms/wecom/webhook/service.ts";
import { WEBHOOK_URL_HELP } from "../src/platforms/wecom/webhook/url.ts";
import { heading, reply } from "../src/reply/build.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { commandList } from "../commands/index.ts";
import { startDocServer, type DocServer, type Route } from "./support/doc-server.ts";
import { capabilitiesOf, testLibrary, testServices, type TestServices } from "./support/services.ts";

const PATH = "/cgi-bin/webhook/send";
const REFUSED = `只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`;
const logLines: string[] = [];
const logger = createLogger("debug", { write: (s: string) => void logLines.push(s) });
const now = () => new Date("2026-01-05T00:00:00Z");
const card = reply("digest", [heading("本周案例")]);

let library: CaseLibrary;
const servers: DocServer[] = [];
beforeAll(async () => {
  library = await testLibrary();
});
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function serve(route: Route, extra: Record<string, Route> = {}): Promise<DocServer> {
  const server = await startDocServer({ [PATH]: route, ...extra });
  servers.push(server);
  return server;
}
const ok: Route = (_q, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0,"errmsg":"ok"}');

/** The WeCom platform as `npm start` builds it from this environment, with its 推送群 command. */
function world(env: Record<string, string> = {}) {
  const section = loadConfig(env).platforms.wecom as WecomSection;
  const services: TestServices = testServices({ library, commands: commandList(wecomPlatform.commands!({ section, logger, now })) });
  const webhooks = robotsFor(services.state, section.robots, logger, now);
  const say = async (text: string, chatId = "wrGroupA") => {
    const ctx: CommandContext = {
      chat: { platform: "wecom", chatId, type: "group" },
      user: { id: "boss", name: "老板" },
      services,
      capabilities: capabilitiesOf("wecom"),
      isEditor: false,
      isAdmin: async () => true,
      now,
      bot: {},
    };
    return renderPlain(await dispatch(ctx, text));
  };
  return { section, services, webhooks, say };
}

describe("group-robot webhooks go only to WeCom's host (issue 11, defect 1)", () => {
  it("in the default configuration refuses loopback in every spelling, and no request reaches the local service", async () => {
    const server = await serve(ok);
    const port = new URL(server.origin).port;
    const { say, services } = world({});
    const spellings = [
      `http://127.0.0.1:${port}`,
      `https://127.0.0.1:${port}`,
      `http://127.1:${port}`,
      `http://2130706433:${port}`,
      `http://0x7f.1:${port}`,
      `http://0177.0.0.1:${port}`,
      `http://[::1]:${port}`,
      `http://[::ffff:127.0.0.1]:${port}`,
      `http://localhost:${port}`,
      "http://169.254.169.254",
      "http://10.0.0.1",
    ];
    for (const base of spellings) expect(await say(`推送群 添加 本地 ${base}${PATH}?key=abcdefgh-1234`), base).toBe(REFUSED);
    expect(services.store.data.webhooks).toEqual({});
    expect(server.hits).toEqual([]);
  });

  it("an explicit WECOM_WEBHOOK_ALLOWED_HOSTS lets a named stand-in through, and only in its canonical spelling", async () => {
    const server = await serve(ok);
    const port = new URL(server.origin).port;
    const { say, webhooks } = world({ WECOM_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    expect(await say(`推送群 添加 本地 ${server.url(PATH)}?key=abcdefgh-1234`)).toContain("已登记推送群“本地”");
    for (const host of ["127.1", "2130706433", "0x7f.1", "[::1]", "localhost"]) expect(await say(`推送群 添加 别名 http://${host}:${port}${PATH}?key=abcdefgh-1234`), host).toBe(REFUSED);
    const channel = createWebhookChannel({ webhooks, logger });
    expect(await channel.send({ channel: "wecom-webhook", chatId: "本地" }, card)).toEqual({ status: "sent" });
    expect(server.hits).toHaveLength(1);
  });

  it("rejects an allow-list entry that is not a canonical host name with a message naming the variable", () => {
    expect(() => loadConfig({ WECOM_WEBHOOK_ALLOWED_HOSTS: "127.1" })).toThrow(/WECOM_WEBHOOK_ALLOWED_HOSTS/);
    expect(() => loadConfig({ WECOM_WEBHOOK_ALLOWED_HOSTS: "http://x.example/path" })).toThrow(/WECOM_WEBHOOK_ALLOWED_HOSTS/);
    expect(loadConfig({ WECOM_WEBHOOK_ALLOWED_HOSTS: "robot.intra.example, [::1]" }).platforms.wecom?.robots.allowedHosts).toEqual(["robot.intra.example", "::1"]);
  });

  it("resolves WeCom's host before connecting and refuses a private answer (a poisoned resolver, /etc/hosts)", async () => {
    const { webhooks, services } = world({});
    await webhooks.add("官方", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh-1234");
    const asked: string[] = [];
    const channel = createWebhookChannel({
      webhooks,
      logger,
      resolve: (host, _family, cb) => {
        asked.push(host);
        cb(null, [{ address: "127.0.0.1", family: 4 }]);
      },
    });
    const outcome = await channel.send({ channel: "wecom-webhook", chatId: "官方" }, card);
    expect(outcome).toEqual({ status: "failed", reason: "address refused", permanent: true });
    expect(asked).toEqual(["qyapi.weixin.qq.com"]);
    expect(services.store.data.webhooks["官方"]).toMatchObject({ failures: 1, lastError: "address refused" });
  });

  it("refuses to follow a redirect, so a robot URL cannot bounce the push to another address", async () => {
    const server = await serve((_q, res) => res.writeHead(307, { location: "/internal" }).end(), { "/internal": ok });
    const { webhooks } = world({ WECOM_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1" });
    await webhooks.add("跳转", `${server.url(PATH)}?key=abcdefgh-1234`);
    const outcome = await createWebhookChannel({ webhooks, logger }).send({ channel: "wecom-webhook", chatId: "跳转" }, card);
    expect(outcome).toEqual({ status: "failed", reason: "redirect refused (HTTP 307)", permanent: true });
    expect(server.hits.map((h) => h.split("?")[0])).toEqual([PATH]);
  });

  it("never echoes the remote service's errmsg to chat: 推送群 列表 shows a neutral Chinese reason", async () => {
    const server = await serve((_q, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":93000,"errmsg":"internal-admin-panel says hello"}'));
    const { webhooks, say } = world({ WECOM_WEBHOOK_ALLOWED_HOSTS: "127.0.0.1", WECOM_WEBHOOK_MAX_FAILURES: "1" });
    await say(`推送群 添加 坏群 ${server.url(PATH)}?key=abcdefgh-1234`);
    const outcome = await createWebhookChannel({ webhooks, logger }).send({ channel: "wecom-webhook", chatId: "坏群" }, card);
    expect(outcome).toEqual({ status: "blocked", reason: "webhook deactivated: errcode 93000" });
    const listed = await say("推送群 列表");
    expect(listed).toBe(`已登记 1 个推送群：\n· 坏群：${server.origin}${PATH}?key=…1234（已停用：webhook 地址无效或机器人已被删除）`);
    expect(listed).not.toContain("hello");
  });
});
