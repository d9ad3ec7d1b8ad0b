import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { commandList } from "../commands/index.ts";
import { dispatch } from "../src/dispatch/dispatch.ts";
import type { CommandContext } from "../src/dispatch/types.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { loadLibrary } from "../src/corpus/load.ts";
import { createDigestService } from "../src/digest/service.ts";
import type { DigestService } from "../src/digest/service-types.ts";
import { createLogger } from "../src/logger.ts";
import type { WebhookService } from "../src/platforms/wecom/webhook-types.ts";
import { createWebhookChannel } from "../src/platforms/wecom/webhook/channel.ts";
import { webhookCommand } from "../src/platforms/wecom/webhook/command.ts";
import { WEBHOOK_TEXT, WEBHOOK_USAGE } from "../src/messages/catalog.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { WEBHOOK_URL_HELP } from "../src/platforms/wecom/webhook/url.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { capabilitiesOf, testServices, type TestServices } from "./support/services.ts";
import { startWebhookServer, type FakeWebhookServer } from "./support/webhook-server.ts";

let library: CaseLibrary;
let server: FakeWebhookServer;
const logLines: string[] = [];
const logger = createLogger("info", { write: (s: string) => void logLines.push(s) });
// Monday 2026-01-05 08:00 in Shanghai: the default push (Mondays 09:00) is an hour away.
let now = new Date("2026-01-05T00:00:00Z");

beforeAll(async () => {
  library = await loadLibrary("data/articles");
});
beforeEach(async () => {
  now = new Date("2026-01-05T00:00:00Z");
  server = await startWebhookServer({ keys: ["k-group-0001"] });
});
afterEach(async () => {
  await server.close();
});

type World = TestServices & { webhooks: WebhookService; digest?: DigestService };

function makeServices(withDigest = true): World {
  const store = memoryStateStore();
  const digest = withDigest ? createDigestService({ store, library, logger, defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" }, now: () => now }) : undefined;
  const webhooks = createWebhookService({ store, logger, maxFailures: 5, digest, allowedHosts: ["127.0.0.1"], now: () => now });
  // The 推送群 command as the WeCom platform adds it, over this registry.
  const services = testServices({ library, store, digest, commands: commandList([webhookCommand(async () => webhooks)]) });
  return { ...services, webhooks, digest };
}

function ctx(services: World, admin = true, chat: CommandContext["chat"] = { platform: "wecom", chatId: "wrAdminChat", type: "group" }): CommandContext {
  return {
    chat,
    user: { id: "wangwu", name: "王五" },
    services,
    capabilities: capabilitiesOf(chat.platform),
    isEditor: false,
    isAdmin: async () => admin,
    now: () => now,
    bot: {},
  };
}

async function say(services: World, text: string, admin = true, chat?: CommandContext["chat"]): Promise<string> {
  return renderPlain(await dispatch(ctx(services, admin, chat), text));
}

describe("推送群 (in-chat webhook registration)", () => {
  it("registers a webhook, echoes the URL redacted and subscribes it to the Monday push", async () => {
    const services = makeServices();
    const out = await say(services, `推送群 添加 一组 ${server.url("k-group-0001")}`);
    expect(out).toBe(`已登记推送群“一组”：${server.base}/cgi-bin/webhook/send?key=…0001\n每周推送时间：每周一 09:00。`);
    expect(out).not.toContain("k-group-0001");
    expect(services.store.data.subscriptions["wecom-webhook:一组"]).toMatchObject({ platform: "wecom-webhook", chatId: "一组", active: true, cron: "0 9 * * 1" });
  });

  it("takes an optional schedule after the URL", async () => {
    const services = makeServices();
    const out = await say(services, `/webhook add 二组 ${server.url("k-group-0001")} 每周五 17:30`);
    expect(out).toBe(`已登记推送群“二组”：${server.base}/cgi-bin/webhook/send?key=…0001\n每周推送时间：每周五 17:30。`);
  });

  it("lists and removes webhooks; removing also ends the subscription", async () => {
    const services = makeServices();
    expect(await say(services, "推送群 列表")).toBe(WEBHOOK_TEXT.empty);
    await say(services, `推送群 添加 一组 ${server.url("k-group-0001")}`);
    expect(await say(services, "推送群 列表")).toBe(`已登记 1 个推送群：\n· 一组：${server.base}/cgi-bin/webhook/send?key=…0001（正常）`);
    expect(await say(services, "推送群 删除 一组")).toBe("已删除推送群“一组”，不再向它推送。");
    expect(services.store.data.subscriptions["wecom-webhook:一组"]?.active).toBe(false);
    expect(await say(services, "推送群 删除 一组")).toBe("没有名为“一组”的推送群。");
  });

  it("refuses non-admins and bad input with exact Chinese replies", async () => {
    const services = makeServices();
    expect(await say(services, `推送群 添加 一组 ${server.url("k-group-0001")}`, false)).toBe(WEBHOOK_TEXT.notAdmin);
    expect(await say(services, "推送群 列表", false)).toBe("只有管理员可以管理推送群。");
    expect(services.webhooks!.list()).toEqual([]);
    expect(await say(services, "推送群")).toBe(WEBHOOK_USAGE);
    expect(await say(services, `推送群 添加 ${server.url("k-group-0001")}`)).toBe(WEBHOOK_TEXT.missingName);
    expect(await say(services, "推送群 添加 一组 https://example.com/hook?key=abcdefgh")).toBe(`只接受企业微信群机器人的 webhook 地址。${WEBHOOK_URL_HELP}`);
    expect(await say(services, `推送群 添加 <b>x</b> ${server.url("k-group-0001")}`)).toBe("名称只能包含中文、字母、数字、- 或 _，最长 32 个字符，例如：推送群1。");
  });

  it("refuses private chats (where everyone counts as admin) except the operator's console", async () => {
    const services = makeServices();
    const add = `推送群 添加 一组 ${server.url("k-group-0001")}`;
    expect(await say(services, add, true, { platform: "wecom", chatId: "lisi", type: "private" })).toBe(WEBHOOK_TEXT.groupOnly);
    expect(await say(services, "/webhook list", true, { platform: "telegram", chatId: "42", type: "private" })).toBe(
      "推送群只能由群管理员在群聊中管理，或在服务器上用命令行：npm run -s cli -- wecom-webhook add <名称> <地址>。",
    );
    expect(services.webhooks!.list()).toEqual([]);
    expect(await say(services, add, true, { platform: "console", chatId: "console", type: "private" })).toContain("已登记推送群“一组”");
  });

  it("says so when no digest service runs, and still registers", async () => {
    const services = makeServices(false);
    const out = await say(services, `推送群 添加 一组 ${server.url("k-group-0001")}`);
    expect(out).toBe(`已登记推送群“一组”：${server.base}/cgi-bin/webhook/send?key=…0001\n（每周推送服务未启用，暂不会推送。）`);
  });

  it("end to end: the Monday fan-out delivers the case card to the robot as markdown", async () => {
    const services = makeServices();
    await say(services, `推送群 添加 一组 ${server.url("k-group-0001")}`);
    now = new Date("2026-01-05T01:00:30Z"); // Monday 09:00:30 in Shanghai
    const channel = createWebhookChannel({ webhooks: services.webhooks!, logger });
    const report = await services.digest!.sendDue([channel], now);
    expect(report.sent).toBe(1);
    expect(server.messages).toHaveLength(1);
    const sentCase = Object.values(services.store.data.outbox)[0]!;
    const unit = library.byId(sentCase.caseId)!.unit;
    expect(server.messages[0]!.content).toContain(unit);
    expect(Buffer.byteLength(server.messages[0]!.content)).toBeLessThanOrEqual(4096);
    // Idempotent per period: a second run in the same period sends nothing.
    expect((await services.digest!.sendDue([channel], now)).sent).toBe(0);
    expect(logLines.join("\n")).not.toContain("k-group-0001");
  });
});
