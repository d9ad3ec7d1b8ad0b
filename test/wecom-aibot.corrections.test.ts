/**
 * 更正 over the WeCom AI bot's long connection (the stand-in server): the Chinese command word
 * without a slash, in the editor's single chat; the id copied back as the markdown showed it
 * (full-width ＿); refused in a group and to anyone who is not an editor.
 */
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAibot } from "../src/platforms/wecom/aibot/bot.ts";
import { startEditorAibot } from "./support/editor-bots.ts";
import { liveTestServices, type LiveTestServices } from "./support/live-services.ts";
import { startFakeWecomServer, streamContent, textMessageBody, type FakeWecomServer } from "./support/wecom-ws-server.ts";
import { NEWSLETTER, STATION_QUESTION } from "./corrections.fixture.ts";

const BOT_ID = "aib-corrections-bot";
const SECRET = "corrections-secret-aaaaaaaaaaaaaaaaaaaaaaaa";
const NOW = new Date("2026-03-02T09:30:00.000Z");

let server: FakeWecomServer;
let services: LiveTestServices;
let bot: RunningAibot;
let n = 0;

const say = async (content: string, userid = "bianji", chatid?: string) => {
  const reqId = server.pushMessage(textMessageBody({ msgid: `m-${++n}`, userid, content, botId: BOT_ID, ...(chatid && { chatid }) }));
  return streamContent(await server.waitForFrame((f) => f.reqId === reqId && f.cmd === "aibot_respond_msg"));
};

beforeAll(async () => {
  server = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
  services = await liveTestServices({ now: () => NOW });
  await services.newsletters!.add({ fileName: "桐川简报.md", bytes: new TextEncoder().encode(NEWSLETTER), modifiedAt: NOW });
  bot = await startEditorAibot(server, services, { botId: BOT_ID, secret: SECRET, now: () => NOW });
});
afterAll(async () => {
  await bot.stop();
  await server.close();
  await rm(services.dataDir, { recursive: true, force: true });
});

describe("更正 on the WeCom AI bot", () => {
  it("an editor moves a passage by the Chinese word in the single chat; the id as the markdown showed it works", async () => {
    expect(await say("更正 桐川简报＿md 移动 ［4］ 枣林社区代表联络站")).toBe(
      [
        "已更正：把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”。",
        "**《桐川县人大工作简报（第8期）》的识别结果**",
        "文件：桐川简报.md · 编号：桐川简报＿md",
        "识别出 3 个单位（方括号里是段落编号）：",
        "- 柳湾镇人大主席团（乡镇）：“田间议事”收集民意\n［1］ 今年以来，柳湾镇人大主席团组织代表走进田…\n［2］ 代表们还把议事结果张贴在村务公开栏，接受…",
        "- 石岭街道人大工委（街道）：“楼长代表”解决停车难\n［3］ 石岭街道人大工委在8个小区推行“楼长代表…",
        "- 枣林社区代表联络站（街道）：桐川县人大工作简报（第8期）\n［4］ 枣林社区代表联络站每月开放两次，由代表轮…",
        "另有 1 段未归属单位，仍可检索：",
        "- ［5］ 各地要结合实际，学习借鉴以上做法。",
        "更正（1 条）：",
        // A zero-width space keeps "1." from being read as markdown's own list number.
        "- 1.\u200b 把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”",
      ].join("\n\n"),
    );
    expect(await say(STATION_QUESTION, "lisi")).toMatch(/枣林社区代表联络站/);
    expect((await say("更正 桐川简报_md 撤销 1")).split("\n\n")[0]).toBe("已撤销：把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”。");
  });

  it("is refused in a group and to anyone who is not an editor; nothing is written", async () => {
    expect(await say("更正 桐川简报_md 合并 柳湾 -", "bianji", "wrGroup")).toBe("更正请在与我的私聊（单聊）中进行。");
    expect(await say("更正 桐川简报_md 合并 柳湾 -", "lisi")).toBe("抱歉，只有编辑可以查看和管理收录的新闻稿。");
    expect(await readdir(join(services.dataDir, "articles"))).not.toContain("桐川简报.md.corrections.json");
    expect(await say("帮助")).toContain("**更正 或 /correct ＜文章编号＞ ［改名｜合并｜移动｜撤销 …］** — （编辑）查看和更正一篇新闻稿的单位识别：改名、合并、移动段落、撤销");
  });
});
