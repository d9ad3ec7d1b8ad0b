import { PassThrough, Readable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { runCli } from "../src/cli.ts";
import { createLogger } from "../src/logger.ts";
import { runConsole } from "../src/platforms/console/console.ts";
import { createWebhookService } from "../src/platforms/wecom/webhook/service.ts";
import { memoryStateStore } from "../src/store/state-store.ts";
import { renderKeyboard } from "../src/platforms/telegram/render.ts";
import { TEST_BOT_INFO } from "./support/bot-api-server.ts";
import { createHarness, testLibrary } from "./support/telegram-harness.ts";
import { testServices } from "./support/services.ts";
import { OTHER_USER, SUPERGROUP, textUpdate } from "./support/telegram-updates.ts";

const silent = createLogger("silent");

/** Runs the CLI in-process over the given stdin text; resolves to stdout. */
async function cli(argv: string[], stdin: string): Promise<string> {
  const stdout = new PassThrough();
  let out = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  await runCli(argv, { stdin: Readable.from([Buffer.from(stdin)]), stdout, stderr: new PassThrough(), env: { ...process.env, LOG_LEVEL: "silent" } });
  return out;
}

describe("rough edges (issue 11, defect 10)", () => {
  it("cli ask --json: a bare \\r inside a line stays in that line — one JSON object per input line", async () => {
    const out = await cli(["ask", "--json"], "联络站\r进集市\n监督\r\n");
    const lines = out.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect((JSON.parse(lines[0]!) as { query: string }).query).toContain("进集市");
    expect((JSON.parse(lines[1]!) as { query: string }).query).toBe("监督");
  });

  it("推送群 添加 and 删除 of the same robot at once: neither throws", async () => {
    const svc = createWebhookService({ store: memoryStateStore(), logger: silent, maxFailures: 3 });
    const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    const [added, removed] = await Promise.all([svc.add("研究室", url), svc.remove("研究室")]);
    expect(added.webhook.name).toBe("研究室");
    expect(removed).toBe(true);
    expect(svc.list()).toEqual([]);
  });
});

describe("Telegram rough edges (issue 11, defect 10)", () => {
  const LONE = /\p{Cs}/u;

  it("invalid entity offsets and lone surrogates in the text never put a lone surrogate into a reply", async () => {
    const h = await createHarness();
    const bot = `@${TEST_BOT_INFO.username}`;
    const cut = textUpdate(`😀${bot} 😀监督`, { chat: SUPERGROUP, from: OTHER_USER, entities: false }) as unknown as { message: Record<string, unknown> };
    // A mention range that starts inside the emoji's surrogate pair and runs past the end.
    cut.message.entities = [{ type: "mention", offset: 1, length: bot.length }, { type: "bold", offset: 3, length: 999 }];
    await h.send(cut as never);
    await h.send(textUpdate("\uD83D监督\uDE00"));
    await h.send(textUpdate(`${"😀".repeat(3)}\uDC00`, { entities: false }));
    const texts = h.callsTo("sendMessage").map((c) => String(c.payload.text));
    expect(texts.length).toBeGreaterThanOrEqual(2);
    for (const t of texts) expect(LONE.test(t)).toBe(false);
  });

  it("share buttons carry at most 256 UTF-16 units of switch_inline_query, never half an emoji", () => {
    const markup = renderKeyboard([[{ label: "转发", action: { type: "share", caseId: "x", query: "😀".repeat(200) } }]]);
    const q = markup?.inline_keyboard[0]?.[0] as { switch_inline_query: string };
    expect(q.switch_inline_query.length).toBeLessThanOrEqual(256);
    expect(q.switch_inline_query.length).toBe(256);
    expect(LONE.test(q.switch_inline_query)).toBe(false);
    const odd = renderKeyboard([[{ label: "转发", action: { type: "share", caseId: "x", query: "a" + "😀".repeat(200) } }]]);
    const q2 = (odd?.inline_keyboard[0]?.[0] as { switch_inline_query: string }).switch_inline_query;
    expect(q2.length).toBe(255);
    expect(LONE.test(q2)).toBe(false);
  });

  it("unknown slash commands are answered 未知命令 plus the help, not searched", async () => {
    const h = await createHarness();
    await h.send(textUpdate("/foo"));
    await h.send(textUpdate("/statistics 本周"));
    expect(h.asked).toEqual([]);
    const texts = h.sentTexts();
    expect(texts[0]?.startsWith("未知命令：/foo\n")).toBe(true);
    expect(texts[1]?.startsWith("未知命令：/statistics\n")).toBe(true);
    expect(texts[0]).toContain("/help");
    // A path or a slash that is not a command word is still a question.
    await h.send(textUpdate("/ 联络站"));
    expect(h.asked).toEqual(["/ 联络站"]);
  });
});

describe("console rough edges (issue 11, defect 10)", () => {
  it("a log line written while the 你> prompt shows goes around the prompt, not into it", async () => {
    const services = testServices({ library: await testLibrary() });
    const input = new PassThrough();
    const terminal = new PassThrough();
    let screen = "";
    terminal.on("data", (d: Buffer) => (screen += d.toString()));
    // Logs and the chat share one terminal, as stderr and stdout do.
    const logger = createLogger("info", { write: (s: string) => void terminal.write(s) });
    const done = runConsole({ services, logger, input, output: terminal, interactive: true, banner: "banner" });
    await vi.waitFor(() => expect(screen).toContain("你> "));
    input.write("联络");
    logger.warn("digest: something to say");
    input.end();
    await done;
    expect(screen).not.toMatch(/你> (联络)?\{/);
    const at = screen.indexOf('{"level":"warn"');
    expect(screen.slice(at).split("\n")[1]).toContain("你> 联络");
  });
});
