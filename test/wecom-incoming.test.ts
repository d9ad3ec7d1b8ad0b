import { describe, expect, it } from "vitest";
import { PermissionError, userMessageOf } from "../src/errors.ts";
import { SOMETHING_WENT_WRONG } from "../src/messages/catalog.ts";
import { createMsgIdDedupe } from "../src/platforms/wecom/dedupe.ts";
import {
  chatRefOf,
  extractText,
  handleWecomMessage,
  stripMention,
  welcomeText,
  type WecomMessageBody,
} from "../src/platforms/wecom/incoming.ts";
import { renderPlain } from "../src/reply/plain.ts";
import type { Services } from "../src/dispatch/types.ts";
import { testLibrary, testServices } from "./support/services.ts";

async function services(): Promise<Services> {
  return testServices({ library: await testLibrary() });
}

const group = (content: string, msgid = "m1"): WecomMessageBody => ({
  msgid,
  aibotid: "bot",
  chatid: "wrGroup1",
  chattype: "group",
  from: { userid: "zhangsan" },
  msgtype: "text",
  text: { content },
});

describe("stripMention", () => {
  it("removes the leading @bot mention with the gaps WeCom clients use", () => {
    expect(stripMention("@案例通 逢6进站")).toBe("逢6进站");
    expect(stripMention("@案例通\u2005单位")).toBe("单位");
    expect(stripMention("  @案例通\u00a0@另一个人 帮助")).toBe("帮助");
    expect(stripMention("@案例通")).toBe("");
  });

  it("keeps text without a mention and removes a known bot name anywhere", () => {
    expect(stripMention("搜索 联络站")).toBe("搜索 联络站");
    expect(stripMention("请问 @案例通 联络站怎么建", "案例通")).toBe("请问   联络站怎么建");
  });
});

describe("extractText", () => {
  it("reads text, joins the text parts of a mixed message and skips images", () => {
    expect(extractText(group("你好"))).toBe("你好");
    const mixed: WecomMessageBody = {
      ...group(""),
      msgtype: "mixed",
      mixed: { msg_item: [{ msgtype: "text", text: { content: "@案例通 看看" } }, { msgtype: "image" }, { msgtype: "text", text: { content: "联络站" } }] },
    };
    expect(extractText(mixed)).toBe("@案例通 看看\n联络站");
    expect(extractText({ ...group(""), msgtype: "image" })).toBeUndefined();
  });

  it("survives malformed bodies", () => {
    expect(extractText({ msgtype: "mixed", mixed: { msg_item: "oops" as never } })).toBeUndefined();
    expect(extractText({ msgtype: "text", text: { content: 42 as never } })).toBeUndefined();
  });
});

describe("chatRefOf", () => {
  it("addresses groups by chatid and single chats by the sender's userid", () => {
    expect(chatRefOf(group("x"))).toEqual({ platform: "wecom", chatId: "wrGroup1", type: "group" });
    expect(chatRefOf({ chattype: "single", from: { userid: "lisi" }, msgtype: "text" })).toEqual({ platform: "wecom", chatId: "lisi", type: "private" });
    expect(chatRefOf({ chattype: "group", from: { userid: "lisi" }, msgtype: "text" })).toBeUndefined();
    expect(chatRefOf({ chattype: "group", chatid: 42 as never, msgtype: "text" })).toBeUndefined();
    expect(chatRefOf({ chattype: "single", from: "lisi" as never, msgtype: "text" })).toBeUndefined();
  });
});

describe("handleWecomMessage", () => {
  it("runs bare Chinese command words after the mention", async () => {
    const s = await services();
    const result = await handleWecomMessage(group("@案例通 单位"), { services: s });
    expect(result.kind).toBe("reply");
    if (result.kind !== "reply") return;
    expect(renderPlain(result.reply)).toContain(`已收录 ${s.library.cases.length} 个单位`);
    expect(result.ctx.chat).toEqual({ platform: "wecom", chatId: "wrGroup1", type: "group" });
    expect(result.ctx.user.id).toBe("zhangsan");
  });

  it("runs 案例 <单位> and 帮助 without a slash", async () => {
    const s = await services();
    const c = s.library.cases[1];
    if (!c) throw new Error("corpus too small");
    const full = await handleWecomMessage(group(`@案例通 案例 ${c.unit}`), { services: s });
    expect(full.kind === "reply" && full.reply.caseId).toBe(c.id);
    const help = await handleWecomMessage(group("帮助"), { services: s });
    expect(help.kind === "reply" && renderPlain(help.reply)).toContain("案例通 · 使用说明");
  });

  it("sends other text to ask", async () => {
    const s = await services();
    const c = s.library.cases[0];
    if (!c) throw new Error("corpus too small");
    const result = await handleWecomMessage(group(`@案例通 ${c.unit}`), { services: s });
    expect(result.kind === "reply" && result.reply.kind).toBe("answer");
  });

  it("ignores messages without text or without a chat", async () => {
    const s = await services();
    expect(await handleWecomMessage({ ...group(""), msgtype: "image" }, { services: s })).toEqual({ kind: "ignored", reason: "unsupported msgtype image" });
    expect((await handleWecomMessage({ msgtype: "text", text: { content: "hi" } }, { services: s })).kind).toBe("ignored");
  });

  it("lets WECOM_ADMINS administer a group; without that list, only WECOM_EDITORS (never everyone)", async () => {
    const s = await services();
    const isAdmin = async (userid: string, opts: { admins?: string[]; editors?: string[] }, chattype = "group") => {
      const r = await handleWecomMessage({ ...group("帮助"), chattype, from: { userid } }, { services: s, ...opts });
      if (r.kind !== "reply") throw new Error("expected a reply");
      return r.ctx.isAdmin();
    };
    expect(await isAdmin("boss", { admins: ["boss"] })).toBe(true);
    expect(await isAdmin("lisi", { admins: ["boss"], editors: ["lisi"] })).toBe(false);
    expect(await isAdmin("wangwu", { editors: ["wangwu"] })).toBe(true);
    expect(await isAdmin("lisi", { editors: ["wangwu"] })).toBe(false);
    expect(await isAdmin("lisi", {})).toBe(false);
    // A single chat is the user's own: they manage its subscription.
    expect(await isAdmin("lisi", {}, "single")).toBe(true);
  });
});

describe("userMessageOf and welcomeText", () => {
  it("keeps deliberate refusals and hides everything else behind the apology", () => {
    expect(userMessageOf(new PermissionError("not admin", "只有群管理员可以订阅。"))).toBe("只有群管理员可以订阅。");
    expect(userMessageOf(new Error("boom"))).toBe(SOMETHING_WENT_WRONG);
    expect(SOMETHING_WENT_WRONG).toBe("抱歉，处理消息时出了点问题，请稍后再试。");
  });

  it("greets with the corpus size and two example questions", async () => {
    const s = await services();
    const text = welcomeText(s);
    expect(text).toContain(`收录了 ${s.library.cases.length} 个`);
    expect(text.split("\n").filter((l) => l.startsWith("· "))).toHaveLength(2);
  });

  it("suggests example questions the bot can actually answer", async () => {
    const s = await services();
    for (const example of welcomeText(s).split("\n").filter((l) => l.startsWith("· "))) {
      const result = await handleWecomMessage({ ...group(example.slice(2)), chattype: "single" }, { services: s });
      expect(result.kind === "reply" && result.reply.kind).toBe("answer");
    }
  });
});

describe("createMsgIdDedupe", () => {
  it("reports a repeated msgid once and forgets after the TTL", () => {
    let t = 0;
    const d = createMsgIdDedupe({ ttlMs: 1000, now: () => t });
    expect(d.seen("a")).toBe(false);
    expect(d.seen("a")).toBe(true);
    t = 999;
    expect(d.seen("a")).toBe(true);
    t = 2500;
    expect(d.seen("a")).toBe(false);
  });

  it("stays bounded and evicts the oldest first", () => {
    const d = createMsgIdDedupe({ max: 3, ttlMs: 60_000, now: () => 0 });
    for (const id of ["a", "b", "c", "d"]) d.seen(id);
    expect(d.size).toBe(3);
    expect(d.seen("d")).toBe(true);
    expect(d.seen("a")).toBe(false);
  });

  it("forgets on request so a failed message can be retried", () => {
    const d = createMsgIdDedupe();
    d.seen("x");
    d.forget("x");
    expect(d.seen("x")).toBe(false);
  });
});
