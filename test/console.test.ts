// @module-tag slow (npm test leaves it out; npm run test:full and CI run it): each test starts `npm start` as a process
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { runToEnd, spawnApp, tempDataDir } from "./support/spawn-app.ts";

// Two independent processes: started side by side.
describe.concurrent("npm start with no tokens: the console chat", () => {
  it("answers each piped line, then exits 0, and shows only the conversation", async ({ expect }) => {
    const dataDir = tempDataDir();
    // The default log level (info): start-up and shutdown lines stay out of the conversation.
    const out = await runToEnd(spawnApp({ DATA_DIR: dataDir, LOG_LEVEL: "info" }), "逢6进站\n\n帮助\n");
    expect(out.code).toBe(0);
    expect(out.stderr).toBe("");
    expect(out.stdout).not.toContain('{"level"');
    const answers = out.stdout.trim().split(/\n\n(?=【)/);
    expect(answers[0]).toContain("大祥区城北路街道人大工委");
    expect(out.stdout).toContain("案例通 · 使用说明");
    // Piped input is not a terminal: no banner, no prompt noise in the output.
    expect(out.stdout).not.toContain("你> ");
    // The console's help speaks to the person at the terminal, not to a group.
    const help = out.stdout.slice(out.stdout.indexOf("案例通 · 使用说明"));
    expect(help).not.toMatch(/在群里|本群|@我|群里仅管理员/);
    expect(help).toContain("订阅 或 /subscribe [周一 09:00 | cron 表达式] — 订阅每周案例推送\n");
  });

  it("with LOG_FILE, every log line goes to the file and none to the terminal", async ({ expect }) => {
    const dataDir = tempDataDir();
    const file = join(dataDir, "logs", "casebot.log");
    const out = await runToEnd(spawnApp({ DATA_DIR: dataDir, LOG_LEVEL: "info", LOG_FILE: file }), "逢6进站\n");
    expect(out.code).toBe(0);
    expect(out.stderr).toBe("");
    const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(["corpus loaded", "shutting down"]));
  });

  it("stops with the variable to fix when the environment is wrong", async ({ expect }) => {
    const out = await runToEnd(spawnApp({ BOT_TOKEN: "not-a-token" }));
    expect(out.code).toBe(78);
    expect(out.stderr).toContain("BOT_TOKEN: must look like 123456789:AA…");
    expect(out.stderr).not.toContain("not-a-token");
  });
});
