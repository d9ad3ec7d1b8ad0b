/**
 * Editors' file messages over the AI bot's long connection: the stand-in pushes a file message
 * whose URL serves the file encrypted as WeCom does; the SDK downloads and decrypts it; the
 * report comes back as the stream reply; other users' questions are answered from the upload.
 */
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningAibot } from "../src/platforms/wecom/aibot/bot.ts";
import { startEditorAibot } from "./support/editor-bots.ts";
import { fixture } from "./extract.support.ts";
import { startDocServer } from "./support/doc-server.ts";
import { liveTestServices, type LiveTestServices } from "./support/live-services.ts";
import { fileMessageBody, sentMarkdown, startFakeWecomServer, streamContent, textMessageBody, type FakeWecomServer } from "./support/wecom-ws-server.ts";

const BOT_ID = "aib-upload-bot";
const SECRET = "upload-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const NOW = new Date("2026-03-02T09:30:00.000Z");

let server: FakeWecomServer;
let services: LiveTestServices;
let bot: RunningAibot;

const frameFor = async (body: Record<string, unknown>) => {
  const reqId = server.pushMessage(body);
  return server.waitForFrame((f) => f.reqId === reqId && f.cmd === "aibot_respond_msg");
};
const answer = async (body: Record<string, unknown>) => streamContent(await frameFor(body));
const buttonKeys = (body: Record<string, unknown> | undefined): string[] => {
  const card = body?.template_card as { button_list?: Array<{ key?: string; text?: string }> } | undefined;
  return (card?.button_list ?? []).map((b) => `${b.text}=${b.key}`);
};

beforeAll(async () => {
  server = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
  services = await liveTestServices({ now: () => NOW });
  // The 20 MB bound, shrunk so a test file can pass it.
  bot = await startEditorAibot(server, services, { botId: BOT_ID, secret: SECRET, now: () => NOW, download: { maxBytes: 64 * 1024 } });
});
afterAll(async () => {
  await bot.stop();
  await server.close();
  await rm(services.dataDir, { recursive: true, force: true });
});

describe("a file message to the WeCom AI bot", () => {
  it("an editor's Word file is downloaded, decrypted, reported in markdown, and answers other users", async () => {
    const file = await server.serveFile(fixture("heading-styles.docx"), "第2期简报.docx");
    const frame = await frameFor(fileMessageBody({ msgid: "up-1", userid: "bianji", botId: BOT_ID, ...file }));
    expect(streamContent(frame)).toBe(
      [
        "**已收录《青禾县基层人大工作典型案例》**",
        "文件：第2期简报.docx · 日期：文中未写日期（排在有日期的新闻稿之后）",
        "识别出 3 个单位（方括号里是段落编号）：",
        "- 石桥镇人大主席团（乡镇）：“代表茶座”架起连心桥\n［1］ 石桥镇人大主席团在全镇12个村（社区）设…\n［2］ 主席团对收集到的意见实行“收集、交办、督…",
        "- 柳塘街道人大工委（街道）：民生实事项目由代表票决\n［3］ （一）广泛征集项目\n［4］ 街道人大工委通过“民意直通车”线上平台和…\n［5］ （二）代表大会票决\n［6］ 在街道居民议事会上，46名代表以无记名投…\n［7］ 项目 ｜ 投资（万元）\n［8］ 老旧小区加装电梯 ｜ 1,120",
        "- 云岭乡人大主席团（乡镇）：“田埂课堂”助推产业发展\n［9］ 云岭乡人大主席团组织农业技术人员和种养大…\n［10］ 主席团还借助 Smart Farm 平台…",
        "另有 1 段未归属单位，仍可检索：",
        "- ［11］ 今年以来，全县各乡镇（街道）人大围绕中心…",
        "现在就可以提问了。",
        // Markdown's own characters are shown full-width (＿ ＜ ＞); what an editor copies back still names the document.
        "识别有误可以更正，例如：更正 第2期简报＿docx 移动 ＜段落编号＞ ＜单位＞；更正 第2期简报＿docx 改名 ＜单位＞ ＜新名称＞。发送“更正”查看全部写法。",
      ].join("\n\n"),
    );
    expect(buttonKeys(frame.body)).toEqual(["撤销=cmd:remove:第2期简报_docx"]);
    expect(server.fileDownloads).toBe(1);
    expect(await answer(textMessageBody({ msgid: "q-1", userid: "lisi", content: "田埂课堂怎么办的？", botId: BOT_ID }))).toMatch(/云岭乡人大主席团/);

    // 撤销 on the card: only the editor's press takes it out again.
    const click = (msgid: string, userid: string) =>
      server.pushEvent({ msgid, aibotid: BOT_ID, chattype: "single", from: { userid }, msgtype: "event", event: { eventtype: "template_card_event", event_key: "cmd:remove:第2期简报_docx" } });
    const from = server.frames.length;
    click("undo-1", "lisi");
    expect(sentMarkdown(await server.waitForFrame((f) => f.cmd === "aibot_send_msg", { from }))).toBe("抱歉，只有编辑可以查看和管理收录的新闻稿。");
    click("undo-2", "bianji");
    expect(sentMarkdown(await server.waitForFrame((f) => f.cmd === "aibot_send_msg" && f.body?.chatid === "bianji", { from: from + 1 }))).toBe(
      "已从案例库删除《青禾县基层人大工作典型案例》（第2期简报.docx）。原文件已移入数据目录的 removed 文件夹，可以恢复。",
    );
    expect(services.library.articles.map((a) => a.sourceFile)).toEqual(["000_69318127c2583019.txt"]);
  });

  it("a non-editor's file and a file in a group are not downloaded", async () => {
    const file = await server.serveFile(fixture("heading-styles.docx"), "a.docx");
    expect(await answer(fileMessageBody({ msgid: "up-2", userid: "lisi", botId: BOT_ID, ...file }))).toBe("抱歉，只有编辑可以向案例库添加新闻稿。如需收录，请把文件交给编辑。");
    expect(await answer(fileMessageBody({ msgid: "up-3", userid: "bianji", chatid: "wrGroup", botId: BOT_ID, ...file }))).toBe("请在与我的私聊（单聊）中发送文件；群聊里的文件不会收录。");
    expect(server.fileDownloads).toBe(1);
  });

  it("an unsupported file is refused after the download names it; the library is untouched", async () => {
    const cases = services.library.cases.length;
    const file = await server.serveFile(new Uint8Array([1, 2, 3]), "统计表.xlsx");
    expect(await answer(fileMessageBody({ msgid: "up-4", userid: "bianji", botId: BOT_ID, ...file }))).toBe("无法收录“统计表.xlsx”：暂不支持 .xlsx 文件。请发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。");
    expect(services.library.cases.length).toBe(cases);
  });

  it("an expired or broken download is a clear message", async () => {
    const file = await server.serveFile(fixture("heading-styles.docx"), "a.docx");
    expect(await answer(fileMessageBody({ msgid: "up-5", userid: "bianji", botId: BOT_ID, url: `${file.url}-expired`, aeskey: file.aeskey }))).toBe("无法收录“文件”：文件下载失败，请稍后重新发送。");
  });

  it("a download over the size bound is stopped as it arrives, and named too large (not the SDK's uncapped download)", async () => {
    const cases = services.library.cases.length;
    const file = await server.serveFile(new Uint8Array(200 * 1024).fill(0x41), "大文件.txt");
    expect(await answer(fileMessageBody({ msgid: "up-6", userid: "bianji", botId: BOT_ID, ...file }))).toBe(
      "无法收录“文件”：文件超过 20 MB，无法收录。请拆分文档（Word、PDF 可先压缩其中的图片）后再发送。",
    );
    expect(services.library.cases.length).toBe(cases);
  });

  it("an editor's link in the single chat is fetched and added; anyone else's is refused without a download", async () => {
    const text = "# 白沙县人大工作简报\n\n## 沙洲镇人大主席团：“候鸟代表”回乡议事\n\n今年以来，沙洲镇人大主席团邀请在外务工的“候鸟代表”春节回乡期间参加议事会，收集意见建议52条。\n";
    const docs = await startDocServer({ "/a": (_req, res) => res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(text) });
    try {
      expect(await answer(textMessageBody({ msgid: "ln-1", userid: "lisi", content: docs.url("/a"), botId: BOT_ID }))).toBe("抱歉，只有编辑可以向案例库添加新闻稿。如需收录，请把文件交给编辑。");
      expect(docs.hits).toEqual([]);
      expect((await answer(textMessageBody({ msgid: "ln-2", userid: "bianji", content: docs.url("/a"), botId: BOT_ID }))).split("\n")[0]).toBe("**已收录《白沙县人大工作简报》**");
      expect(docs.hits).toEqual(["/a"]);
    } finally {
      await docs.close();
    }
  });
});
