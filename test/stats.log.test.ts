import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Memory } from "lowdb";
import { describe, expect, it } from "vitest";
import { Readable, Writable } from "node:stream";
import { openQuestions } from "../src/app/start.ts";
import { runCli } from "../src/cli.ts";
import { normalizeQuestion } from "../src/stats/log-question.ts";
import { loadConfig } from "./support/config.ts";
import { createLogger } from "../src/logger.ts";
import { openQuestionLogFile } from "../src/store/question-log-file.ts";
import { openQuestionLog, type QuestionData } from "../src/store/question-log.ts";

const silent = createLogger("silent");
const DAY = 86_400_000;
const q = (question: string, hits = 1) => ({ platform: "telegram", chatId: "42", chat: "private" as const, question, hits, top: hits ? { caseId: "c1", score: 0.91234 } : undefined });

/** A timer that fires only when told to: group commit without waiting for wall time. */
function manualTimer() {
  const pending: Array<() => void> = [];
  return { timer: (fn: () => void) => (pending.push(fn), () => void pending.splice(pending.indexOf(fn), 1)), fire: () => pending.splice(0).forEach((f) => f()), pending };
}

describe("the question log (lowdb, explicit adapter)", () => {
  it("batches writes: many records share one write, none before the timer fires", async () => {
    const adapter = new Memory<QuestionData>();
    let writes = 0;
    const write = adapter.write.bind(adapter);
    adapter.write = async (d) => void (writes++, await write(d));
    const t = manualTimer();
    const log = await openQuestionLog({ adapter, salt: "salt-salt-salt-salt", retentionDays: 180, timer: t.timer });
    for (let i = 0; i < 50; i++) log.record(q(`问题${i}`));
    expect(writes).toBe(0);
    expect(t.pending).toHaveLength(1);
    t.fire();
    await log.flush();
    expect(writes).toBe(1);
    expect((await adapter.read())?.entries).toHaveLength(50);
  });

  it("survives a restart: entries, votes and the salt (a second press is still the same user)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casebot-qlog-"));
    const stats = loadConfig({ DATA_DIR: dir }).stats;
    const first = await openQuestionLogFile(stats, silent);
    const id = first.record(q("联络站怎么建"));
    first.vote(id, { platform: "telegram", id: "7" }, "up");
    await first.stop();
    expect((await readdir(dir)).sort()).toEqual(["questions.json", "stats.salt"]);

    const second = await openQuestionLogFile(stats, silent);
    expect(second.entries().map((e) => [e.question, e.hits, e.top])).toEqual([["联络站怎么建", 1, { caseId: "c1", score: 0.912 }]]);
    expect(second.vote(id, { platform: "telegram", id: "7" }, "down")?.change).toBe("changed");
    expect(Object.keys(second.entries()[0]?.votes ?? {})).toHaveLength(1);
    const file = await readFile(join(dir, "questions.json"), "utf8");
    expect(file).not.toContain('"42"');
    expect(file).not.toContain('"7"');
  });

  it("a process killed between batches leaves a journal that the next start replays (a torn last line skipped)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casebot-qlog-"));
    const stats = loadConfig({ DATA_DIR: dir }).stats;
    const t = manualTimer();
    const first = await openQuestionLogFile(stats, silent, { timer: t.timer });
    const id = first.record(q("第一问"));
    t.fire();
    await first.flush();
    first.vote(id, { platform: "wecom", id: "u1" }, "off-topic");
    first.record(q("第二问", 0));
    t.fire();
    await first.flush();
    // No stop(): the snapshot was never rewritten, everything is in the journal.
    expect(await readFile(join(dir, "questions.json"), "utf8").catch(() => "")).toBe("");
    await writeFile(join(dir, "questions.json.journal"), '{"op":"q","e":{"id":"tor', { flag: "a" });
    const second = await openQuestionLogFile(stats, silent, { timer: manualTimer().timer });
    expect(second.entries().map((e) => [e.question, Object.values(e.votes ?? {}).map((v) => v.reason)])).toEqual([
      ["第一问", ["off-topic"]],
      ["第二问", []],
    ]);
    await second.flush();
    expect(await readFile(join(dir, "questions.json.journal"), "utf8")).toBe("");
  });

  it("drops entries older than STATS_RETENTION_DAYS, in memory and on disk", async () => {
    const clock = { t: Date.parse("2026-01-01T00:00:00Z") };
    const adapter = new Memory<QuestionData>();
    const log = await openQuestionLog({ adapter, salt: "salt-salt-salt-salt", retentionDays: 30, now: () => new Date(clock.t), timer: manualTimer().timer });
    log.record(q("旧问题"));
    clock.t += 20 * DAY;
    log.record(q("新问题"));
    clock.t += 11 * DAY;
    expect(log.entries().map((e) => e.question)).toEqual(["新问题"]);
    await log.flush();
    expect((await adapter.read())?.entries.map((e) => e.question)).toEqual(["新问题"]);
    // Reopened after both expired: nothing is left.
    clock.t += 30 * DAY;
    const reopened = await openQuestionLog({ adapter, salt: "salt-salt-salt-salt", retentionDays: 30, now: () => new Date(clock.t), timer: manualTimer().timer });
    expect(reopened.entries()).toEqual([]);
  });

  it("a file that does not parse is moved aside and a new log starts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casebot-qlog-"));
    await writeFile(join(dir, "questions.json"), "{ not json");
    const log = await openQuestionLogFile(loadConfig({ DATA_DIR: dir, STATS_SALT: "0123456789abcdef0123" }).stats, silent);
    expect(log.entries()).toEqual([]);
    expect((await readdir(dir)).some((f) => f.startsWith("questions.json.corrupt-"))).toBe(true);
  });

  it("STATS=off writes nothing: no log is opened, no salt is made (answers then carry no buttons: stats.telegram.test.ts)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casebot-qlog-"));
    expect(await openQuestions(loadConfig({ DATA_DIR: dir, STATS: "off" }), silent, {})).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
    const on = await openQuestions(loadConfig({ DATA_DIR: dir }), silent, {});
    on?.record(q("联络站"));
    await on?.stop();
    expect((await readdir(dir)).sort()).toEqual(["questions.json", "stats.salt"]);
  });

  it("cli stats --json: the same figures from the file, read-only; a bad --days is a usage error", async () => {
    const dir = await mkdtemp(join(tmpdir(), "casebot-qlog-"));
    const log = await openQuestionLogFile(loadConfig({ DATA_DIR: dir }).stats, silent);
    for (const [text, hits] of [["甲问题", 1], ["乙问题", 0], ["乙问题", 0]] as const) log.record(q(text, hits));
    await log.stop();
    const before = await readFile(join(dir, "questions.json"), "utf8");
    const run = async (argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const sink = (into: string[]) => new Writable({ write: (c: Buffer, _e, cb) => void (into.push(c.toString()), cb()) });
      const code = await runCli(argv, { stdin: Readable.from([]), stdout: sink(out), stderr: sink(err), env: { DATA_DIR: dir, LOG_LEVEL: "silent" } });
      return { code, out: out.join(""), err: err.join("") };
    };
    const { code, out } = await run(["stats", "--days", "30", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as { total: number; answered: number; topUnanswered: unknown; cases: unknown };
    expect(report).toMatchObject({ days: 30, total: 3, answered: 1, topUnanswered: [{ question: "乙问题", count: 2 }], cases: [{ caseId: "c1", shown: 1, title: null }] });
    expect(await readFile(join(dir, "questions.json"), "utf8")).toBe(before);
    expect(await run(["stats", "--days", "0"])).toMatchObject({ code: 2, err: expect.stringContaining("usage: npm run -s cli -- stats") });
  });

  it("logs the question normalised, with phone/id numbers, e-mail addresses and links masked", () => {
    expect(normalizeQuestion("  我的電話13812345678，聯絡站怎麼建？ ")).toBe("我的电话*,联络站怎么建");
    expect(normalizeQuestion("发到 a.b@example.com，看 https://example.com/x 这个")).toBe("发到 *,看 * 这个");
    expect(normalizeQuestion("２０２３-２０２５年经费１ ０００万元")).toBe("2023-2025年经费1 000万元");
  });

  it("validates STATS and STATS_RETENTION_DAYS with the variable's name", () => {
    expect(() => loadConfig({ STATS: "maybe" })).toThrow(/STATS: /);
    expect(() => loadConfig({ STATS_RETENTION_DAYS: "0" })).toThrow(/STATS_RETENTION_DAYS: /);
    expect(() => loadConfig({ STATS_SALT: "short" })).toThrow(/STATS_SALT: must be at least 16 characters/);
    expect(loadConfig({}).stats).toMatchObject({ enabled: true, retentionDays: 180 });
  });
});
