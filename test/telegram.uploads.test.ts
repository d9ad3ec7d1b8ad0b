/**
 * Editors' uploads end to end over HTTP: the real bot (startTelegram, long polling through the
 * runner) against the local Bot API server, which serves getFile and /file/bot<token>/<path>.
 * The library is live: after an upload another user's question is answered from it.
 */
import { readdir, rm } from "node:fs/promises";
import { Writable } from "node:stream";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";
import type { TelegramPlatform } from "../src/platforms/telegram/index.ts";
import { startEditorTelegram } from "./support/editor-bots.ts";
import { startBotApiServer, type BotApiServer, type Payload } from "./support/bot-api-server.ts";
import { startDocServer } from "./support/doc-server.ts";
import { liveTestServices, type LiveTestServices } from "./support/live-services.ts";
import { keyboardOf, visible } from "./support/telegram-harness.ts";
import { OTHER_USER, PRIVATE_USER, SUPERGROUP, callbackUpdate, documentUpdate, inlineUpdate, textUpdate } from "./support/telegram-updates.ts";

const NOW = new Date("2026-03-02T09:30:00.000Z");
/** An invented newsletter in plain text (no extractor to load; the WeCom test sends a Word file). */
const NEWSLETTER = new TextEncoder().encode(
  "# 白沙县人大工作简报（第5期）\n\n## 沙洲镇人大主席团：“候鸟代表”回乡议事\n\n今年以来，沙洲镇人大主席团邀请在外务工的“候鸟代表”春节回乡期间参加议事会，收集意见建议52条，已办结47条。\n\n" +
    "## 石门街道人大工委：“楼栋议事会”解决停车难\n\n石门街道人大工委在12个小区推行“楼栋议事会”，居民代表和物业共同商议，新增停车位340个。\n",
);
const QUESTION = "候鸟代表回乡议事是怎么做的？";
const EDITOR = PRIVATE_USER;

let api: BotApiServer;
let services: LiveTestServices;
let bot: TelegramPlatform;
let sent = 0;
const logLines: string[] = [];

/** The next message the bot sends to `chatId` after everything seen so far. */
async function nextTo(chatId: number): Promise<Payload> {
  const call = await api.waitForCall("sendMessage", undefined, { skip: sent });
  sent++;
  expect(call.payload.chat_id).toBe(chatId);
  return call.payload;
}
const articles = () => readdir(join(services.dataDir, "articles"));

beforeAll(async () => {
  api = await startBotApiServer();
  services = await liveTestServices({ now: () => NOW });
  const logger = createLogger("debug", new Writable({ write: (chunk: Buffer, _enc, cb) => (logLines.push(chunk.toString()), cb()) }));
  bot = await startEditorTelegram(api, services, { editorId: EDITOR.id, now: () => NOW, logger });
});
afterAll(async () => {
  await bot.stop();
  await api.close();
  await rm(services.dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  sent = api.callsTo("sendMessage").length;
});

describe("a newsletter sent to the bot on Telegram", () => {
  it("an editor's file is downloaded, reported with its units and 撤销, and answers another user's question at once", async () => {
    const file = api.addFile(NEWSLETTER);
    api.pushUpdate(documentUpdate(file, { fileName: "第5期简报.md", from: EDITOR }) as never);
    const report = await nextTo(EDITOR.id);
    expect(visible(report)).toBe(
      [
        "已收录《白沙县人大工作简报（第5期）》",
        "文件：第5期简报.md · 日期：文中未写日期（排在有日期的新闻稿之后）",
        "识别出 2 个单位（方括号里是段落编号）：",
        "• 沙洲镇人大主席团（乡镇）：“候鸟代表”回乡议事\n[1] 今年以来，沙洲镇人大主席团邀请在外务工的…",
        "• 石门街道人大工委（街道）：“楼栋议事会”解决停车难\n[2] 石门街道人大工委在12个小区推行“楼栋议…",
        "现在就可以提问了。",
        "识别有误可以更正，例如：/correct 第5期简报_md 移动 <段落编号> <单位>；/correct 第5期简报_md 改名 <单位> <新名称>。发送“/correct”查看全部写法。",
      ].join("\n\n"),
    );
    expect(keyboardOf(report)).toEqual([[{ text: "撤销", callback_data: "c:remove:第5期简报_md" }]]);
    expect(api.downloads).toEqual(["documents/file_1"]);

    api.pushUpdate(textUpdate(QUESTION, { from: OTHER_USER, chat: { id: OTHER_USER.id, type: "private" } }) as never);
    expect(visible(await nextTo(OTHER_USER.id))).toMatch(/^沙洲镇人大主席团 · /);
    // Inline mode reads the same live library.
    api.pushUpdate(inlineUpdate("候鸟代表", OTHER_USER) as never);
    const inline = await api.waitForCall("answerInlineQuery", undefined, { skip: api.callsTo("answerInlineQuery").length });
    expect((inline.payload.results as Array<{ title: string }>)[0]?.title).toBe("沙洲镇人大主席团 · “候鸟代表”回乡议事");

    api.pushUpdate(callbackUpdate("c:remove:第5期简报_md", { message_id: 1, chat: { id: EDITOR.id, type: "private" }, date: 0, text: "x" }, EDITOR) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe("已从案例库删除《白沙县人大工作简报（第5期）》（第5期简报.md）。原文件已移入数据目录的 removed 文件夹，可以恢复。");
    expect(await articles()).toEqual(["000_69318127c2583019.txt"]);
    api.pushUpdate(textUpdate(QUESTION, { from: OTHER_USER, chat: { id: OTHER_USER.id, type: "private" } }) as never);
    expect(visible(await nextTo(OTHER_USER.id))).not.toMatch(/^沙洲镇人大主席团/);
  });

  it("refuses a non-editor politely without downloading anything", async () => {
    const before = api.counts.get("getFile") ?? 0;
    const file = api.addFile(NEWSLETTER);
    api.pushUpdate(documentUpdate(file, { fileName: "a.md", from: OTHER_USER, chat: { id: OTHER_USER.id, type: "private" } }) as never);
    expect(visible(await nextTo(OTHER_USER.id))).toBe("抱歉，只有编辑可以向案例库添加新闻稿。如需收录，请把文件交给编辑。");
    expect(api.counts.get("getFile") ?? 0).toBe(before);
    expect(api.downloads).not.toContain("documents/file_2");
  });

  it("takes no file in a group; an @-mention with one is told to send it privately", async () => {
    const before = api.counts.get("getFile") ?? 0;
    const file = api.addFile(NEWSLETTER);
    api.pushUpdate(documentUpdate(file, { fileName: "a.md", from: EDITOR, chat: SUPERGROUP }) as never);
    api.pushUpdate(documentUpdate(file, { fileName: "a.md", from: EDITOR, chat: SUPERGROUP, caption: `@${api.botInfo.username} 收录` }) as never);
    expect(visible(await nextTo(SUPERGROUP.id))).toBe("请在与我的私聊（单聊）中发送文件；群聊里的文件不会收录。");
    await api.waitForConfirmed();
    expect(api.callsTo("sendMessage").length).toBe(sent);
    expect(api.counts.get("getFile") ?? 0).toBe(before);
  });

  it("unsupported, too big and broken files get a clear message and leave the library as it was", async () => {
    const cases = services.library.cases.length;
    const getFiles = api.counts.get("getFile") ?? 0;
    const sheet = api.addFile(new Uint8Array([1, 2, 3]));
    api.pushUpdate(documentUpdate(sheet, { fileName: "统计表.xlsx", from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe("无法收录“统计表.xlsx”：暂不支持 .xlsx 文件。请发送 Word 文档（.docx）、PDF、网页（.html）或纯文本（.txt、.md）文件。");
    api.pushUpdate(documentUpdate(sheet, { fileName: "旧简报.doc", from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe("无法收录“旧简报.doc”：这是旧版 Word（.doc）格式的文件，无法读取。请在 Word 或 WPS 中另存为 .docx 后再发送。");
    const big = api.addFile(new Uint8Array([1]), { size: 25 * 1024 * 1024 });
    api.pushUpdate(documentUpdate(big, { fileName: "大文件.pdf", from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe("无法收录“大文件.pdf”：文件超过 20 MB，无法收录。请压缩其中的图片或拆分文档后再发送。");
    expect(api.counts.get("getFile") ?? 0).toBe(getFiles);
    const broken = api.addFile(new TextEncoder().encode("这不是 Word 文档"));
    api.pushUpdate(documentUpdate(broken, { fileName: "坏.docx", from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe("无法收录“坏.docx”：这个文件名为 .docx，但内容不是 Word 文档。请确认文件后重新发送。");
    expect(await articles()).toEqual(["000_69318127c2583019.txt"]);
    expect(services.library.cases.length).toBe(cases);
  });

  it("an editor's link is fetched and added; /documents lists the library for editors only", async () => {
    // Signed with a date: the list puts it before the undated bundled newsletter.
    const signed = Buffer.concat([NEWSLETTER, new TextEncoder().encode("\n白沙县人大常委会办公室\n2026年2月28日\n")]);
    const docs = await startDocServer({ "/s/page": (_req, res) => res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end(signed) });
    const other = { id: OTHER_USER.id, type: "private" as const };
    try {
      api.pushUpdate(textUpdate(docs.url("/s/page"), { from: OTHER_USER, chat: other }) as never);
      expect(visible(await nextTo(OTHER_USER.id))).toBe("抱歉，只有编辑可以向案例库添加新闻稿。如需收录，请把文件交给编辑。");
      expect(docs.hits).toEqual([]);
      api.pushUpdate(textUpdate(docs.url("/s/page"), { from: EDITOR }) as never);
      expect(visible(await nextTo(EDITOR.id)).split("\n")[0]).toBe("已收录《白沙县人大工作简报（第5期）》");
      expect(docs.hits).toEqual(["/s/page"]);
    } finally {
      await docs.close();
    }
    api.pushUpdate(textUpdate("/documents", { from: EDITOR }) as never);
    const bundled = services.library.article("000_69318127c2583019");
    expect(visible(await nextTo(EDITOR.id))).toBe(
      [
        "案例库共 2 篇新闻稿，8 个案例",
        // Newest first; the bundled newsletter carries no date, so it comes last, undated.
        `• 2026-02-28 《白沙县人大工作简报（第5期）》 · 2 个案例 · page\n• 未注明日期 《${bundled?.title}》 · 6 个案例 · 000_69318127c2583019`,
        "删除一篇：/remove <编号>。查看或更正识别结果：/correct <编号>。添加：在私聊中把文件（.docx .pdf .html .txt .md，20 MB 以内）发给我。",
      ].join("\n\n"),
    );
    api.pushUpdate(textUpdate("/documents", { from: OTHER_USER, chat: other }) as never);
    expect(visible(await nextTo(OTHER_USER.id))).toBe("抱歉，只有编辑可以查看和管理收录的新闻稿。");
    // Not in a group, even an editor's: the group would read every file name (issue 17, defect 11).
    api.pushUpdate(textUpdate("/documents", { from: EDITOR, chat: SUPERGROUP }) as never);
    expect(visible(await nextTo(SUPERGROUP.id))).toBe("新闻稿列表请在与我的私聊中查看：群里的其他成员不需要看到案例库的全部文件和隔离原因。");
    api.pushUpdate(textUpdate("/help", { from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toContain("/documents — （编辑）列出收录的新闻稿、日期和案例数");
    api.pushUpdate(textUpdate("/help", { from: OTHER_USER, chat: other }) as never);
    expect(visible(await nextTo(OTHER_USER.id))).not.toContain("/documents");
  });

  // Last: it replaces getFile for the rest of the file.
  it("a failed download is a clear message, and the log never holds the file URL (it carries the token)", async () => {
    api.onMethod("getFile", (p) => ({ result: { file_id: String(p.file_id), file_unique_id: "u", file_size: 10, file_path: "documents/gone" } }));
    api.pushUpdate(documentUpdate({ file_id: "f-gone", file_unique_id: "u-gone", file_size: 10 }, { fileName: "简报.pdf", from: EDITOR }) as never);
    expect(visible(await nextTo(EDITOR.id))).toBe("无法收录“简报.pdf”：文件下载失败，请稍后重新发送。");
    expect(logLines.join("")).toContain("file download: HTTP 404");
    expect(logLines.join("")).not.toContain(api.token.split(":")[1]);
  });
});
