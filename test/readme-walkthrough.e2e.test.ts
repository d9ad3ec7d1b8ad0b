// @module-tag slow (npm test leaves it out; npm run test:full and CI run it): the bot runs as a process, started as `npm start` starts it
/**
 * README → "Deploy on Telegram", followed step by step by a new user who has a token, against the
 * local Bot API stand-in instead of api.telegram.org. What differs from the README, and why:
 * - `.env` is a copy of `.env.example` in a temporary directory (CASEBOT_ENV_FILE names it), so a
 *   developer's own `.env` is neither read nor overwritten;
 * - the copy gains one line, TELEGRAM_API_ROOT, the stand-in's address;
 * - DATA_DIR is set in the environment (a copy of the bundled data): `.env.example` says `data`,
 *   the repository's own directory, and the README says the environment wins over `.env`.
 * The steps taken by hand on the same stand-in are in docs/operators.md ("Walkthrough checked").
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIGEST_TEXT } from "../src/messages/catalog.ts";
import { startBotApiServer, type BotApiServer, type Payload } from "./support/bot-api-server.ts";
import { ROOT, runToEnd, tempDataDir, type Finished } from "./support/spawn-app.ts";
import { parseTelegramHtml } from "./support/telegram-html.ts";
import { OTHER_USER, SUPERGROUP, botMessage, memberUpdate, textUpdate } from "./support/telegram-updates.ts";

const shown = (p: Payload) => parseTelegramHtml(String(p.text)).text;
const inGroup = (p: Payload) => p.chat_id === SUPERGROUP.id;

describe("README: Deploy on Telegram, step by step", () => {
  let api: BotApiServer;
  let dataDir: string;
  let finished: Promise<Finished>;
  let child: ChildProcess;

  beforeAll(async () => {
    api = await startBotApiServer();
    dataDir = tempDataDir();
    // Step 2: `cp .env.example .env`, then BOT_TOKEN=<the token BotFather gave> in it.
    const example = readFileSync(join(ROOT, ".env.example"), "utf8");
    expect(example).toMatch(/^BOT_TOKEN=$/m);
    const envFile = join(dataDir, ".env");
    writeFileSync(envFile, `${example.replace(/^BOT_TOKEN=$/m, `BOT_TOKEN=${api.token}`)}\nTELEGRAM_API_ROOT=${api.apiRoot}\n`);
    // Step 3: `npm start` (its script, run directly), with nothing else set: LOG_LEVEL comes from .env too.
    const env = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", CASEBOT_ENV_FILE: envFile, DATA_DIR: dataDir };
    child = spawn(process.execPath, ["--import", "tsx/esm", "src/main.ts"], { cwd: ROOT, env, stdio: ["pipe", "pipe", "pipe"] });
    finished = runToEnd(child);
    await api.waitForPolling(30_000);
  }, 40_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await api.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts on the token from .env, publishes its command menu and long-polls", async () => {
    const menu = (await api.waitForCall("setMyCommands")).payload.commands as Array<{ command: string }>;
    expect(menu.map((c) => c.command)).toEqual(expect.arrayContaining(["ask", "case", "units", "random", "help", "subscribe"]));
    expect(api.callsTo("getMe")).toHaveLength(1);
  });

  it("step 4: greets the group it is added to with two example questions, and answers an @mention and a reply", async () => {
    api.pushUpdate(memberUpdate(SUPERGROUP, "left", "member") as never);
    const hello = shown((await api.waitForCall("sendMessage", inGroup)).payload);
    expect(hello.split("\n")[0]).toBe("大家好，我是案例通");
    expect(hello.split("\n").filter((l) => l.startsWith(`@${api.botInfo.username} `))).toHaveLength(2);

    const question = textUpdate(`@${api.botInfo.username} 联络站怎么建？`, { chat: SUPERGROUP, from: OTHER_USER });
    api.pushUpdate(question as never);
    const answer = await api.waitForCall("sendMessage", (p) => inGroup(p) && p.reply_parameters !== undefined);
    expect(answer.payload.reply_parameters).toMatchObject({ message_id: question.message?.message_id });
    // A Telegram answer opens with "unit · headline" and names its source.
    expect(shown(answer.payload).split("\n")[0]).toMatch(/^城步苗族自治县人大常委会 · /);
    expect(shown(answer.payload)).toContain("来源：");

    // Replying to one of its answers asks it again, without an @mention.
    const sent = (answer.response as { result: { message_id: number } }).result.message_id;
    const followUp = textUpdate("逢6进站", { chat: SUPERGROUP, from: OTHER_USER, replyTo: botMessage(shown(answer.payload), SUPERGROUP, sent) });
    api.pushUpdate(followUp as never);
    const second = await api.waitForCall("sendMessage", (p) => inGroup(p) && (p.reply_parameters as { message_id?: number } | undefined)?.message_id === followUp.message?.message_id);
    expect(shown(second.payload)).toContain("逢6进站");
  });

  it("step 5: a group admin's /subscribe subscribes the group to the weekly case", async () => {
    api.setMemberStatus(SUPERGROUP.id, OTHER_USER.id, "administrator");
    api.pushUpdate(textUpdate("/subscribe", { chat: SUPERGROUP, from: OTHER_USER }) as never);
    const done = await api.waitForCall("sendMessage", (p) => inGroup(p) && shown(p).startsWith(DIGEST_TEXT.change.created));
    expect(shown(done.payload)).toContain("推送时间：每周一 09:00（Asia/Shanghai）");
  });

  it("stops cleanly on SIGTERM; the log said it was long polling and never showed the token", async () => {
    child.kill("SIGTERM");
    const out = await finished;
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('"msg":"telegram: long polling"');
    expect(out.stderr).not.toContain(api.token);
    expect(out.stdout).not.toContain("案例通 · 控制台对话");
  });
});
