import { Memory } from "lowdb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import offtopic from "./fixtures/offtopic-queries.json" with { type: "json" };
import { loadConfig } from "./support/config.ts";
import { FEEDBACK_TEXT } from "../src/messages/catalog.ts";
import { createLogger } from "../src/logger.ts";
import { startAibot, type RunningAibot } from "../src/platforms/wecom/aibot/bot.ts";
import { STATS_TEXT } from "../src/messages/catalog.ts";
import { openQuestionLog, type QuestionData, type QuestionLog } from "../src/store/question-log.ts";
import { testLibrary, testServices } from "./support/services.ts";
import { sentMarkdown, startFakeWecomServer, streamContent, textMessageBody, type FakeWecomServer, type RecordedFrame } from "./support/wecom-ws-server.ts";

const BOT_ID = "aib-stats-bot";
const SECRET = "s3cr3t-aibot-secret-value-stats-0001";
type Card = { task_id: string; main_title?: { desc?: string }; button_list: Array<{ text: string; key: string }> };

let server: FakeWecomServer;
let bot: RunningAibot;
let log: QuestionLog;
let n = 0;

beforeAll(async () => {
  server = await startFakeWecomServer({ botId: BOT_ID, secret: SECRET });
  log = await openQuestionLog({ adapter: new Memory<QuestionData>(), salt: "wecom-test-salt-0123", retentionDays: 180, timer: () => () => undefined });
  const services = testServices({ library: await testLibrary(), questions: log });
  const aibot = loadConfig({ CASEBOT_CONSOLE: "0", WECOM_BOT_ID: BOT_ID, WECOM_BOT_SECRET: SECRET, WECOM_WS_URL: server.url }).platforms.wecom?.aibot;
  if (!aibot) throw new Error("no AI-bot section");
  bot = await startAibot({ aibot, logger: createLogger("silent"), services, editors: ["editor1"], clientOptions: { reconnectInterval: 30, heartbeatInterval: 1000 }, authTimeoutMs: 3000 });
});
afterAll(async () => {
  await bot.stop();
  await server.close();
});

async function ask(content: string, userid = "zhangsan"): Promise<RecordedFrame> {
  const from = server.frames.length;
  const reqId = server.pushMessage(textMessageBody({ msgid: `m${++n}`, content, userid, botId: BOT_ID }));
  return server.waitForFrame((f) => f.reqId === reqId && f.cmd === "aibot_respond_msg", { from });
}

async function click(key: string, taskId: string, userid = "zhangsan"): Promise<RecordedFrame> {
  const from = server.frames.length;
  const reqId = server.pushEvent({ msgid: `e${++n}`, aibotid: BOT_ID, chattype: "single", from: { userid }, msgtype: "event", event: { eventtype: "template_card_event", event_key: key, task_id: taskId } });
  return server.waitForFrame((f) => f.reqId === reqId || (f.cmd === "aibot_send_msg" && f.body?.chatid === userid), { from });
}

describe("feedback and 统计 on the WeCom AI bot (long-connection stand-in)", () => {
  it("answer cards carry 👍/👎; a click updates the card for its user only, a second click changes the vote", async () => {
    const library = await testLibrary();
    const answer = await ask(library.cases[0]!.practices[0]!);
    const card = answer.body?.template_card as Card;
    const feedback = card.button_list.filter((b) => b.key.startsWith("feedback:"));
    expect(feedback.map((b) => b.text)).toEqual(["👍 有用", "👎 没用"]);
    const [up, down] = feedback.map((b) => b.key);

    const first = await click(up!, card.task_id);
    expect(first.cmd).toBe("aibot_respond_update_msg");
    expect(first.body?.userids).toEqual(["zhangsan"]);
    const updated = first.body?.template_card as Card;
    expect(updated.task_id).toBe(card.task_id);
    expect(updated.main_title?.desc).toBe(FEEDBACK_TEXT.thanks("👍 有用"));
    expect(updated.button_list.map((b) => b.text)).toEqual([...card.button_list.filter((b) => !b.key.startsWith("feedback:")).map((b) => b.text), "👍 有用 ✓", "👎 没用"]);

    const second = await click(down!, card.task_id);
    const reasons = second.body?.template_card as Card;
    expect(reasons.main_title?.desc).toBe(`${FEEDBACK_TEXT.changed("👎 没用")}。哪里没帮上忙？`);
    expect(reasons.button_list.slice(-3).map((b) => b.text)).toEqual(["答非所问", "信息过时", "其他"]);
    await click(reasons.button_list.at(-1)!.key, card.task_id);

    const entry = log.entries().find((e) => e.question === library.cases[0]!.practices[0]);
    expect(Object.values(entry?.votes ?? {}).map((v) => [v.vote, v.reason])).toEqual([["down", "other"]]);
    expect(JSON.stringify(log.entries())).not.toContain("zhangsan");
  });

  it("a click on a card this process did not send (after a restart) is recorded and acknowledged by message", async () => {
    const library = await testLibrary();
    const answer = await ask(library.cases[1]!.practices[0]!);
    const key = (answer.body?.template_card as Card).button_list.find((b) => b.key.endsWith(":up"))!.key;
    const ack = await click(key, "casebot_unknown_task", "lisi");
    expect(ack.cmd).toBe("aibot_send_msg");
    expect(sentMarkdown(ack)).toBe(FEEDBACK_TEXT.thanks("👍 有用"));
  });

  it("no feedback on a no-match reply; 统计 is refused to non-editors and counts for an editor", async () => {
    const nomatch = await ask(offtopic.queries[3]!);
    expect(JSON.stringify(nomatch.body?.template_card ?? {})).not.toContain("feedback:");
    expect(streamContent(await ask("统计"))).toBe(STATS_TEXT.notEditor);
    const stats = streamContent(await ask("统计", "editor1"));
    expect(stats).toContain("**提问 3 次**：找到答案 2（67%），没有找到 1（33%）\n\n反馈：👍 1 · 👎 1（其他 1）");
  });
});
