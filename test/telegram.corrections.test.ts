/**
 * An editor sees and corrects what the bot understood, on Telegram end to end: the real bot
 * (startTelegram, long polling) against the local Bot API server, over a live library in a
 * scratch DATA_DIR. The upload report numbers each unit's passages; /correct moves one; another
 * user is answered from the corrected library at once.
 */
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TelegramPlatform } from "../src/platforms/telegram/index.ts";
import { startEditorTelegram } from "./support/editor-bots.ts";
import { startBotApiServer, type BotApiServer, type Payload } from "./support/bot-api-server.ts";
import { liveTestServices, type LiveTestServices } from "./support/live-services.ts";
import { visible } from "./support/telegram-harness.ts";
import { OTHER_USER, PRIVATE_USER, SUPERGROUP, documentUpdate, textUpdate } from "./support/telegram-updates.ts";
import { NEWSLETTER, STATION_QUESTION } from "./corrections.fixture.ts";

const NOW = new Date("2026-03-02T09:30:00.000Z");
const EDITOR = PRIVATE_USER;
const other = { id: OTHER_USER.id, type: "private" as const };

let api: BotApiServer;
let services: LiveTestServices;
let bot: TelegramPlatform;
let sent = 0;

async function nextTo(chatId: number): Promise<Payload> {
  const call = await api.waitForCall("sendMessage", undefined, { skip: sent });
  sent++;
  expect(call.payload.chat_id).toBe(chatId);
  return call.payload;
}
const say = async (text: string, from: { id: number; is_bot: boolean; first_name: string } = EDITOR, chat?: { id: number; type: "private" | "supergroup"; title?: string }) => {
  api.pushUpdate(textUpdate(text, { from, ...(chat && { chat }) }) as never);
  return visible(await nextTo(chat?.id ?? from.id));
};

const UNITS = (liuwan: string[], shiling: string[]) => [
  "• 柳湾镇人大主席团（乡镇）：“田间议事”收集民意\n" + liuwan.join("\n"),
  "• 石岭街道人大工委（街道）：“楼长代表”解决停车难\n" + shiling.join("\n"),
];
const P = {
  1: "[1] 今年以来，柳湾镇人大主席团组织代表走进田…",
  2: "[2] 代表们还把议事结果张贴在村务公开栏，接受…",
  3: "[3] 石岭街道人大工委在8个小区推行“楼长代表…",
  4: "[4] 枣林社区代表联络站每月开放两次，由代表轮…",
  5: "[5] 各地要结合实际，学习借鉴以上做法。",
};
const MOVED = "把段落“枣林社区代表联络站每月开放两次，由代表轮…”移到“枣林社区代表联络站”";

beforeAll(async () => {
  api = await startBotApiServer();
  services = await liveTestServices({ now: () => NOW });
  bot = await startEditorTelegram(api, services, { editorId: EDITOR.id, now: () => NOW });
});
afterAll(async () => {
  await bot.stop();
  await api.close();
  await rm(services.dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  sent = api.callsTo("sendMessage").length;
});

describe("an editor correcting what the bot understood, on Telegram", () => {
  it("the upload report numbers each unit's passages; /correct moves one; everyone is answered from the correction", async () => {
    api.pushUpdate(documentUpdate(api.addFile(new TextEncoder().encode(NEWSLETTER)), { fileName: "桐川简报.md", from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe(
      [
        "已收录《桐川县人大工作简报（第8期）》",
        "文件：桐川简报.md · 日期：文中未写日期（排在有日期的新闻稿之后）",
        "识别出 2 个单位（方括号里是段落编号）：",
        ...UNITS([P[1], P[2]], [P[3], P[4]]),
        "另有 1 段未归属单位，仍可检索：",
        `• ${P[5]}`,
        "现在就可以提问了。",
        "识别有误可以更正，例如：/correct 桐川简报_md 移动 <段落编号> <单位>；/correct 桐川简报_md 改名 <单位> <新名称>。发送“/correct”查看全部写法。",
      ].join("\n\n"),
    );
    expect(await say(STATION_QUESTION, OTHER_USER, other)).toMatch(/^石岭街道人大工委 · /);

    const listing = [
      "《桐川县人大工作简报（第8期）》的识别结果",
      "文件：桐川简报.md · 编号：桐川简报_md",
      "识别出 3 个单位（方括号里是段落编号）：",
      ...UNITS([P[1], P[2]], [P[3]]),
      `• 枣林社区代表联络站（街道）：桐川县人大工作简报（第8期）\n${P[4]}`,
      "另有 1 段未归属单位，仍可检索：",
      `• ${P[5]}`,
      "更正（1 条）：",
      `• 1. ${MOVED}`,
    ];
    expect(await say("/correct 桐川简报_md 移动 4 枣林社区代表联络站")).toBe([`已更正：${MOVED}。`, ...listing].join("\n\n"));
    expect(await readdir(join(services.dataDir, "articles"))).toContain("桐川简报.md.corrections.json");
    // The live library swapped before the reply: another user's question finds the station.
    expect(await say(STATION_QUESTION, OTHER_USER, other)).toMatch(/^枣林社区代表联络站 · /);
    expect(await say("/correct 桐川简报_md")).toBe([...listing, "发送“/correct”查看全部写法。"].join("\n\n"));

    expect((await say("/correct 桐川简报_md 撤销 1")).split("\n\n").slice(0, 3)).toEqual([`已撤销：${MOVED}。`, "《桐川县人大工作简报（第8期）》的识别结果", "文件：桐川简报.md · 编号：桐川简报_md"]);
    expect(await say(STATION_QUESTION, OTHER_USER, other)).toMatch(/^石岭街道人大工委 · /);
  });

  it("a corrections file an editor broke by hand is shown, and never written over", async () => {
    const sidecar = join(services.dataDir, "articles", "桐川简报.md.corrections.json");
    await writeFile(sidecar, "{");
    await services.live.refresh();
    const problem = "更正文件 桐川简报.md.corrections.json 无法使用（不是有效的 JSON），其中的更正没有生效。请修复或删除这个文件后再更正。";
    expect((await say("/correct 桐川简报_md")).split("\n\n").at(-2)).toBe(`⚠ ${problem}`);
    expect(await say("/correct 桐川简报_md 移动 4 -")).toBe(`${problem}\n\n发送“/correct”查看全部写法。`);
    expect(await readFile(sidecar, "utf8")).toBe("{");
    await rm(sidecar);
    await services.live.refresh();
  });

  it("says what is wrong and how to write it; /correct alone is the grammar", async () => {
    expect(await say("/correct 桐川简报_md 移动 9 柳湾")).toBe("没有第 9 段（这篇文章共 5 段，编号见报告方括号）。\n\n发送“/correct”查看全部写法。");
    expect(await say("/correct 第9期 改名 a b")).toBe("没有找到文章“第9期”。可用文章编号或文件名，例如 000_69318127c2583019 或 000_69318127c2583019.txt。\n\n发送“/correct”查看全部写法。");
    const usage = (await say("/correct")).split("\n\n");
    expect(usage[0]).toBe("查看和更正我对一篇新闻稿的理解（哪段文字属于哪个单位）：");
    expect(usage[1]).toBe("/correct <文章编号或文件名>  查看各单位的段落编号和已做的更正");
    expect(usage).toHaveLength(7);
  });

  it("is for editors only, and only in the private chat", async () => {
    expect(await say("/correct 桐川简报_md 移动 4 -", OTHER_USER, other)).toBe("抱歉，只有编辑可以查看和管理收录的新闻稿。");
    expect(await say(`/correct@${api.botInfo.username} 桐川简报_md 移动 4 -`, EDITOR, SUPERGROUP)).toBe("更正请在与我的私聊（单聊）中进行。");
    expect(await readdir(join(services.dataDir, "articles"))).not.toContain("桐川简报.md.corrections.json");
    expect(await say("/help")).toContain("/correct <文章编号> [改名|合并|移动|撤销 …] — （编辑）查看和更正一篇新闻稿的单位识别：改名、合并、移动段落、撤销");
    expect(await say("/help", OTHER_USER, other)).not.toContain("/correct");
  });
});
