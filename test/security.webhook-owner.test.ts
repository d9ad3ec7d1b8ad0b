import { beforeAll, describe, expect, it } from "vitest";
import { commandList } from "../commands/index.ts";
import { dispatch } from "../src/dispatch/dispatch.ts";
import type { CommandContext } from "../src/dispatch/types.ts";
import type { CaseLibrary } from "../src/corpus/types.ts";
import { createLogger } from "../src/logger.ts";
import { webhookCommand } from "../src/platforms/wecom/webhook/command.ts";
import { WEBHOOK_TEXT } from "../src/messages/catalog.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { capabilitiesOf, testLibrary, testServices } from "./support/services.ts";

const A = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=aaaaaaaa-0001";
const B = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=bbbbbbbb-0002";
const now = () => new Date("2026-01-05T00:00:00Z");

let library: CaseLibrary;
beforeAll(async () => {
  library = await testLibrary();
});

function world() {
  const services = testServices({ library });
  const webhooks = createWebhookService({ store: services.store, logger: createLogger("silent"), maxFailures: 5, now });
  const registry = commandList([webhookCommand(async () => webhooks)]);
  const withCommand = testServices({ library, store: services.store, commands: registry });
  const say = async (text: string, where: { chatId: string; type?: "group" | "private"; editor?: boolean; platform?: string }) => {
    const ctx: CommandContext = {
      chat: { platform: where.platform ?? "wecom", chatId: where.chatId, type: where.type ?? "group" },
      user: { id: "u1" },
      services: withCommand,
      capabilities: capabilitiesOf(where.platform ?? "wecom"),
      isEditor: where.editor === true,
      isAdmin: async () => true,
      now,
      bot: {},
    };
    return renderPlain(await dispatch(ctx, text));
  };
  return { store: services.store, webhooks, say };
}

describe("webhooks belong to the chat that registered them (issue 11, defect 2)", () => {
  it("one group cannot see, overwrite or remove another group's webhook", async () => {
    const { say, store } = world();
    const groupA = { chatId: "wrGroupA" };
    const groupB = { chatId: "wrGroupB" };
    expect(await say(`推送群 添加 一组 ${A}`, groupA)).toContain("已登记推送群“一组”");
    expect(await say("推送群 列表", groupB)).toBe(WEBHOOK_TEXT.empty);
    expect(await say("推送群 删除 一组", groupB)).toBe("没有名为“一组”的推送群。");
    expect(await say(`推送群 添加 一组 ${B}`, groupB)).toBe("名称“一组”已被其他群使用，请换一个名称。");
    expect(store.data.webhooks["一组"]).toMatchObject({ url: A, owner: "wecom:wrGroupA" });
    expect(await say("推送群 列表", groupA)).toBe("已登记 1 个推送群：\n· 一组：https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…0001（正常）");
    // The same chat id on another platform is another chat.
    expect(await say("/webhook list", { chatId: "wrGroupA", platform: "telegram" })).toBe(WEBHOOK_TEXT.empty);
    expect(await say("推送群 删除 一组", groupA)).toBe("已删除推送群“一组”，不再向它推送。");
  });

  it("editors (in their private chat) and the CLI see and manage every group's webhooks; in a group an editor sees that group's only", async () => {
    const { say, webhooks } = world();
    await say(`推送群 添加 一组 ${A}`, { chatId: "wrGroupA" });
    await say(`推送群 添加 二组 ${B}`, { chatId: "wrGroupB" });
    const editor = { chatId: "wangwu", type: "private" as const, editor: true };
    expect(await say("推送群 列表", editor)).toMatch(/^已登记 2 个推送群：\n· 一组：.*\n· 二组：/);
    expect(webhooks.list().map((w) => w.name)).toEqual(["一组", "二组"]);
    expect(await say("推送群 列表", { chatId: "wrGroupB", editor: true })).toMatch(/^已登记 1 个推送群：\n· 二组：/);
    expect(await say("推送群 删除 二组", editor)).toBe("已删除推送群“二组”，不再向它推送。");
    expect(await webhooks.remove("一组")).toBe(true);
  });

  it("records registered before owners existed are left to editors and the CLI", async () => {
    const { say, store, webhooks } = world();
    await store.update((s) => void (s.webhooks["旧群"] = { name: "旧群", url: A, addedAt: now().toISOString(), active: true, failures: 0 }));
    expect(await say("推送群 列表", { chatId: "wrGroupA" })).toBe(WEBHOOK_TEXT.empty);
    expect(await say("推送群 删除 旧群", { chatId: "wrGroupA" })).toBe("没有名为“旧群”的推送群。");
    expect(await say(`推送群 添加 旧群 ${B}`, { chatId: "wrGroupA" })).toBe("名称“旧群”已被其他群使用，请换一个名称。");
    expect(webhooks.list()).toHaveLength(1);
  });
});
