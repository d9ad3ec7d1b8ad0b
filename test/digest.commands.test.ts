import { describe, expect, it } from "vitest";
import type { Answerer } from "../src/answer/types.ts";
import { dispatch } from "../src/dispatch/dispatch.ts";
import type { ChatRef, CommandContext } from "../src/dispatch/types.ts";
import { createDigestService } from "../src/digest/service.ts";
import { renderPlain } from "../src/reply/plain.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { fakeArticle, mutableLibrary, silentLogger } from "./digest.fixtures.ts";
import { capabilitiesOf, testServices } from "./support/services.ts";

// Tuesday 2026-11-24 10:00 in Shanghai.
const NOW = new Date("2026-11-24T02:00:00Z");

function world(withDigest = true) {
  const { library } = mutableLibrary([fakeArticle(1, 2), fakeArticle(2, 2)]);
  const store = memoryStateStore();
  const digest = createDigestService({ store, library, logger: silentLogger, defaults: { cron: "0 9 * * 1", timezone: "Asia/Shanghai" }, now: () => NOW });
  const services = testServices({ library, answerer: { ask: () => ({ hits: [] }) } as unknown as Answerer, store, digest: withDigest ? digest : undefined });
  let adminAsked = 0;
  const say = async (text: string, chat: Partial<ChatRef> = {}, admin = true): Promise<string> => {
    const platform = chat.platform ?? "wecom";
    const ctx: CommandContext = {
      chat: { platform, chatId: "g1", type: "group", title: "研究室", ...chat },
      user: { id: "u1", name: "张三" },
      services,
      capabilities: capabilitiesOf(platform),
      isEditor: false,
      isAdmin: async () => {
        adminAsked += 1;
        return admin;
      },
      now: () => NOW,
      bot: {},
    };
    return renderPlain(await dispatch(ctx, text), { buttons: false });
  };
  return { say, store, library, adminAsked: () => adminAsked };
}

describe("/subscribe 订阅", () => {
  it("in a group only an administrator may subscribe (the platform is asked)", async () => {
    const w = world();
    expect(await w.say("订阅", {}, false)).toBe("只有群管理员可以订阅或退订本群的每周案例推送。");
    expect(w.adminAsked()).toBe(1);
    expect(w.store.data.subscriptions).toEqual({});
  });

  it("subscribes with a Chinese weekday schedule and reports the next push", async () => {
    const w = world();
    expect(await w.say("订阅 每周五 17:30")).toBe(
      [
        "已订阅每周案例推送。",
        "推送时间：每周五 17:30（Asia/Shanghai）",
        "下次推送：2026年11月27日（周五）17:30",
        "下次案例：单位a2c0人大常委会 · 标题a2c0",
        "本轮已推送：0/4 个案例",
        "发送“本周案例”先看看会收到什么，发送“退订”可取消。",
      ].join("\n"),
    );
    expect(w.store.data.subscriptions["wecom:g1"]).toMatchObject({ cron: "30 17 * * 5", timezone: "Asia/Shanghai", subscribedBy: { id: "u1", name: "张三" }, active: true, title: "研究室" });
  });

  it("uses slash commands in its hints on Telegram and the default schedule without arguments", async () => {
    const w = world();
    const text = await w.say("/subscribe", { platform: "telegram", chatId: "-100123" });
    expect(text.split("\n")[1]).toBe("推送时间：每周一 09:00（Asia/Shanghai）");
    expect(text.split("\n")[2]).toBe("下次推送：2026年11月30日（周一）09:00");
    expect(text.endsWith("发送“/digest”先看看会收到什么，发送“/unsubscribe”可取消。")).toBe(true);
    expect((await w.say("/subscribe", { platform: "telegram", chatId: "-100123" })).split("\n")[0]).toBe("这里已经订阅了每周案例推送。");
    expect((await w.say("/subscribe 周三 8:00", { platform: "telegram", chatId: "-100123" })).split("\n")[0]).toBe("已更新每周案例推送。");
  });

  it("explains a schedule it cannot read, in Chinese", async () => {
    const w = world();
    expect(await w.say("订阅 每天早上")).toBe(
      "没看懂“每天早上”。可以写“周一 09:00”“每周五 17:30”“星期五 17:30”，或 5 段 cron 表达式（分 时 日 月 周），例如“30 17 * * 5”。",
    );
    expect(w.store.data.subscriptions).toEqual({});
  });

  it("a private chat does not ask for administrators", async () => {
    const w = world();
    expect((await w.say("订阅", { type: "private", chatId: "u1" }, false)).split("\n")[0]).toBe("已订阅每周案例推送。");
    expect(w.adminAsked()).toBe(0);
  });

  it("says so when the digest is not running", async () => {
    const w = world(false);
    expect(await w.say("订阅")).toBe("本机器人没有启用每周案例推送。");
    expect(await w.say("本周案例")).toBe("本机器人没有启用每周案例推送。");
  });
});

describe("/subscription 订阅状态, /digest 本周案例, /unsubscribe 退订", () => {
  it("status before and after subscribing", async () => {
    const w = world();
    expect(await w.say("订阅状态")).toBe("这里还没有订阅每周案例推送。发送“订阅”即可订阅（默认每周一 09:00），也可以写时间，例如“订阅 周五 17:30”。");
    await w.say("订阅 星期五 17:30");
    expect(await w.say("订阅状态")).toBe(
      [
        "每周案例推送：已订阅",
        "推送时间：每周五 17:30（Asia/Shanghai）",
        "下次推送：2026年11月27日（周五）17:30",
        "下次案例：单位a2c0人大常委会 · 标题a2c0",
        "本轮已推送：0/4 个案例",
      ].join("\n"),
    );
  });

  it("previews the card this chat would get now", async () => {
    const w = world();
    const text = await w.say("本周案例");
    expect(text.split("\n\n").slice(0, 2)).toEqual(["【📌 本周案例】", "单位a2c0人大常委会 · 标题a2c0"]);
  });

  it("unsubscribes (admins only in groups) and says when there is nothing to cancel", async () => {
    const w = world();
    await w.say("订阅");
    expect(await w.say("退订", {}, false)).toBe("只有群管理员可以订阅或退订本群的每周案例推送。");
    expect(await w.say("退订")).toBe("已退订每周案例推送。想恢复时发送“订阅”。");
    expect(w.store.data.subscriptions["wecom:g1"]).toMatchObject({ active: false, inactiveReason: "unsubscribed" });
    expect(await w.say("/unsubscribe")).toBe("这里还没有订阅每周案例推送。发送“订阅”即可订阅（默认每周一 09:00），也可以写时间，例如“订阅 周五 17:30”。");
    expect((await w.say("订阅")).split("\n")[0]).toBe("已重新订阅每周案例推送。");
  });
});
